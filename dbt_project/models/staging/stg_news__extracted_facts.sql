-- Only the newest extractor version's reading of each document counts; older readings stay in raw.
with facts as (
    select
        *,
        max(extractor_version) over (partition by document_id) as newest_version
    from {{ source('raw', 'raw_extracted_facts') }}
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
    cast(confidence as double) as confidence,
    cast(extracted_at as timestamptz) as extracted_at
from facts
where extractor_version = newest_version
