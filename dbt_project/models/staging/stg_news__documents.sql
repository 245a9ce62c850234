select
    document_id,
    source_name,
    feed_url,
    url,
    final_url,
    regexp_extract(url, '^[a-z]+://([^/]+)', 1) as publisher_host,
    cast(fetched_at as timestamptz) as fetched_at,
    cast(http_status as integer) as http_status,
    content_sha256,
    encoding,
    title,
    cast(published_on as date) as published_on,
    language,
    main_text,
    cast(text_simhash64 as bigint) as text_simhash64,
    length(main_text) as main_text_chars
from {{ source('raw', 'raw_documents') }}
