-- Compute capacity in EFLOPS. Capacities of different precisions (FP16, FP8, unknown) are
-- different quantities: they sit in separate rows and must never be added together.
{% set precision_and_scope %}
    coalesce(precision, 'unknown') as precision,
    case
        when entity_type in ('country', 'world') then 'national_total'
        when entity_type = 'aggregate' then 'aggregate'
        when regexp_matches(evidence, '租|leased|rented|lease') then 'leased'
        else 'owned'
    end as scope,
{% endset %}
{{ capacity_fact_mart('compute', 'reported_value as capacity_eflops', precision_and_scope) }}
