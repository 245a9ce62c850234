with aliases as (
    select
        entity,
        list(alias order by alias) filter (where regexp_matches(alias, '[一-鿿]')) as aliases_zh,
        list(alias order by alias) filter (where not regexp_matches(alias, '[一-鿿]')) as aliases_en,
        list(distinct segment order by segment) filter (where segment is not null) as segments
    from {{ ref('company_aliases') }}
    where entity is not null
    group by entity
)

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
    coalesce(aliases.segments, []) as segments
from {{ ref('companies') }} as companies
left join aliases on companies.entity = aliases.entity
