{{ config(materialized='table') }}
-- Money facts from documents (news, press releases, exchange announcements) and SEC filings on
-- one footing, converted to US dollars.
-- Rules: a flow over a period already covered by rates converts at the average rate of that
-- period; a plan (and anything whose period the rates do not cover) converts at the rate of
-- the day it was announced or filed. Every converted value keeps its rate, rate date and rule.
with money_metrics as (
    select value as metric from {{ ref('fact_vocabulary') }}
    where field = 'metric' and dimension = 'money'
),

news as (
    select
        fact_id,
        source_type,
        entity,
        metric,
        segment,
        period_label,
        period_start_date,
        period_end_date,
        kind,
        bound,
        reported_value as value_native,
        reported_unit as currency,
        yoy_growth,
        {{ fact_provenance_column_names() }},
        cast(null as varchar) as definition,
        cast(null as double) as first_reported_value_native
    from {{ ref('int_news_facts_reviewed') }}
    where metric in (select money_metrics.metric from money_metrics)
),

filings as (
    select
        sec_flow_key as fact_id,
        'filing' as source_type,
        entity,
        metric,
        cast(null as varchar) as segment,
        period_label,
        period_start_date,
        period_end_date,
        'actual' as kind,
        'exact' as bound,
        latest_value as value_native,
        reported_unit as currency,
        cast(null as double) as yoy_growth,
        len(accession_numbers) as n_sources,
        len(accession_numbers) as n_independent_sources,
        first_filed_date as first_reported_on,
        latest_filed_date as last_reported_on,
        accession_numbers as source_ids,
        list_transform(accession_numbers, lambda accn: sec_filing_folder_url(sec_cik, accn)) as source_urls,
        'XBRL ' || tag || ', latest filing ' || latest_accession_number as evidence,
        cast(null as integer) as evidence_page,
        cast(null as varchar) as evidence_cell,
        1.0 as confidence,
        'auto_accepted' as review_state,
        cast(null as varchar) as reviewer,
        cast(null as varchar) as review_reason,
        definition,
        first_reported_value as first_reported_value_native
    from {{ ref('int_sec_flows_quarterly_derived') }}
    where metric in (select money_metrics.metric from money_metrics)
),

money as (
    select * from news
    union all
    select * from filings
),

rates as (
    select * from {{ ref('int_fx_rates_usd_per_unit') }}
),

period_average as (
    select
        money.fact_id,
        -- Rounded so a parallel sum in another order gives the same rate to the last digit.
        round(avg(rates.usd_per_unit), 10) as usd_per_unit,
        max(rates.rate_date) as last_rate_date,
        count(*) as n_rate_days
    from money
    inner join rates
        on money.currency = rates.currency
        and rates.rate_date between money.period_start_date and money.period_end_date
    where money.kind = 'actual' and money.period_end_date <= (select max(all_rates.rate_date) from rates as all_rates)
    group by money.fact_id
),

announcement as (
    select money.fact_id, rates.usd_per_unit, rates.rate_date
    from money
    asof left join rates
        on money.currency = rates.currency
        and money.first_reported_on >= rates.rate_date
),

rated as (
    -- The rate an amount in another currency than USD takes: its period's average for a
    -- reported flow over a period the rates cover, else the rate of the day it was announced.
    select
        money.*,
        case
            when period_average.fact_id is not null then period_average.usd_per_unit
            else announcement.usd_per_unit
        end as non_usd_rate,
        case
            when period_average.fact_id is not null then period_average.last_rate_date
            else announcement.rate_date
        end as non_usd_rate_date,
        case
            when period_average.fact_id is not null then 'period_average'
            when announcement.usd_per_unit is not null then 'rate_at_announcement'
            else 'no_rate'
        end as non_usd_rule
    from money
    left join period_average on money.fact_id = period_average.fact_id
    left join announcement on money.fact_id = announcement.fact_id
),

converted as (
    select
        * exclude (non_usd_rate, non_usd_rate_date, non_usd_rule),
        {{ fx_columns('currency', 'non_usd_rate', 'non_usd_rate_date', 'non_usd_rule') }}
    from rated
)

select *, {{ to_usd('value_native', 'fx_usd_per_unit') }} as value_usd
from converted
