-- For every filer, metric and fiscal year with all four quarters derived, the quarters add up
-- to the fiscal-year figure (to the dollar).
with quarters as (
    select sec_cik, metric, fiscal_year, sum(latest_value) as quarters_total, count(*) as n_quarters
    from {{ ref('int_sec_flows_quarterly_derived') }}
    where period_grain = 'quarter'
    group by all
),

years as (
    select sec_cik, metric, fiscal_year, latest_value as year_total
    from {{ ref('int_sec_flows_quarterly_derived') }}
    where period_grain = 'year'
)

select quarters.*, years.year_total
from quarters
inner join years using (sec_cik, metric, fiscal_year)
where quarters.n_quarters = 4
    and abs(quarters.quarters_total - years.year_total) > 0.5
