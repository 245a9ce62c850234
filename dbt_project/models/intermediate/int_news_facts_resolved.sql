-- Extracted facts with their document (the newest version of each URL) and calendar bounds of
-- their period, read with the entity's fiscal calendar.
with latest_documents as (
    select *
    from {{ ref('stg_news__documents') }}
    qualify row_number() over (partition by url order by fetched_at desc, document_id) = 1
),

near_duplicates as (
    select * from {{ ref('int_news_documents_near_duplicates') }}
),

facts as (
    select
        facts.*,
        coalesce(near_duplicates.original_document_id, facts.document_id) as original_document_id,
        documents.url,
        documents.publisher_host,
        documents.title,
        coalesce(documents.published_on, cast(documents.fetched_at as date)) as published_on,
        documents.language,
        coalesce(companies.fiscal_year_end_month, 12) as fiscal_year_end_month,
        companies.entity_type
    from {{ ref('stg_news__extracted_facts') }} as facts
    inner join latest_documents as documents on facts.document_id = documents.document_id
    left join {{ ref('companies') }} as companies on facts.entity = companies.entity
    left join near_duplicates on facts.document_id = near_duplicates.document_id
)

select
    *,
    {{ period_start_date('period_label', 'fiscal_year_end_month') }} as period_start_date,
    {{ period_end_date('period_label', 'fiscal_year_end_month') }} as period_end_date
from facts
