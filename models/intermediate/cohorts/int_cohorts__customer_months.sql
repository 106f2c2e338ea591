{#- Every customer who bought, with their acquisition cohort (Europe/Paris month of the first
    confirmed order), the channel of their first marketing touch at or before that order, and one
    row per month in which they bought: orders, revenue and margin in EUR.

    Incremental by customer: a run computes again every month of each customer with an order or a
    touch computed since its last run (computed_at: new, changed, or now the customer's), whose kept
    months add up to another number of confirmed orders than the customer counts now, or whose first
    touch (first_touch_id) is no longer theirs (it moved to another customer). Its rows are replaced
    whole (delete+insert by customer). A customer computed again who no longer bought is written as
    one row without a month, so that the delete+insert removes its kept rows; a post-hook then
    deletes that row. A change of crosschannel__reporting_timezone needs a --full-refresh. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('customer_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'order_month'),
    **incremental_config
) }}
{%- set order_month = "cast(" ~ dbt.date_trunc('month', crosschannel.reporting_date('ordered_at')) ~ " as date)" -%}
with

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

-- Customers with an order (any status: a confirmed order cancelled counts no more) or a touch
-- computed since.
gained_customers as (
    select customer_id
    from {{ ref('int_sales__orders_enriched') }}
    where customer_id is not null and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select customer_id
    from {{ ref('int_attribution__touches') }}
    where customer_id is not null and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- What each customer counts now. An order that came to a customer was computed since (gained): a
-- kept customer counting other confirmed orders without one lost some. Counted by customer, not
-- month: an order that moved to another month of its customer was computed since too.
customer_counts as (
    select
        customer_id,
        count(*) as orders
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
    group by customer_id
),

kept_customers as (
    select
        customer_id,
        sum(orders) as orders,
        min(first_touch_id) as first_touch_id
    from {{ this }}
    group by customer_id
),

-- Kept customers counting other confirmed orders now (one moved to another customer or stopped
-- counting), or whose first touch is no longer theirs.
recounted_customers as (
    select kept_customers.customer_id
    from kept_customers
    left join customer_counts on kept_customers.customer_id = customer_counts.customer_id
    where
        kept_customers.orders is distinct from customer_counts.orders
        or (
            kept_customers.first_touch_id is not null
            and not exists (
                select 1
                from {{ ref('int_attribution__touches') }} as touches
                where
                    touches.touch_id = kept_customers.first_touch_id
                    and touches.customer_id = kept_customers.customer_id
            )
        )
),

affected_customers as (
    select customer_id from gained_customers
    union
    select customer_id from recounted_customers
),

{% endif -%}
orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        channel,
        revenue_eur,
        margin_eur,
        {{ order_month }} as order_month
    from {{ ref('int_sales__orders_enriched') }}
    where
        order_status = 'confirmed' and customer_id is not null
    {%- if is_incremental() %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

touches as (
    select
        touch_id,
        customer_id,
        touched_at,
        channel
    from {{ ref('int_attribution__touches') }}
    {%- if is_incremental() %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
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
        touch_id as first_touch_id,
        channel as first_touch_channel
    from (
        select
            touches.customer_id,
            touches.touch_id,
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

computed_rows as (
    select
        months.customer_id,
        first_orders.cohort_month,
        first_touches.first_touch_id,
        coalesce(first_touches.first_touch_channel, 'no_prior_touch') as first_touch_channel,
        first_orders.first_purchase_channel,
        months.order_month,
        {{ dbt.datediff(
            'first_orders.cohort_month', 'months.order_month', 'month'
        ) }} as months_since_acquisition,
        months.orders,
        months.revenue_eur,
        months.margin_eur,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from months
    inner join first_orders on months.customer_id = first_orders.customer_id
    left join first_touches on months.customer_id = first_touches.customer_id
),

{% if is_incremental() -%}
-- Kept customers computed again who no longer bought: their row without a month (see the header).
emptied_customers as (
    select kept_customers.customer_id
    from kept_customers
    inner join affected_customers on kept_customers.customer_id = affected_customers.customer_id
    left join (select distinct customer_id from months) as buying_customers
        on kept_customers.customer_id = buying_customers.customer_id
    where buying_customers.customer_id is null
),

{% endif -%}
final as (
    select * from computed_rows
    {%- if is_incremental() %}
    union all
    select
        customer_id,
        cast(null as date) as cohort_month,
        cast(null as {{ dbt.type_string() }}) as first_touch_id,
        cast(null as {{ dbt.type_string() }}) as first_touch_channel,
        cast(null as {{ dbt.type_string() }}) as first_purchase_channel,
        cast(null as date) as order_month,
        cast(null as {{ dbt.type_bigint() }}) as months_since_acquisition,
        cast(null as {{ dbt.type_bigint() }}) as orders,
        cast(null as decimal(38, 2)) as revenue_eur,
        cast(null as decimal(38, 2)) as margin_eur,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_customers
    {%- endif %}
)

select * from final
