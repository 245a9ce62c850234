{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='document_id',
    on_schema_change='fail',
) }}
-- Only the newest extractor version's reading of each document counts; older readings stay in raw.
-- Incremental, one document at a time: a document is read again when raw holds a fact of it
-- that this table lacks, at the version built or a newer one (a new extractor version, or facts
-- landed late, whatever their fetch_date). Its facts are then replaced whole (delete+insert on
-- document_id), so a newer reading drops the older one's facts as a rebuild would. Raw facts of
-- an older version than the one built change nothing, here or in a rebuild.
with raw_facts as (
    select * from {{ source('raw', 'raw_extracted_facts') }}
),

{% if is_incremental() %}
built_versions as (
    select document_id, max(extractor_version) as built_version
    from {{ this }}
    group by document_id
),

changed_documents as (
    select distinct raw_facts.document_id
    from raw_facts
    left join built_versions on raw_facts.document_id = built_versions.document_id
    where (built_versions.document_id is null or raw_facts.extractor_version >= built_versions.built_version)
      and not exists (select 1 from {{ this }} as built where built.extracted_fact_id = raw_facts.fact_id)
),

{% endif %}
facts as (
    select
        *,
        max(extractor_version) over (partition by document_id) as newest_version
    from raw_facts
    {% if is_incremental() %}
    where document_id in (select document_id from changed_documents)
    {% endif %}
)

select
    fact_id as extracted_fact_id,
    document_id,
    extractor_version,
    cast(ordinal as integer) as ordinal_in_document,
    entity,
    -- Readings from before the open-world extractor carry no type: they name tracked entities.
    coalesce(entity_type, 'company') as extracted_entity_type,
    metric,
    cast(value as double) as reported_value,
    unit as reported_unit,
    bound,
    period as period_label,
    kind,
    cast(yoy as double) as yoy_growth,
    segment,
    precision,
    evidence,
    cast(char_start as integer) as evidence_char_start,
    cast(char_end as integer) as evidence_char_end,
    cast(evidence_page as integer) as evidence_page,
    evidence_cell,
    cast(confidence as double) as confidence,
    cast(extracted_at as timestamptz) as extracted_at,
    {{ loaded_at() }} as loaded_at
from facts
where extractor_version = newest_version
