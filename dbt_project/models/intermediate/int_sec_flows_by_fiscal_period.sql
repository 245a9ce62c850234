{{ config(materialized='table') }}
-- A table, not a view: it calls the warehouse's period functions (ingest/warehouse/functions.py),
-- which a reader of the published warehouse does not have.
-- Fiscal position of each flow figure: fiscal year, and how many quarters it covers from the
-- start of that year. 10-Q cash-flow figures are year-to-date, so a 6-month figure ending in Q2
-- covers quarters 1-2. Among tags of one metric the highest-priority tag with data wins.
with chosen as (
    select *
    from {{ ref('int_sec_facts_deduped') }}
    qualify
        row_number() over (
            partition by sec_cik, metric, period_start_date, period_end_date
            order by tag_priority
        ) = 1
),

positioned as (
    select
        *,
        -- Ten days of slack: 52/53-week years (Nvidia) end a few days either side of a month end.
        fiscal_year_of(cast(period_end_date - interval 10 day as date), fiscal_year_end_month) as fiscal_year,
        cast(round(duration_days / 30.44) as integer) as months_covered
    from chosen
)

select
    *,
    fiscal_year_start_date(fiscal_year, fiscal_year_end_month) as fiscal_year_start_date,
    cast(
        round(
            date_diff(
                'day', fiscal_year_start_date(fiscal_year, fiscal_year_end_month), period_end_date + interval 1 day
            )
            / 91.31
        ) as integer
    ) as quarter_index,
    abs(date_diff('day', fiscal_year_start_date(fiscal_year, fiscal_year_end_month), period_start_date))
    <= 10 as starts_at_fiscal_year_start
from positioned
where months_covered in (3, 6, 9, 12)
