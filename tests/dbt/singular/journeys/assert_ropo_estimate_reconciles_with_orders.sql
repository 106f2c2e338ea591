{#- mart_ropo_estimate adds up to the orders it comes from, to the cent, in every period: confirmed
    store and call-centre orders and their revenue, the identified ROPO among them (fct_ropo_orders)
    and confirmed web revenue; the months add up to the years and to all. Returns a row per period
    where a measure differs. -#}
with

offline_orders as (
    select
        ordered_at,
        revenue_eur,
        is_ropo
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed'
),

web_orders as (
    select
        ordered_at,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and order_status = 'confirmed'
),

estimates as (
    select
        period_grain,
        period_start,
        offline_orders,
        identified_ropo_orders,
        offline_revenue_eur,
        identified_ropo_revenue_eur,
        web_revenue_eur
    from {{ ref('mart_ropo_estimate') }}
),

first_month as (
    select cast({{ dbt.date_trunc('month', 'min(ordered_at)') }} as date) as period_start
    from offline_orders
),

offline_periods as (
    select
        'month' as period_grain,
        cast({{ dbt.date_trunc('month', 'ordered_at') }} as date) as period_start,
        revenue_eur,
        is_ropo
    from offline_orders
    union all
    select
        'year' as period_grain,
        cast({{ dbt.date_trunc('year', 'ordered_at') }} as date) as period_start,
        revenue_eur,
        is_ropo
    from offline_orders
    union all
    select
        'all' as period_grain,
        first_month.period_start,
        offline_orders.revenue_eur,
        offline_orders.is_ropo
    from offline_orders
    cross join first_month
),

expected as (
    select
        period_grain,
        period_start,
        count(*) as offline_orders,
        count(case when is_ropo then 1 end) as identified_ropo_orders,
        sum(revenue_eur) as offline_revenue_eur,
        coalesce(sum(case when is_ropo then revenue_eur end), 0) as identified_ropo_revenue_eur
    from offline_periods
    group by period_grain, period_start
),

web_expected as (
    select
        estimates.period_grain,
        estimates.period_start,
        coalesce(sum(web_orders.revenue_eur), 0) as web_revenue_eur
    from estimates
    left join web_orders
        on
            estimates.period_grain = 'all'
            or (
                estimates.period_grain = 'month'
                and cast({{ dbt.date_trunc('month', 'web_orders.ordered_at') }} as date) = estimates.period_start
            )
            or (
                estimates.period_grain = 'year'
                and cast({{ dbt.date_trunc('year', 'web_orders.ordered_at') }} as date) = estimates.period_start
            )
    group by estimates.period_grain, estimates.period_start
),

final as (
    select
        coalesce(estimates.period_grain, expected.period_grain) as period_grain,
        coalesce(estimates.period_start, expected.period_start) as period_start,
        estimates.offline_orders,
        expected.offline_orders as expected_offline_orders,
        estimates.identified_ropo_orders,
        expected.identified_ropo_orders as expected_identified_ropo_orders,
        estimates.offline_revenue_eur,
        expected.offline_revenue_eur as expected_offline_revenue_eur,
        estimates.identified_ropo_revenue_eur,
        expected.identified_ropo_revenue_eur as expected_identified_ropo_revenue_eur,
        estimates.web_revenue_eur,
        web_expected.web_revenue_eur as expected_web_revenue_eur
    from estimates
    full outer join expected
        on
            estimates.period_grain = expected.period_grain
            and estimates.period_start = expected.period_start
    left join web_expected
        on
            estimates.period_grain = web_expected.period_grain
            and estimates.period_start = web_expected.period_start
)

select * from final
where
    offline_orders is distinct from expected_offline_orders
    or identified_ropo_orders is distinct from expected_identified_ropo_orders
    or offline_revenue_eur is distinct from expected_offline_revenue_eur
    or identified_ropo_revenue_eur is distinct from expected_identified_ropo_revenue_eur
    or web_revenue_eur is distinct from expected_web_revenue_eur
