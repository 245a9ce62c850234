-- Conflicting reports of one figure (see int_fact_conflict_pairs for the rule), each pair once,
-- with both values and their sources, for an analyst to resolve (infratrack review). Where one
-- side is the company's own statement and the other is not, that side is named as the reference.
{% set statements = var('company_statement_source_types') %}
select
    md5(least(fact_id, conflicting_fact_id) || '|' || greatest(fact_id, conflicting_fact_id)) as conflict_id,
    entity,
    metric,
    segment,
    period_label,
    kind,
    reported_unit as unit,
    case when fact_id < conflicting_fact_id then fact_id else conflicting_fact_id end as fact_id_a,
    case when fact_id < conflicting_fact_id then reported_value else conflicting_value end as value_a,
    case when fact_id < conflicting_fact_id then source_urls else conflicting_source_urls end as source_urls_a,
    case when fact_id < conflicting_fact_id then source_type else conflicting_source_type end as source_type_a,
    case when fact_id < conflicting_fact_id then conflicting_fact_id else fact_id end as fact_id_b,
    case when fact_id < conflicting_fact_id then conflicting_value else reported_value end as value_b,
    case when fact_id < conflicting_fact_id then conflicting_source_urls else source_urls end as source_urls_b,
    case when fact_id < conflicting_fact_id then conflicting_source_type else source_type end as source_type_b,
    case
        when source_type in {{ in_list(statements) }} and conflicting_source_type not in {{ in_list(statements) }}
            then fact_id
        when conflicting_source_type in {{ in_list(statements) }} and source_type not in {{ in_list(statements) }}
            then conflicting_fact_id
    end as company_statement_fact_id,
    relative_gap,
    least(first_reported_on, conflicting_first_reported_on) as first_reported_on
from {{ ref('int_fact_conflict_pairs') }}
qualify row_number() over (partition by conflict_id order by fact_id) = 1
