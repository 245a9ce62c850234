-- The latest merge of each entity wins (by sequence); an entity merged into one that was itself
-- merged later follows the chain one step per review, as the analyst recorded it.
select
    merge_seq,
    from_entity,
    into_entity,
    reviewer,
    -- UTC wall time, whatever the session's time zone.
    timezone('UTC', reviewed_at) as reviewed_at,
    reason as merge_reason
from {{ source('raw', 'raw_entity_merges') }}
qualify row_number() over (partition by from_entity order by merge_seq desc) = 1
