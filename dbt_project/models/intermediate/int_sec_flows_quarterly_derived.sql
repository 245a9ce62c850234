{{ config(materialized='table') }}
-- A table, not a view: it calls the warehouse's period functions (ingest/warehouse/functions.py),
-- which a reader of the published warehouse does not have.
-- Discrete fiscal quarters and fiscal years from filings. 10-Q figures are year-to-date:
-- Q2 = 6M - 3M, Q3 = 9M - 6M, Q4 = FY - 9M. Where no year-to-date chain exists, a reported
-- three-month figure is used as it stands.
with flows as (
    select * from {{ ref('int_sec_flows_by_fiscal_period') }}
),

year_to_date as (
    select *
    from flows
    where starts_at_fiscal_year_start and months_covered = 3 * quarter_index
),

derived_quarters as (
    select
        cur.sec_cik,
        cur.entity,
        cur.fiscal_year_end_month,
        cur.metric,
        cur.tag,
        cur.definition,
        cur.reported_unit,
        cur.fiscal_year,
        cur.quarter_index as fiscal_quarter,
        cast(coalesce(prev.period_end_date + interval 1 day, cur.period_start_date) as date) as period_start_date,
        cur.period_end_date,
        cur.latest_value - coalesce(prev.latest_value, 0) as latest_value,
        cur.first_reported_value - coalesce(prev.first_reported_value, 0) as first_reported_value,
        least(cur.first_filed_date, coalesce(prev.first_filed_date, cur.first_filed_date)) as first_filed_date,
        cur.latest_filed_date,
        cur.latest_accession_number,
        cur.accession_numbers,
        cur.quarter_index > 1 as is_derived
    from year_to_date as cur
    left join year_to_date as prev
        on cur.sec_cik = prev.sec_cik
        and cur.metric = prev.metric
        and cur.fiscal_year = prev.fiscal_year
        and prev.quarter_index = cur.quarter_index - 1
    where cur.quarter_index = 1 or prev.sec_cik is not null
),

direct_quarters as (
    select
        sec_cik, entity, fiscal_year_end_month, metric, tag, definition, reported_unit, fiscal_year,
        quarter_index as fiscal_quarter, period_start_date, period_end_date, latest_value,
        first_reported_value, first_filed_date, latest_filed_date, latest_accession_number,
        accession_numbers, false as is_derived
    from flows
    where months_covered = 3
),

quarters as (
    select * from derived_quarters
    union all
    select direct_quarters.*
    from direct_quarters
    anti join derived_quarters
        on direct_quarters.sec_cik = derived_quarters.sec_cik
        and direct_quarters.metric = derived_quarters.metric
        and direct_quarters.fiscal_year = derived_quarters.fiscal_year
        and direct_quarters.fiscal_quarter = derived_quarters.fiscal_quarter
),

years as (
    select
        sec_cik, entity, fiscal_year_end_month, metric, tag, definition, reported_unit, fiscal_year,
        cast(null as integer) as fiscal_quarter, period_start_date, period_end_date, latest_value,
        first_reported_value, first_filed_date, latest_filed_date, latest_accession_number,
        accession_numbers, false as is_derived
    from flows
    where months_covered = 12
),

both_grains as (
    select *, 'quarter' as period_grain from quarters
    union all
    select *, 'year' as period_grain from years
)

select
    md5(concat_ws('|', 'sec', sec_cik, metric, fiscal_year, coalesce(fiscal_quarter, 0))) as sec_flow_key,
    *,
    fiscal_period_label(fiscal_year, fiscal_year_end_month, fiscal_quarter) as period_label
from both_grains
