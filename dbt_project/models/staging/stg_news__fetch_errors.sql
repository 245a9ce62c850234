select
    error_id,
    source_name,
    source_type,
    url,
    stage,
    reason,
    cast(http_status as integer) as http_status,
    cast(occurred_at as timestamptz) as occurred_at
from {{ source('raw', 'raw_fetch_errors') }}
