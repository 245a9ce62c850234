{{ config(materialized='table') }}
-- Extracted facts with their document (the newest version of each URL) and calendar bounds of
-- their period, read with the entity's fiscal calendar; an entity an analyst merged into another
-- takes that one's name.
with latest_documents as (
    select *
    from {{ ref('stg_news__documents') }}
    qualify row_number() over (partition by url order by fetched_at desc, document_id asc) = 1
),

near_duplicates as (
    select * from {{ ref('int_news_documents_near_duplicates') }}
),

entity_merges as (
    select * from {{ ref('stg_review__entity_merges') }}
),

facts as (
    select
        facts.* exclude (facts.loaded_at) replace (coalesce(entity_merges.into_entity, facts.entity) as entity),
        coalesce(near_duplicates.original_document_id, facts.document_id) as original_document_id,
        documents.url,
        documents.publisher_host,
        documents.title,
        coalesce(documents.published_on, cast(documents.fetched_at as date)) as published_on,
        documents.language,
        documents.source_type,
        documents.subject_entity,
        -- An entity of the open world keeps the calendar year unless the text says otherwise.
        coalesce(companies.fiscal_year_end_month, 12) as fiscal_year_end_month,
        coalesce(companies.entity_type, facts.extracted_entity_type) as entity_type,
        companies.entity is null as entity_discovered
    from {{ ref('stg_news__extracted_facts') }} as facts
    inner join latest_documents as documents on facts.document_id = documents.document_id
    left join entity_merges on facts.entity = entity_merges.from_entity
    left join {{ ref('companies') }} as companies
        on coalesce(entity_merges.into_entity, facts.entity) = companies.entity
    left join near_duplicates on facts.document_id = near_duplicates.document_id
)

select
    *,
    period_start_date(period_label, fiscal_year_end_month) as period_start_date,
    period_end_date(period_label, fiscal_year_end_month) as period_end_date
from facts
