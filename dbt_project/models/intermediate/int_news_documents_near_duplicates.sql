-- Documents that rewrite an earlier one: SimHash fingerprints of their normalised text within
-- a few bits (ingest/fingerprint.py measures the threshold). Each copy points at the earliest
-- document it matches. Pairwise comparison is fine at this corpus size; past ~100k documents,
-- band the fingerprints first.
with documents as (
    select document_id, url, coalesce(published_on, cast(fetched_at as date)) as published_on, text_simhash64
    from {{ ref('stg_news__documents') }}
    where text_simhash64 is not null
    qualify row_number() over (partition by url order by fetched_at desc, document_id) = 1
),

pairs as (
    select
        copy.document_id,
        original.document_id as original_document_id,
        original.url as original_url,
        bit_count(xor(copy.text_simhash64, original.text_simhash64)) as hamming_bits,
        original.published_on as original_published_on
    from documents as copy
    inner join documents as original
        on copy.document_id != original.document_id
        and (
            original.published_on < copy.published_on
            or (original.published_on = copy.published_on and original.document_id < copy.document_id)
        )
    where bit_count(xor(copy.text_simhash64, original.text_simhash64)) <= {{ var('near_duplicate_max_bits') }}
)

select document_id, original_document_id, original_url, hamming_bits
from pairs
qualify row_number() over (partition by document_id order by original_published_on, original_document_id) = 1
