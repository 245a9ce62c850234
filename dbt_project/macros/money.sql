{#- Money rules that more than one model applies: a plan's midpoint, the conversion to US
    dollars. -#}

{#- The midpoint of a figure given as a range: halfway between its low and high ends. A point
    figure (low = high) is its own midpoint, and so is a range with one end only ("at least 25
    billion"): a plan is compared with the figure it names, never with nothing. -#}
{% macro range_midpoint(low, high) -%}
    coalesce(({{ low }} + {{ high }}) / 2, {{ low }}, {{ high }})
{%- endmacro %}

{#- The conversion of an amount in `currency` to US dollars, as three columns:
    `<prefix>fx_usd_per_unit`, `<prefix>fx_rate_date` and `<prefix>fx_rule`. US dollars need no
    rate: 1, no date, rule native_usd, whatever `rate` says (a missing rate is no loss). Any
    other currency takes the `rate`, `rate_date` and `rule` given, which stay null when no rate
    is known, so a US-dollar value made with them is null rather than a guess. -#}
{% macro fx_columns(currency, rate, rate_date, rule, prefix='') -%}
    case when {{ currency }} = 'USD' then 1.0 else {{ rate }} end as {{ prefix }}fx_usd_per_unit,
    case when {{ currency }} = 'USD' then null else {{ rate_date }} end as {{ prefix }}fx_rate_date,
    case when {{ currency }} = 'USD' then 'native_usd' else {{ rule }} end as {{ prefix }}fx_rule
{%- endmacro %}

{#- An amount in US dollars at `usd_per_unit`, to the cent: the rate is an average of floats,
    the value is money. -#}
{% macro to_usd(value, usd_per_unit) -%}
    round({{ value }} * {{ usd_per_unit }}, 2)
{%- endmacro %}
