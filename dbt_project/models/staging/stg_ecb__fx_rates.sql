select
    rate_id,
    cast(rate_date as date) as rate_date,
    currency,
    cast(units_per_eur as double) as units_per_eur,
    source_url,
    cast(fetched_at as timestamptz) as fetched_at
from {{ source('raw', 'raw_fx_rates') }}
