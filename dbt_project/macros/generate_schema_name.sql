{#- Bare schema names (staging, intermediate, reference, main) rather than dbt's main_staging:
    analysts type these names in ad-hoc SQL. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
