{{ config(materialized='table') }}
-- The same figure reported by several articles is one fact: same entity, metric, segment,
-- period, kind, unit and value, and the same kind of source (a company's own statement stays
-- apart from the news reports of it). Bound and growth are read from the reports (the most common
-- bound; the growth rate any report gave). Copies of an article (content-farm rewrites) count as
-- sources but not as independent ones.
with resolved as (
    select
        *,
        -- How many reports give each bound: the commonest wins, ties go to the most precise.
        count(*) over (
            partition by
                source_type, entity, metric, segment, period_label, kind, reported_unit, round(reported_value, 6), bound
        ) * 10
        + case bound when 'exact' then 4 when 'approx' then 3 when 'at_least' then 2 else 1 end as bound_vote
    from {{ ref('int_news_facts_resolved') }}
)

select
    -- News keeps the key it had before other source types existed (reviews refer to it).
    md5(
        concat_ws(
            '|', source_type, entity, metric, coalesce(segment, ''), coalesce(period_label, ''), kind, reported_unit,
            round(reported_value, 6)
        )
    ) as fact_id,
    source_type,
    entity,
    any_value(entity_type) as entity_type,
    metric,
    segment,
    period_label,
    any_value(period_start_date) as period_start_date,
    any_value(period_end_date) as period_end_date,
    kind,
    arg_max(bound, bound_vote) as bound,
    reported_unit,
    round(reported_value, 6) as reported_value,
    max(yoy_growth) as yoy_growth,
    max(precision) as precision,
    count(distinct url) as n_sources,
    count(distinct original_document_id) as n_independent_sources,
    min(published_on) as first_reported_on,
    max(published_on) as last_reported_on,
    list(distinct document_id order by document_id) as source_ids,
    list(distinct url order by url) as source_urls,
    arg_min(evidence, published_on || extracted_fact_id) as evidence,
    arg_min(evidence_page, published_on || extracted_fact_id) as evidence_page,
    arg_min(evidence_cell, published_on || extracted_fact_id) as evidence_cell,
    arg_min(url, published_on || extracted_fact_id) as first_source_url,
    max(confidence) as confidence
from resolved
group by source_type, entity, metric, segment, period_label, kind, reported_unit, round(reported_value, 6)
