{{ config(materialized='table') }}
-- Reports that disagree: the same entity, metric, segment, period and kind, point estimates
-- (exact or approximate) in the same unit, more than 2 % apart (10 % when either is only
-- approximate: "近30" and "29.2" agree), reported within 30 days of each other. Further apart in
-- time, a different figure is a revision (see fct_capex_guidance_history), not a conflict. One row
-- per fact of each conflicting pair, never averaged away.
with facts as (
    select * from {{ ref('int_news_facts_reviewed') }}
    where bound in ('exact', 'approx') and period_label is not null
),

pairs as (
    select
        a.fact_id,
        b.fact_id as conflicting_fact_id,
        a.entity,
        a.metric,
        a.segment,
        a.period_label,
        a.kind,
        a.reported_unit,
        a.reported_value,
        b.reported_value as conflicting_value,
        abs(a.reported_value - b.reported_value)
        / greatest(abs(a.reported_value), abs(b.reported_value)) as relative_gap,
        a.first_reported_on,
        b.first_reported_on as conflicting_first_reported_on,
        a.source_urls,
        b.source_urls as conflicting_source_urls,
        a.source_type,
        b.source_type as conflicting_source_type
    from facts as a
    inner join facts as b
        on a.fact_id != b.fact_id
        and a.entity = b.entity
        and a.metric = b.metric
        and coalesce(a.segment, '') = coalesce(b.segment, '')
        and a.period_label = b.period_label
        and a.kind = b.kind
        and a.reported_unit = b.reported_unit
        and abs(date_diff('day', a.first_reported_on, b.first_reported_on)) <= {{ var('conflict_window_days') }}
    where abs(a.reported_value - b.reported_value) / greatest(abs(a.reported_value), abs(b.reported_value))
        > case
            when a.bound = 'exact' and b.bound = 'exact' then {{ var('conflict_tolerance') }}
            else {{ var('conflict_tolerance_approx') }}
        end
)

select md5(fact_id || '|' || conflicting_fact_id) as conflict_pair_id, *
from pairs
