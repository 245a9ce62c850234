{#- Pairs of a copy and an earlier document whose SimHash fingerprints are within
    near_duplicate_max_bits (k): every document of `copies` against every one of `originals`.
    "Earlier" orders by publication date, then document id, so each pair is read one way. Both
    relations carry document_index, the document's rank in document_id order (equal ids, equal
    index), so that the comparison of ids is a comparison of small integers.

    Comparing every pair is quadratic (100,000 documents took 14 minutes and 20 GB), so pairs
    are found by the pigeonhole rule instead: the 64 bits are cut into k + 3 bands, and k
    differing bits touch at most k of them, so a near pair agrees exactly on at least three
    bands. Each set of three bands is a join key (of about 15 bits for k = 10); only documents
    that share one are compared bit by bit, and no near pair is missed. Keys of two bands (about
    10 bits) let through hundreds of millions of chance candidates at 100,000 documents. -#}
{% macro near_duplicate_candidates(copies, originals) -%}
    {%- set max_bits = var('near_duplicate_max_bits') | int -%}
    {%- if max_bits < 0 or max_bits > 30 -%}
        {{ exceptions.raise_compiler_error("near_duplicate_max_bits must be from 0 to 30") }}
    {%- endif -%}
    {%- set bands = max_bits + 3 -%}
    {%- set widths = [] -%}
    {%- for band in range(bands) -%}
        {%- do widths.append(64 // bands + (1 if band < 64 % bands else 0)) -%}
    {%- endfor -%}
    {%- set band_values = [] -%}
    {%- for band in range(bands) -%}
        {%- do band_values.append('((text_simhash64 >> ' ~ (widths[:band] | sum) ~ ') & ' ~ (2 ** widths[band] - 1) ~ ')') -%}
    {%- endfor -%}
    {%- set triples = [] -%}
    {%- for first in range(1, bands + 1) -%}
        {%- for second in range(first + 1, bands + 1) -%}
            {%- for third in range(second + 1, bands + 1) -%}
                {%- do triples.append('[' ~ first ~ ', ' ~ second ~ ', ' ~ third ~ ']') -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- A hash of the three bands' values: a collision only adds a candidate, which the bit
        count below then rejects. -#}
    {%- set keyed -%}
        band_set,
        hash(bands[band_triple[1]], bands[band_triple[2]], bands[band_triple[3]]) as band_key
    {%- endset -%}
    {%- set banded -%}
        [{{ band_values | join(', ') }}] as bands,
        unnest(range({{ triples | length }})) as band_set,
        unnest([{{ triples | join(', ') }}]) as band_triple
    {%- endset -%}
    {#- The banded rows are many (one per document and set of bands), so they carry a small
        integer for the document (document_index, numbered in document_id order by the caller)
        rather than its id and URL, which are joined back onto the few pairs that remain. -#}
    select distinct
        copy.document_id,
        original.document_id as original_document_id,
        original.url as original_url,
        pair.hamming_bits,
        original.published_on as original_published_on
    from (
        select
            copy.document_index as copy_index,
            original.document_index as original_index,
            bit_count(xor(copy.text_simhash64, original.text_simhash64)) as hamming_bits
        from (
            select document_index, published_on, text_simhash64, {{ keyed }}
            from (select document_index, published_on, text_simhash64, {{ banded }} from {{ copies }})
        ) as copy
        inner join (
            select document_index, published_on, text_simhash64, {{ keyed }}
            from (select document_index, published_on, text_simhash64, {{ banded }} from {{ originals }})
        ) as original
            on copy.band_set = original.band_set
            and copy.band_key = original.band_key
            and copy.document_index != original.document_index
            and (
                original.published_on < copy.published_on
                or (original.published_on = copy.published_on and original.document_index < copy.document_index)
            )
        where bit_count(xor(copy.text_simhash64, original.text_simhash64)) <= {{ max_bits }}
    ) as pair
    inner join {{ copies }} as copy on pair.copy_index = copy.document_index
    inner join {{ originals }} as original on pair.original_index = original.document_index
{%- endmacro %}
