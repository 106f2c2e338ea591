with

orders as (
    select
        order_id,
        ordered_at,
        channel,
        source_system,
        source_customer_id,
        store_id,
        site_id,
        lead_id,
        product_id,
        quantity,
        revenue,
        margin,
        currency,
        status
    from {{ ref('base_sales__orders') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        order_id,
        ordered_at,
        channel,
        source_system,
        source_customer_id,
        store_id,
        site_id,
        lead_id,
        product_id,
        quantity,
        revenue,
        margin,
        coalesce(upper(currency), '{{ var("crosschannel__default_currency") }}') as currency,
        status as order_status
    from orders
)

select * from final
