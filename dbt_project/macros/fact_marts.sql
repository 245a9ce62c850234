{#- Who reported a figure, how sure we are, its review: the columns every fact carries from the
    intermediate models to the marts. -#}
{% macro fact_provenance_column_names() -%}
    n_sources,
    n_independent_sources,
    first_reported_on,
    last_reported_on,
    source_ids,
    source_urls,
    evidence,
    evidence_page,
    evidence_cell,
    confidence,
    review_state,
    reviewer,
    review_reason
{%- endmacro %}

{#- The columns every fact mart shares: the provenance, and whether the figure is in a conflict. -#}
{% macro fact_provenance_columns() -%}
    {{ fact_provenance_column_names() }},
    fact_id in (select fact_id from {{ ref('int_fact_conflict_pairs') }}) as in_conflict
{%- endmacro %}

{#- What a fact is about: the columns every fact mart opens with. -#}
{% macro fact_subject_columns() -%}
    fact_id,
    entity,
    segment,
    source_type,
    kind,
    bound,
    period_label,
    period_start_date,
    period_end_date
{%- endmacro %}

{#- A money mart (capex, revenue): one row per distinct figure from documents and filings. -#}
{% macro money_fact_mart(metric) -%}
select
    {{ fact_subject_columns() }},
    {{ calendar_period_label('period_start_date', 'period_end_date') }} as calendar_period_label,
    value_native,
    currency,
    value_usd,
    fx_usd_per_unit,
    fx_rate_date,
    fx_rule,
    yoy_growth,
    definition,
    first_reported_value_native,
    {{ fact_provenance_columns() }}
from {{ ref('int_money_facts_converted') }}
where metric = '{{ metric }}'
{%- endmacro %}

{#- A capacity mart (compute, accelerators, power) from document facts, the value renamed to its unit. -#}
{% macro capacity_fact_mart(metric, value_column, extra_columns='') -%}
select
    {{ fact_subject_columns() }},
    {{ value_column }},
    {{ extra_columns }}
    yoy_growth,
    {{ fact_provenance_columns() }}
from {{ ref('int_news_facts_reviewed') }}
where metric = '{{ metric }}'
{%- endmacro %}
