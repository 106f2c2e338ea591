{#- Cohorts add up to the confirmed orders of known customers: every buying customer in exactly
    one cohort, and orders, revenue and margin to the cent over all cohorts and periods, in both
    cohort marts; an empty delivery adds up to zero everywhere. Returns the measures that differ. -#}
with

orders as (
    select
        count(distinct customer_id) as customers,
        count(*) as orders,
        coalesce(sum(revenue_eur), 0) as revenue_eur,
        coalesce(sum(margin_eur), 0) as margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

by_month as (
    select
        'mart_cohort_retention' as mart,
        coalesce(sum(case when months_since_acquisition = 0 then cohort_customers else 0 end), 0) as customers,
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(revenue_eur), 0) as revenue_eur,
        coalesce(sum(margin_eur), 0) as margin_eur
    from {{ ref('mart_cohort_retention') }}
),

by_channel as (
    select
        'mart_channel_cohort_retention' as mart,
        coalesce(sum(case when months_since_acquisition = 0 then customers_observed else 0 end), 0) as customers,
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(revenue_eur), 0) as revenue_eur,
        coalesce(sum(margin_eur), 0) as margin_eur
    from {{ ref('mart_channel_cohort_retention') }}
),

marts as (
    select * from by_month
    union all
    select * from by_channel
),

final as (
    select
        marts.mart,
        marts.customers,
        orders.customers as expected_customers,
        marts.orders,
        orders.orders as expected_orders,
        marts.revenue_eur,
        orders.revenue_eur as expected_revenue_eur,
        marts.margin_eur,
        orders.margin_eur as expected_margin_eur
    from marts
    cross join orders
    where
        marts.customers is distinct from orders.customers
        or marts.orders is distinct from orders.orders
        or marts.revenue_eur is distinct from orders.revenue_eur
        or marts.margin_eur is distinct from orders.margin_eur
)

select * from final
