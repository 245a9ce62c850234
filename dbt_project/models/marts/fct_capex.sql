-- Capital expenditure: company plans and guidance from news, reported actuals from news and
-- filings, third-party forecasts. One row per distinct figure.
select
    fact_id,
    entity,
    segment,
    source_type,
    kind,
    bound,
    period_label,
    period_start_date,
    period_end_date,
    {{ calendar_period_label('period_start_date', 'period_end_date') }} as calendar_period_label,
    value_native,
    currency,
    value_usd,
    fx_usd_per_unit,
    fx_rate_date,
    fx_rule,
    yoy_growth,
    definition,
    n_sources,
    first_reported_on,
    last_reported_on,
    source_ids,
    source_urls,
    evidence,
    confidence,
    review_state,
    reviewer,
    review_reason
from {{ ref('int_money_facts_converted') }}
where metric = 'capex'
