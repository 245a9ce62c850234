{#- When the build that wrote a row of an incremental model started: rows a later build kept
    keep their time, so the time tells which build last wrote each row. -#}
{% macro loaded_at() -%}
    cast('{{ run_started_at }}' as timestamptz)
{%- endmacro %}
