-- Data-centre power capacity in megawatts.
select
    fact_id,
    entity,
    segment,
    kind,
    bound,
    period_label,
    period_start_date,
    period_end_date,
    reported_value as power_mw,
    yoy_growth,
    n_sources,
    n_independent_sources,
    first_reported_on,
    last_reported_on,
    source_ids,
    source_urls,
    evidence,
    confidence,
    review_state,
    reviewer,
    review_reason,
    fact_id in (select fact_id from {{ ref('int_fact_conflict_pairs') }}) as in_conflict
from {{ ref('int_news_facts_reviewed') }}
where metric = 'power'
