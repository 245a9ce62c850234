-- Compute capacity in EFLOPS. Capacities of different precisions (FP16, FP8, unknown) are
-- different quantities: they sit in separate rows and must never be added together.
select
    fact_id,
    entity,
    segment,
    kind,
    bound,
    period_label,
    period_start_date,
    period_end_date,
    reported_value as capacity_eflops,
    coalesce(precision, 'unknown') as precision,
    case
        when entity_type in ('country', 'world') then 'national_total'
        when entity_type = 'aggregate' then 'aggregate'
        when regexp_matches(evidence, '租|leased|rented|lease') then 'leased'
        else 'owned'
    end as scope,
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
where metric = 'compute'
