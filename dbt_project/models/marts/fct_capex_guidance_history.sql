-- Every capex plan or guidance a company (or joint venture) gave for a year, in the order it
-- was reported, with how it moved from the one before: as news reported it and as the company
-- stated it in its own earnings release (source_type press_release).
with plans as (
    select *
    from {{ ref('int_money_facts_converted') }}
    where metric = 'capex' and kind = 'plan' and source_type in ('news', 'press_release')
        and regexp_full_match(period_label, '(FY)?\d{4}')
),

ordered as (
    select
        *,
        row_number()
            over (partition by entity, period_label, source_type order by first_reported_on, fact_id)
            as revision_number,
        -- The previous plan of the same bound from the same kind of source: a range's low end
        -- compares with the last low end, the company's guidance with its own last guidance.
        lag(value_native)
            over (partition by entity, period_label, source_type, bound order by first_reported_on, fact_id)
            as previous_value_native
    from plans
)

select
    fact_id as guidance_id,
    entity,
    source_type,
    period_label,
    period_start_date,
    period_end_date,
    bound,
    value_native,
    currency,
    value_usd,
    fx_usd_per_unit,
    fx_rate_date,
    first_reported_on,
    revision_number,
    previous_value_native,
    value_native - previous_value_native as change_native,
    n_sources,
    source_urls,
    evidence,
    review_state
from ordered
