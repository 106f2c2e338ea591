{#- Every staged order with its customer (through the identity graph, from the back-office id the
    order names), its product's category, the store it belongs to (the selling store, else the
    store of the selling white-label site) with its region, and its money in EUR. -#}
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
        order_status
    from {{ ref('stg_sales__orders') }}
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

products as (
    select
        product_id,
        product_category
    from {{ ref('stg_sales__products') }}
),

sites as (
    select
        site_id,
        store_id
    from {{ ref('stg_web__sites') }}
),

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

final as (
    select
        orders.order_id,
        orders.ordered_at,
        orders.channel,
        orders.order_status,
        orders.source_system,
        orders.source_customer_id,
        customer_ids.customer_id,
        coalesce(orders.store_id, sites.store_id) as store_id,
        stores.region as store_region,
        orders.site_id,
        orders.lead_id,
        orders.product_id,
        products.product_category,
        orders.quantity,
        orders.revenue,
        orders.margin,
        orders.currency,
        {{ crosschannel.eur_amount('orders.revenue', 'orders.currency') }} as revenue_eur,
        {{ crosschannel.eur_amount('orders.margin', 'orders.currency') }} as margin_eur
    from orders
    left join customer_ids
        on orders.source_system || ':' || orders.source_customer_id = customer_ids.node_id
    left join products on orders.product_id = products.product_id
    left join sites on orders.site_id = sites.site_id
    left join stores on coalesce(orders.store_id, sites.store_id) = stores.store_id
)

select * from final
