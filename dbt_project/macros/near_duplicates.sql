{#- Pairs of a copy and an earlier document whose SimHash fingerprints are within
    near_duplicate_max_bits: every document of `copies` against every one of `originals`.
    "Earlier" orders by publication date, then document id, so each pair is read one way. -#}
{% macro near_duplicate_candidates(copies, originals) -%}
    select
        copy.document_id,
        original.document_id as original_document_id,
        original.url as original_url,
        bit_count(xor(copy.text_simhash64, original.text_simhash64)) as hamming_bits,
        original.published_on as original_published_on
    from {{ copies }} as copy
    inner join {{ originals }} as original
        on copy.document_id != original.document_id
        and (
            original.published_on < copy.published_on
            or (original.published_on = copy.published_on and original.document_id < copy.document_id)
        )
    where bit_count(xor(copy.text_simhash64, original.text_simhash64)) <= {{ var('near_duplicate_max_bits') }}
{%- endmacro %}
