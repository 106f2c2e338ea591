{#- Every customer who bought, with their acquisition cohort (Europe/Paris month of the first
    confirmed order), the channel of their first marketing touch at or before that order, and one
    row per month in which they bought: orders, revenue and margin in EUR. -#}
with

orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        channel,
        revenue_eur,
        margin_eur,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('ordered_at')) }} as date) as order_month
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

touches as (
    select
        touch_id,
        customer_id,
        touched_at,
        channel
    from {{ ref('int_attribution__touches') }}
),

first_orders as (
    select
        customer_id,
        ordered_at as first_purchase_at,
        order_month as cohort_month,
        channel as first_purchase_channel
    from (
        select
            customer_id,
            ordered_at,
            order_month,
            channel,
            row_number() over (partition by customer_id order by ordered_at, order_id) as purchase_number
        from orders
    ) as numbered
    where purchase_number = 1
),

first_touches as (
    select
        customer_id,
        channel as first_touch_channel
    from (
        select
            touches.customer_id,
            touches.channel,
            row_number() over (
                partition by touches.customer_id order by touches.touched_at, touches.touch_id
            ) as touch_number
        from touches
        inner join first_orders
            on
                touches.customer_id = first_orders.customer_id
                and touches.touched_at <= first_orders.first_purchase_at
    ) as numbered
    where touch_number = 1
),

months as (
    select
        customer_id,
        order_month,
        count(*) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur
    from orders
    group by customer_id, order_month
),

final as (
    select
        months.customer_id,
        first_orders.cohort_month,
        coalesce(first_touches.first_touch_channel, 'no_prior_touch') as first_touch_channel,
        first_orders.first_purchase_channel,
        months.order_month,
        {{ dbt.datediff(
            'first_orders.cohort_month', 'months.order_month', 'month'
        ) }} as months_since_acquisition,
        months.orders,
        months.revenue_eur,
        months.margin_eur
    from months
    inner join first_orders on months.customer_id = first_orders.customer_id
    left join first_touches on months.customer_id = first_touches.customer_id
)

select * from final
