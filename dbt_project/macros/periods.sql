{#- The calendar bounds of a period label are not computed here: the models call the DuckDB
    functions of ingest/warehouse/functions.py (period_start_date, period_end_date, ...), the
    extractor's own rules. -#}

{#- Calendar label of a period whose fiscal label is given: FY2025Q3 of Alibaba is 2024Q4. -#}
{% macro calendar_period_label(start_date, end_date) -%}
    case
        when {{ start_date }} = {{ end_date }} then 'asof:' || strftime({{ end_date }}, '%Y-%m-%d')
        when date_diff('month', {{ start_date }}, {{ end_date }} + interval 1 day) = 3
            then strftime({{ end_date }}, '%Y') || 'Q' || cast(quarter({{ end_date }}) as varchar)
        when date_diff('month', {{ start_date }}, {{ end_date }} + interval 1 day) = 12 and month({{ end_date }}) = 12
            then strftime({{ end_date }}, '%Y')
        when date_diff('month', {{ start_date }}, {{ end_date }} + interval 1 day) = 12
            then strftime({{ start_date }}, '%Y-%m') || '..' || strftime({{ end_date }}, '%Y-%m')
        else strftime({{ start_date }}, '%Y-%m') || '..' || strftime({{ end_date }}, '%Y-%m')
    end
{%- endmacro %}
