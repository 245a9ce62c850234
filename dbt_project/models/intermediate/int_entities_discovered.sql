-- Organisations, projects and places the extractor found in the text that the companies seed does
-- not list: their most often extracted type, and where and when they were first seen.
select
    entity,
    mode(entity_type) as entity_type,
    min(published_on) as first_seen_on,
    arg_min(url, cast(published_on as varchar) || url) as first_seen_url,
    count(*) as n_extracted_facts
from {{ ref('int_news_facts_resolved') }}
where entity_discovered
group by entity
