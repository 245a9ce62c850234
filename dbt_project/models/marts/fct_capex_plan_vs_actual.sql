-- Did each company spend what it said it would? Per company and fiscal year: the latest plan
-- from the news (low and high where a range), beside it the latest guidance in the company's own
-- earnings release, the actual summed from filings (or, for a company outside the SEC, stated in
-- its exchange results announcement), and the gap, in the native currency and in US dollars.
--
-- Definitions: `actual_native` is cash paid for property and equipment (XBRL tag in
-- `actual_definition`), without finance leases. Several companies' plans count assets acquired
-- under finance leases (Microsoft's "$80 billion" does); `actual_with_finance_lease_payments_native`
-- adds the principal repaid on finance leases in the year as the closest figure the filings give.
-- A year in progress shows the year-to-date actual and how many quarters it covers.
with companies as (
    select entity, fiscal_year_end_month, reports_in_currency from {{ ref('companies') }}
),

plan_facts as (
    select
        money_facts.*,
        cast(regexp_extract(money_facts.period_label, '(\d{4})', 1) as integer) as fiscal_year
    from {{ ref('int_money_facts_converted') }} as money_facts
    inner join companies using (entity)
    where
        money_facts.metric = 'capex'
        and money_facts.kind = 'plan'
        and money_facts.source_type in ('news', 'press_release')
        -- A fiscal label, or a calendar year for a company whose fiscal year is the calendar year.
        and (
            regexp_full_match(money_facts.period_label, 'FY\d{4}')
            or (regexp_full_match(money_facts.period_label, '\d{4}') and companies.fiscal_year_end_month = 12)
        )
),

latest_plan_date as (
    -- The latest plan, in the company's reporting currency when it was given in several.
    select
        plan_facts.source_type,
        plan_facts.entity,
        plan_facts.fiscal_year,
        max(plan_facts.first_reported_on) as plan_reported_on,
        count(*) as n_plan_facts
    from plan_facts
    group by all
),

latest_plan_currency as (
    select
        plan_facts.source_type,
        plan_facts.entity,
        plan_facts.fiscal_year,
        arg_max(
            plan_facts.currency,
            cast((plan_facts.currency = companies.reports_in_currency) as int) || plan_facts.currency
        ) as plan_currency
    from plan_facts
    inner join latest_plan_date using (source_type, entity, fiscal_year)
    inner join companies using (entity)
    where plan_facts.first_reported_on = latest_plan_date.plan_reported_on
    group by all
),

latest_plan as (
    select
        plan_facts.source_type,
        plan_facts.entity,
        plan_facts.fiscal_year,
        latest_plan_currency.plan_currency,
        min(plan_facts.value_native) filter (where plan_facts.bound != 'at_most') as plan_low_native,
        max(plan_facts.value_native) filter (where plan_facts.bound != 'at_least') as plan_high_native,
        min(plan_facts.value_usd) filter (where plan_facts.bound != 'at_most') as plan_low_usd,
        max(plan_facts.value_usd) filter (where plan_facts.bound != 'at_least') as plan_high_usd,
        min(plan_facts.fx_usd_per_unit) as plan_fx_usd_per_unit,
        min(plan_facts.fx_rate_date) as plan_fx_rate_date,
        min(plan_facts.fx_rule) as plan_fx_rule,
        latest_plan_date.plan_reported_on,
        latest_plan_date.n_plan_facts,
        list_sort(list_distinct(flatten(list(plan_facts.source_urls)))) as plan_source_urls
    from plan_facts
    inner join latest_plan_date using (source_type, entity, fiscal_year)
    inner join latest_plan_currency using (source_type, entity, fiscal_year)
    where plan_facts.first_reported_on = latest_plan_date.plan_reported_on
        and plan_facts.currency = latest_plan_currency.plan_currency
    group by
        plan_facts.source_type, plan_facts.entity, plan_facts.fiscal_year, latest_plan_currency.plan_currency,
        latest_plan_date.plan_reported_on, latest_plan_date.n_plan_facts
),

news_plan as (
    select * exclude (source_type) from latest_plan
    where source_type = 'news'
),

release_guidance as (
    select
        entity,
        fiscal_year,
        plan_currency as guidance_currency,
        plan_low_native as guidance_low_native,
        plan_high_native as guidance_high_native,
        plan_reported_on as guidance_reported_on,
        plan_source_urls as guidance_source_urls
    from latest_plan
    where source_type = 'press_release'
),

filed as (
    select * from {{ ref('int_sec_flows_quarterly_derived') }}
    where metric in ('capex', 'finance_lease_payments')
),

filed_years as (
    select entity, fiscal_year, metric, latest_value, reported_unit, tag, definition, period_start_date, period_end_date
    from filed
    where period_grain = 'year'
),

filed_quarters as (
    select
        entity, fiscal_year, metric, min(reported_unit) as reported_unit, min(tag) as tag,
        min(definition) as definition, sum(latest_value) as latest_value, count(*) as quarters,
        min(period_start_date) as period_start_date, max(period_end_date) as period_end_date
    from filed
    where period_grain = 'quarter'
    group by all
),

capex_years as (
    select * from filed_years
    where metric = 'capex'
),

capex_quarters as (
    select * from filed_quarters
    where metric = 'capex'
),

lease_years as (
    select * from filed_years
    where metric = 'finance_lease_payments'
),

lease_quarters as (
    select * from filed_quarters
    where metric = 'finance_lease_payments'
),

filed_actuals as (
    select
        coalesce(y.entity, q.entity) as entity,
        coalesce(y.fiscal_year, q.fiscal_year) as fiscal_year,
        coalesce(y.latest_value, q.latest_value) as actual_native,
        coalesce(y.reported_unit, q.reported_unit) as actual_currency,
        coalesce(y.tag, q.tag) || ': ' || coalesce(y.definition, q.definition) as actual_definition,
        case when y.entity is not null then 4 else q.quarters end as quarters_reported,
        coalesce(y.period_start_date, q.period_start_date) as actual_period_start_date,
        coalesce(y.period_end_date, q.period_end_date) as actual_period_end_date
    from capex_years as y
    full outer join capex_quarters as q
        on y.entity = q.entity and y.fiscal_year = q.fiscal_year
),

announced_actuals as (
    -- A full-year actual an issuer stated in its exchange results announcement (the latest
    -- announcement's figure when restated), with its rate.
    select
        entity,
        cast(regexp_extract(period_label, '(\d{4})', 1) as integer) as fiscal_year,
        arg_max(value_native, last_reported_on || fact_id) as actual_native,
        arg_max(currency, last_reported_on || fact_id) as actual_currency,
        'results announcement: '
        || arg_max(coalesce(evidence_cell, evidence), last_reported_on || fact_id) as actual_definition,
        4 as quarters_reported,
        min(period_start_date) as actual_period_start_date,
        max(period_end_date) as actual_period_end_date,
        arg_max(fx_usd_per_unit, last_reported_on || fact_id) as actual_fx_usd_per_unit,
        arg_max(fx_rate_date, last_reported_on || fact_id) as actual_fx_rate_date,
        arg_max(fx_rule, last_reported_on || fact_id) as actual_fx_rule
    from {{ ref('int_money_facts_converted') }}
    where metric = 'capex' and kind = 'actual' and source_type = 'exchange_announcement'
        and segment is null and regexp_full_match(period_label, '(FY)?\d{4}')
    group by all
),

actuals as (
    -- SEC filings where the company files with the SEC; its announcement otherwise.
    select *, 'filing' as actual_source_type from filed_actuals
    union all by name
    select
        announced_actuals.* exclude (
            announced_actuals.actual_fx_usd_per_unit,
            announced_actuals.actual_fx_rate_date,
            announced_actuals.actual_fx_rule
        ),
        'exchange_announcement' as actual_source_type
    from announced_actuals
    anti join filed_actuals using (entity, fiscal_year)
),

leases as (
    select
        coalesce(y.entity, q.entity) as entity,
        coalesce(y.fiscal_year, q.fiscal_year) as fiscal_year,
        coalesce(y.latest_value, q.latest_value) as finance_lease_payments_native
    from lease_years as y
    full outer join lease_quarters as q
        on y.entity = q.entity and y.fiscal_year = q.fiscal_year
),

actual_fx as (
    -- The converted annual (or latest quarter's) filing fact carries the rate of the actual.
    select
        entity, cast(regexp_extract(period_label, '(\d{4})', 1) as integer) as fiscal_year,
        min(fx_usd_per_unit) as actual_fx_usd_per_unit,
        min(fx_rate_date) as actual_fx_rate_date,
        min(fx_rule) as actual_fx_rule
    from {{ ref('int_money_facts_converted') }}
    where metric = 'capex' and source_type = 'filing' and regexp_full_match(period_label, '(FY)?\d{4}')
    group by all
    union all
    select
        announced_actuals.entity,
        announced_actuals.fiscal_year,
        announced_actuals.actual_fx_usd_per_unit,
        announced_actuals.actual_fx_rate_date,
        announced_actuals.actual_fx_rule
    from announced_actuals
    anti join filed_actuals using (entity, fiscal_year)
),

joined as (
    select
        coalesce(news_plan.entity, release_guidance.entity, actuals.entity) as entity,
        coalesce(news_plan.fiscal_year, release_guidance.fiscal_year, actuals.fiscal_year) as fiscal_year,
        news_plan.* exclude (entity, fiscal_year),
        release_guidance.* exclude (entity, fiscal_year),
        actuals.* exclude (entity, fiscal_year),
        leases.finance_lease_payments_native,
        actual_fx.actual_fx_usd_per_unit,
        actual_fx.actual_fx_rate_date,
        actual_fx.actual_fx_rule
    from news_plan
    full outer join release_guidance
        on news_plan.entity = release_guidance.entity and news_plan.fiscal_year = release_guidance.fiscal_year
    full outer join actuals
        on coalesce(news_plan.entity, release_guidance.entity) = actuals.entity
        and coalesce(news_plan.fiscal_year, release_guidance.fiscal_year) = actuals.fiscal_year
    left join leases
        on coalesce(news_plan.entity, release_guidance.entity, actuals.entity) = leases.entity
        and coalesce(news_plan.fiscal_year, release_guidance.fiscal_year, actuals.fiscal_year) = leases.fiscal_year
    left join actual_fx
        on coalesce(news_plan.entity, release_guidance.entity, actuals.entity) = actual_fx.entity
        and coalesce(news_plan.fiscal_year, release_guidance.fiscal_year, actuals.fiscal_year) = actual_fx.fiscal_year
),

converted as (
    -- The actual's rate and the plan's midpoint, once: the gap columns read them.
    select
        joined.* exclude (actual_fx_usd_per_unit, actual_fx_rate_date, actual_fx_rule),
        {{ fx_columns(
            'joined.actual_currency',
            'joined.actual_fx_usd_per_unit',
            'joined.actual_fx_rate_date',
            'joined.actual_fx_rule',
            prefix='actual_',
        ) }},
        {{ range_midpoint('joined.plan_low_native', 'joined.plan_high_native') }} as plan_mid_native,
        {{ range_midpoint('joined.plan_low_usd', 'joined.plan_high_usd') }} as plan_mid_usd
    from joined
)

select
    md5(converted.entity || '|' || converted.fiscal_year) as plan_vs_actual_id,
    converted.entity,
    converted.fiscal_year,
    fiscal_period_label(converted.fiscal_year, companies.fiscal_year_end_month, null) as period_label,
    fiscal_year_start_date(converted.fiscal_year, companies.fiscal_year_end_month) as period_start_date,
    fiscal_year_end_date(converted.fiscal_year, companies.fiscal_year_end_month) as period_end_date,
    coalesce(converted.plan_currency, converted.guidance_currency, converted.actual_currency) as currency,
    converted.plan_low_native,
    converted.plan_high_native,
    converted.plan_mid_native,
    converted.plan_low_usd,
    converted.plan_high_usd,
    converted.plan_fx_usd_per_unit,
    converted.plan_fx_rate_date,
    converted.plan_fx_rule,
    converted.plan_reported_on,
    converted.n_plan_facts,
    converted.plan_source_urls,
    converted.guidance_currency,
    converted.guidance_low_native,
    converted.guidance_high_native,
    converted.guidance_reported_on,
    converted.guidance_source_urls,
    converted.actual_source_type,
    converted.actual_native,
    converted.actual_definition,
    converted.quarters_reported,
    case
        when converted.actual_native is null then 'not reported'
        when converted.quarters_reported = 4 then 'full year'
        else 'year to date'
    end as actual_status,
    converted.finance_lease_payments_native,
    converted.actual_native
    + coalesce(converted.finance_lease_payments_native, 0) as actual_with_finance_lease_payments_native,
    converted.actual_fx_usd_per_unit,
    converted.actual_fx_rate_date,
    converted.actual_fx_rule,
    {{ to_usd('converted.actual_native', 'converted.actual_fx_usd_per_unit') }} as actual_usd,
    case when converted.quarters_reported = 4 and converted.plan_currency = converted.actual_currency
            then converted.actual_native - converted.plan_mid_native
    end as gap_native,
    case when converted.quarters_reported = 4
            then converted.actual_native * converted.actual_fx_usd_per_unit - converted.plan_mid_usd
    end as gap_usd,
    case when converted.quarters_reported = 4 and converted.plan_currency = converted.actual_currency
            then (converted.actual_native - converted.plan_mid_native) / converted.plan_mid_native
    end as gap_pct
from converted
inner join companies using (entity)
