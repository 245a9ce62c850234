-- The latest review of each fact wins (by sequence: timestamps can tie); earlier ones stay in
-- the raw log as history.
select
    review_seq,
    fact_id,
    action as review_action,
    entity as corrected_entity,
    metric as corrected_metric,
    cast(value as double) as corrected_value,
    unit as corrected_unit,
    bound as corrected_bound,
    period as corrected_period_label,
    kind as corrected_kind,
    segment as corrected_segment,
    reviewer,
    -- UTC wall time, whatever the session's time zone.
    timezone('UTC', reviewed_at) as reviewed_at,
    reason as review_reason
from {{ source('raw', 'raw_fact_reviews') }}
qualify row_number() over (partition by fact_id order by review_seq desc) = 1
