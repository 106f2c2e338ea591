{#- Every staged order with its customer (through the identity graph, from the back-office id the
    order names), its product's category, the store it belongs to with its region and the rule
    that placed it (store_allocation: the agency of the white-label site it was sold on, the store
    it names, the customer's home store; NULL and unallocated otherwise), and its money in EUR.

    Incremental by order: every run enriches every order (a customer merged or split, a home
    store, a product's category or a currency rate may change an order that was not delivered
    again), but writes (computed_at) only the orders whose enriched row differs from the one kept:
    its order_fingerprint, a hash of every column, is new. A post-hook deletes the orders no longer
    staged. Models downstream find the orders that changed since their own last run by computed_at. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('order_id') -%}
{{ config(
    post_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('stg_sales__orders') }}"),
    **incremental_config
) }}
{%- set enriched_columns = [
    'order_id', 'ordered_at', 'channel', 'order_status', 'source_system', 'source_customer_id',
    'customer_id', 'store_id', 'store_region', 'allocation_rule', 'site_id', 'lead_id', 'product_id',
    'product_category', 'quantity', 'revenue', 'margin', 'currency', 'revenue_eur', 'margin_eur',
] -%}
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

home_stores as (
    select
        customer_id,
        home_store_id,
        home_store_rule
    from {{ ref('int_customers__home_stores') }}
),

allocated as (
    select
        orders.*,
        customer_ids.customer_id,
        {{ crosschannel.store_allocation(
            'sites.store_id', 'orders.store_id', 'home_stores.home_store_id', 'home_stores.home_store_rule'
        ) }}
    from orders
    left join customer_ids
        on orders.source_system || ':' || orders.source_customer_id = customer_ids.node_id
    left join sites on orders.site_id = sites.site_id
    left join home_stores on customer_ids.customer_id = home_stores.customer_id
),

enriched as (
    select
        allocated.order_id,
        allocated.ordered_at,
        allocated.channel,
        allocated.order_status,
        allocated.source_system,
        allocated.source_customer_id,
        allocated.customer_id,
        allocated.allocated_store_id as store_id,
        stores.region as store_region,
        allocated.allocation_rule,
        allocated.site_id,
        allocated.lead_id,
        allocated.product_id,
        products.product_category,
        allocated.quantity,
        allocated.revenue,
        allocated.margin,
        allocated.currency,
        {{ crosschannel.eur_amount('allocated.revenue', 'allocated.currency') }} as revenue_eur,
        {{ crosschannel.eur_amount('allocated.margin', 'allocated.currency') }} as margin_eur
    from allocated
    left join products on allocated.product_id = products.product_id
    left join stores on allocated.allocated_store_id = stores.store_id
),

fingerprinted as (
    select
        *,
        {{ crosschannel.change_fingerprint(enriched_columns, '') }} as order_fingerprint
    from enriched
),

{% if is_incremental() -%}
kept_orders as (
    select
        order_id,
        order_fingerprint
    from {{ this }}
),

{% endif -%}
final as (
    select
        {%- for column in enriched_columns %}
            fingerprinted.{{ column }},
        {%- endfor %}
        fingerprinted.order_fingerprint,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from fingerprinted
    {%- if is_incremental() %}
    left join kept_orders
        on
            fingerprinted.order_id = kept_orders.order_id
            and fingerprinted.order_fingerprint = kept_orders.order_fingerprint
    where kept_orders.order_id is null
    {%- endif %}
)

select * from final
