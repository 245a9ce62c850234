{{ config(materialized='table') }}
-- News facts with analyst reviews applied: a rejected fact leaves the marts, a corrected one
-- takes the reviewer's fields (and the calendar bounds of its corrected period), an accepted
-- one is marked so. Unreviewed facts under the confidence threshold need review.
with facts as (
    select * from {{ ref('int_news_facts_deduped') }}
),

reviews as (
    select * from {{ ref('stg_review__fact_overrides') }}
),

applied as (
    select
        facts.fact_id,
        facts.source_type,
        coalesce(reviews.corrected_entity, facts.entity) as entity,
        coalesce(reviews.corrected_metric, facts.metric) as metric,
        coalesce(reviews.corrected_segment, facts.segment) as segment,
        coalesce(reviews.corrected_period_label, facts.period_label) as period_label,
        coalesce(reviews.corrected_kind, facts.kind) as kind,
        coalesce(reviews.corrected_bound, facts.bound) as bound,
        coalesce(reviews.corrected_unit, facts.reported_unit) as reported_unit,
        coalesce(reviews.corrected_value, facts.reported_value) as reported_value,
        facts.yoy_growth,
        facts.precision,
        facts.n_sources,
        facts.n_independent_sources,
        facts.first_reported_on,
        facts.last_reported_on,
        facts.source_ids,
        facts.source_urls,
        facts.evidence,
        facts.evidence_page,
        facts.evidence_cell,
        facts.first_source_url,
        facts.confidence,
        reviews.review_action,
        reviews.reviewer,
        reviews.reviewed_at,
        reviews.review_reason,
        case
            when reviews.review_action = 'accept' then 'accepted'
            when reviews.review_action = 'correct' then 'corrected'
            when reviews.review_action = 'reject' then 'rejected'
            when facts.confidence < {{ var('review_threshold') }} then 'needs_review'
            else 'auto_accepted'
        end as review_state
    from facts
    left join reviews on facts.fact_id = reviews.fact_id
),

folded as (
    -- A corrected figure that now equals another fact is that fact: one row, sources merged.
    select
        arg_min(fact_id, cast((review_action is not null) as int) || fact_id) as fact_id,
        source_type,
        entity,
        metric,
        segment,
        period_label,
        kind,
        reported_unit,
        reported_value,
        -- The reviewed or most widely reported member's bound, decided the same way every build.
        arg_max(
            bound,
            cast((review_action is not null) as int) * 1000
            + n_sources * 10
            + case bound when 'exact' then 4 when 'approx' then 3 when 'at_least' then 2 else 1 end
        ) as bound,
        max(yoy_growth) as yoy_growth,
        max(precision) as precision,
        len(list_distinct(flatten(list(source_urls)))) as n_sources,
        least(sum(n_independent_sources), len(list_distinct(flatten(list(source_urls))))) as n_independent_sources,
        min(first_reported_on) as first_reported_on,
        max(last_reported_on) as last_reported_on,
        list_sort(list_distinct(flatten(list(source_ids)))) as source_ids,
        list_sort(list_distinct(flatten(list(source_urls)))) as source_urls,
        arg_min(evidence, first_reported_on || fact_id) as evidence,
        arg_min(evidence_page, first_reported_on || fact_id) as evidence_page,
        arg_min(evidence_cell, first_reported_on || fact_id) as evidence_cell,
        arg_min(first_source_url, first_reported_on || fact_id) as first_source_url,
        max(confidence) as confidence,
        max(review_action) as review_action,
        max(reviewer) as reviewer,
        max(reviewed_at) as reviewed_at,
        max(review_reason) as review_reason,
        case
            when bool_or(review_state = 'corrected') then 'corrected'
            when bool_or(review_state = 'accepted') then 'accepted'
            when bool_and(review_state = 'needs_review') then 'needs_review'
            else 'auto_accepted'
        end as review_state
    from applied
    where review_state != 'rejected'
    group by source_type, entity, metric, segment, period_label, kind, reported_unit, reported_value
)

select
    folded.*,
    coalesce(companies.entity_type, discovered.entity_type) as entity_type,
    period_start_date(folded.period_label, coalesce(companies.fiscal_year_end_month, 12))
        as period_start_date,
    period_end_date(folded.period_label, coalesce(companies.fiscal_year_end_month, 12)) as period_end_date
from folded
left join {{ ref('companies') }} as companies on folded.entity = companies.entity
left join {{ ref('int_entities_discovered') }} as discovered on folded.entity = discovered.entity
