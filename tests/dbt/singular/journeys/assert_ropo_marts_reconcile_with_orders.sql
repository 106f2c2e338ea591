{#- The ROPO marts add up to the orders they come from, to the cent: confirmed store and
    call-centre orders for mart_ropo_monthly and the overall multiplier row, confirmed web orders
    for the multiplier's web side. Returns a row when a measure differs. -#}
with

orders as (
    select
        channel,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

ropo_orders as (
    select revenue_eur
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed' and is_ropo
),

monthly as (
    select
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(revenue_eur), 0) as revenue_eur,
        coalesce(sum(ropo_orders), 0) as ropo_orders,
        coalesce(sum(ropo_revenue_eur), 0) as ropo_revenue_eur
    from {{ ref('mart_ropo_monthly') }}
),

overall as (
    select
        offline_revenue_eur,
        ropo_revenue_eur,
        web_revenue_eur
    from {{ ref('mart_ropo_multiplier') }}
    where scope_level = 'all'
),

expected_orders as (
    select
        count(case when channel in ('store', 'call_center') then 1 end) as offline_orders,
        coalesce(sum(case when channel in ('store', 'call_center') then revenue_eur end), 0) as offline_revenue_eur,
        coalesce(sum(case when channel = 'web' then revenue_eur end), 0) as web_revenue_eur
    from orders
),

expected_ropo as (
    select
        count(*) as ropo_orders,
        coalesce(sum(revenue_eur), 0) as ropo_revenue_eur
    from ropo_orders
),

final as (
    select
        monthly.orders as monthly_orders,
        expected_orders.offline_orders as expected_offline_orders,
        monthly.revenue_eur as monthly_revenue_eur,
        overall.offline_revenue_eur as multiplier_offline_revenue_eur,
        expected_orders.offline_revenue_eur as expected_offline_revenue_eur,
        monthly.ropo_orders as monthly_ropo_orders,
        expected_ropo.ropo_orders as expected_ropo_orders,
        monthly.ropo_revenue_eur as monthly_ropo_revenue_eur,
        overall.ropo_revenue_eur as multiplier_ropo_revenue_eur,
        expected_ropo.ropo_revenue_eur as expected_ropo_revenue_eur,
        overall.web_revenue_eur as multiplier_web_revenue_eur,
        expected_orders.web_revenue_eur as expected_web_revenue_eur
    from monthly
    cross join overall
    cross join expected_orders
    cross join expected_ropo
)

select * from final
where
    monthly_orders is distinct from expected_offline_orders
    or monthly_revenue_eur is distinct from expected_offline_revenue_eur
    or multiplier_offline_revenue_eur is distinct from expected_offline_revenue_eur
    or monthly_ropo_orders is distinct from expected_ropo_orders
    or monthly_ropo_revenue_eur is distinct from expected_ropo_revenue_eur
    or multiplier_ropo_revenue_eur is distinct from expected_ropo_revenue_eur
    or multiplier_web_revenue_eur is distinct from expected_web_revenue_eur
