{#- Calendar bounds of a period label of the fact contract (2025, FY2025, 2025Q4, FY2025Q3,
    2025H1, 2025-2027, asof:2024-12-31). A fiscal year named FYn ends in month
    `fy_end_month` of year n and starts the month after, a year earlier. -#}

{% macro fiscal_year_start(year_expr, fy_end_month) -%}
    cast(make_date(cast({{ year_expr }} as integer) - 1, cast({{ fy_end_month }} as integer), 1) + interval 1 month as date)
{%- endmacro %}

{% macro period_start_date(label, fy_end_month) -%}
    case
        when regexp_full_match({{ label }}, 'asof:\d{4}-\d{2}-\d{2}')
            then cast(substr({{ label }}, 6) as date)
        when regexp_full_match({{ label }}, 'FY\d{4}Q[1-4]')
            then cast({{ fiscal_year_start("substr(" ~ label ~ ", 3, 4)", fy_end_month) }}
                 + to_months(3 * (cast(substr({{ label }}, 8, 1) as integer) - 1)) as date)
        when regexp_full_match({{ label }}, 'FY\d{4}')
            then {{ fiscal_year_start("substr(" ~ label ~ ", 3, 4)", fy_end_month) }}
        when regexp_full_match({{ label }}, '\d{4}Q[1-4]')
            then make_date(cast(substr({{ label }}, 1, 4) as integer), 3 * cast(substr({{ label }}, 6, 1) as integer) - 2, 1)
        when regexp_full_match({{ label }}, '\d{4}H[12]')
            then make_date(cast(substr({{ label }}, 1, 4) as integer), case when substr({{ label }}, 6, 1) = '1' then 1 else 7 end, 1)
        when regexp_full_match({{ label }}, '\d{4}-\d{4}')
            then make_date(cast(substr({{ label }}, 1, 4) as integer), 1, 1)
        when regexp_full_match({{ label }}, '\d{4}')
            then make_date(cast({{ label }} as integer), 1, 1)
    end
{%- endmacro %}

{% macro period_end_date(label, fy_end_month) -%}
    case
        when regexp_full_match({{ label }}, 'asof:\d{4}-\d{2}-\d{2}')
            then cast(substr({{ label }}, 6) as date)
        when regexp_full_match({{ label }}, 'FY\d{4}Q[1-4]')
            then cast({{ fiscal_year_start("substr(" ~ label ~ ", 3, 4)", fy_end_month) }}
                 + to_months(3 * cast(substr({{ label }}, 8, 1) as integer)) - interval 1 day as date)
        when regexp_full_match({{ label }}, 'FY\d{4}')
            then last_day(make_date(cast(substr({{ label }}, 3, 4) as integer), cast({{ fy_end_month }} as integer), 1))
        when regexp_full_match({{ label }}, '\d{4}Q[1-4]')
            then last_day(make_date(cast(substr({{ label }}, 1, 4) as integer), 3 * cast(substr({{ label }}, 6, 1) as integer), 1))
        when regexp_full_match({{ label }}, '\d{4}H[12]')
            then make_date(cast(substr({{ label }}, 1, 4) as integer), case when substr({{ label }}, 6, 1) = '1' then 6 else 12 end, case when substr({{ label }}, 6, 1) = '1' then 30 else 31 end)
        when regexp_full_match({{ label }}, '\d{4}-\d{4}')
            then make_date(cast(substr({{ label }}, 6, 4) as integer), 12, 31)
        when regexp_full_match({{ label }}, '\d{4}')
            then make_date(cast({{ label }} as integer), 12, 31)
    end
{%- endmacro %}

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
