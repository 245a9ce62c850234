{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='url',
    on_schema_change='fail',
) }}
-- Each page (the newest fingerprinted version of its URL) and the earliest earlier document
-- whose SimHash is within a few bits of it (ingest/sources/news/fingerprint.py measures the threshold), null
-- when there is none. Comparing every pair is quadratic, so a build compares only what changed:
--   - arrivals (new pages and new versions of a page) against every document;
--   - pages whose original was replaced by a newer version of its own page, against every
--     document; every page when near_duplicate_max_bits changed;
--   - every other page against the arrivals only: its original can only move to an arrival
--     that is earlier than the one it has.
-- One row per URL, written with delete+insert on url: a new version of a page replaces the row
-- of the old one, and pages never leave the raw layer, so no row is ever orphaned.
with documents as (
    select
        url,
        document_id,
        coalesce(published_on, cast(fetched_at as date)) as published_on,
        text_simhash64,
        dense_rank() over (order by document_id) as document_index
    from {{ ref('stg_news__documents') }}
    where text_simhash64 is not null
    qualify row_number() over (partition by url order by fetched_at desc, document_id asc) = 1
),

{% if is_incremental() %}
previous as (
    select * from {{ this }}
),

arrived as (
    select * from documents
    where document_id not in (select document_id from previous)
),

departed as (
    select document_id from previous
    where document_id not in (select document_id from documents)
),

rescanned as (
    select * from documents
    where document_id in (select document_id from arrived)
       or document_id in (
           select document_id from previous
           where original_document_id in (select document_id from departed)
       )
       or (select any_value(near_duplicate_max_bits) from previous) is distinct from {{ var('near_duplicate_max_bits') }}
),

kept as (
    select * from documents
    where document_id not in (select document_id from rescanned)
),

new_candidates as (
    {{ near_duplicate_candidates('rescanned', 'documents') }}
    union all
    {{ near_duplicate_candidates('kept', 'arrived') }}
),

candidates as (
    select * from new_candidates
    union all
    -- A kept page that an arrival matches weighs it against the original it already had.
    select document_id, original_document_id, original_url, hamming_bits, original_published_on
    from previous
    where original_document_id is not null
      and document_id in (select document_id from kept)
      and document_id in (select document_id from new_candidates)
),

written as (
    select * from documents
    where document_id in (select document_id from rescanned)
       or document_id in (select document_id from candidates)
),
{% else %}
candidates as (
    {{ near_duplicate_candidates('documents', 'documents') }}
),

written as (
    select * from documents
),
{% endif %}

earliest as (
    select *
    from candidates
    qualify row_number() over (partition by document_id order by original_published_on, original_document_id) = 1
)

select
    written.url,
    written.document_id,
    written.published_on,
    written.text_simhash64,
    earliest.original_document_id,
    earliest.original_url,
    earliest.hamming_bits,
    earliest.original_published_on,
    {{ var('near_duplicate_max_bits') }} as near_duplicate_max_bits,
    {{ loaded_at() }} as loaded_at
from written
left join earliest on written.document_id = earliest.document_id
