-- Every entity a fact can name: the tracked companies, aggregates and countries of the seed
-- (origin = known) and the organisations, projects and places found in the text (discovered).
with aliases as (
    select
        entity,
        list(alias order by alias) filter (where regexp_matches(alias, '[一-鿿]')) as aliases_zh,
        list(alias order by alias) filter (where not regexp_matches(alias, '[一-鿿]')) as aliases_en,
        list(distinct segment order by segment) filter (where segment is not null) as segments
    from {{ ref('company_aliases') }}
    where entity is not null
    group by entity
),

known as (
    select
        companies.entity,
        companies.entity_type,
        companies.name_zh,
        companies.ticker,
        companies.sec_cik,
        companies.country,
        companies.fiscal_year_end_month,
        companies.reports_in_currency,
        coalesce(aliases.aliases_en, []) as aliases_en,
        coalesce(aliases.aliases_zh, []) as aliases_zh,
        coalesce(aliases.segments, []) as segments,
        'known' as origin,
        cast(null as date) as first_seen_on,
        cast(null as varchar) as first_seen_url
    from {{ ref('companies') }} as companies
    left join aliases on companies.entity = aliases.entity
),

discovered as (
    -- An entity of the open world: what the text showed, nothing the seed knows.
    select
        entity,
        entity_type,
        cast(null as varchar) as name_zh,
        cast(null as varchar) as ticker,
        cast(null as bigint) as sec_cik,
        cast(null as varchar) as country,
        12 as fiscal_year_end_month,
        cast(null as varchar) as reports_in_currency,
        cast([] as varchar[]) as aliases_en,
        cast([] as varchar[]) as aliases_zh,
        cast([] as varchar[]) as segments,
        'discovered' as origin,
        first_seen_on,
        first_seen_url
    from {{ ref('int_entities_discovered') }}
)

select * from known
union all by name
select * from discovered
