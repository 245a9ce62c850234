-- US dollars per unit of each currency, crossed through the euro: the ECB quotes everything per EUR.
with rates as (
    select rate_date, currency, units_per_eur
    from {{ ref('stg_ecb__fx_rates') }}
),

usd as (
    select rate_date, units_per_eur as usd_per_eur
    from rates
    where currency = 'USD'
)

select
    rates.rate_date || ':' || rates.currency as fx_rate_key,
    rates.rate_date,
    rates.currency,
    usd.usd_per_eur / rates.units_per_eur as usd_per_unit
from rates
inner join usd on rates.rate_date = usd.rate_date
