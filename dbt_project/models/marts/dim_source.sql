-- Where facts come from: documents (news pages, press releases, exchange announcements; one
-- row per version) and SEC filings.
with documents as (
    select
        documents.document_id as source_id,
        documents.source_type,
        documents.url,
        documents.title,
        documents.publisher_host as publisher,
        documents.published_on,
        documents.language,
        documents.fetched_at,
        documents.content_sha256,
        documents.main_text_chars,
        near_duplicates.original_document_id as near_duplicate_of,
        near_duplicates.hamming_bits as near_duplicate_hamming_bits
    from {{ ref('stg_news__documents') }} as documents
    left join {{ ref('int_news_documents_near_duplicates') }} as near_duplicates using (document_id)
),

filings as (
    select
        accession_number as source_id,
        'filing' as source_type,
        sec_filing_folder_url(sec_cik, accession_number) as url,
        any_value(form) || ' ' || any_value(sec_entity_name) as title,
        'SEC EDGAR' as publisher,
        min(filed_date) as published_on,
        'en' as language,
        max(fetched_at) as fetched_at,
        cast(null as varchar) as content_sha256,
        cast(null as bigint) as main_text_chars,
        cast(null as varchar) as near_duplicate_of,
        cast(null as bigint) as near_duplicate_hamming_bits
    from {{ ref('stg_sec__fact_vintages') }}
    group by accession_number, sec_cik
)

select * from documents
union all
select * from filings
