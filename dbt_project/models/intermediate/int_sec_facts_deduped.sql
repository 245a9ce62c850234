-- One row per filer, tag and period: every vintage of a figure folded into its first reported
-- and latest value. Only the filer's reporting currency counts: the USD "convenience
-- translations" in 20-F filings are the same figure again, not a second fact.
with vintages as (
    select
        vintages.*,
        companies.entity,
        companies.fiscal_year_end_month,
        tags.metric,
        tags.priority as tag_priority,
        tags.definition
    from {{ ref('stg_sec__fact_vintages') }} as vintages
    inner join {{ ref('companies') }} as companies
        on vintages.sec_cik = companies.sec_cik
    inner join {{ ref('sec_tag_map') }} as tags
        on vintages.taxonomy = tags.taxonomy and vintages.tag = tags.tag
    where vintages.reported_unit = companies.reports_in_currency
        and vintages.period_start_date is not null
)

select
    md5(concat_ws('|', sec_cik, tag, reported_unit, period_start_date, period_end_date)) as sec_fact_key,
    sec_cik,
    entity,
    fiscal_year_end_month,
    metric,
    tag,
    tag_priority,
    definition,
    reported_unit,
    period_start_date,
    period_end_date,
    any_value(duration_days) as duration_days,
    arg_min(reported_value, filed_date || accession_number) as first_reported_value,
    arg_max(reported_value, filed_date || accession_number) as latest_value,
    min(filed_date) as first_filed_date,
    max(filed_date) as latest_filed_date,
    arg_min(accession_number, filed_date || accession_number) as first_accession_number,
    arg_max(accession_number, filed_date || accession_number) as latest_accession_number,
    arg_max(form, filed_date || accession_number) as latest_form,
    list(distinct accession_number order by accession_number) as accession_numbers,
    count(*) as n_vintages,
    count(distinct reported_value) > 1 as was_restated
from vintages
group by all
