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
    first_reported_on,
    last_reported_on,
    source_ids,
    source_urls,
    evidence,
    confidence,
    case when confidence < {{ var('review_threshold', 0.6) }} then 'needs_review' else 'accepted' end as review_state
from {{ ref('int_news_facts_deduped') }}
where metric = 'power'
