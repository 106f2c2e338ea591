{#- Reverse ROPO (showrooming): every web order and web quote, and whether its customer was in a
    store first - a store lead (quote, appointment...) or a store order, any status, in the
    crosschannel__reverse_ropo_lookback_days before it. The last such store touch gives the
    store. -#}
{%- set lookback_days = var('crosschannel__reverse_ropo_lookback_days') %}
with

orders as (
    select
        order_id,
        ordered_at,
        channel,
        order_status,
        customer_id,
        store_id,
        site_id,
        product_id,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
),

lead_customers as (
    select
        leads.lead_id,
        leads.created_at,
        leads.channel,
        leads.lead_type,
        leads.lead_status,
        leads.store_id,
        leads.product_id,
        leads.quoted_amount,
        customer_ids.customer_id
    from {{ ref('stg_sales__leads') }} as leads
    left join {{ ref('int_identity__customer_ids') }} as customer_ids
        on 'lead:' || leads.lead_id = customer_ids.node_id
),

web_conversions as (
    select
        'web_order' as conversion_type,
        order_id as conversion_id,
        ordered_at as converted_at,
        order_status as conversion_status,
        customer_id,
        site_id,
        product_id,
        revenue_eur as value_eur
    from orders
    where channel = 'web'
    union all
    select
        'web_quote' as conversion_type,
        lead_id as conversion_id,
        created_at as converted_at,
        lead_status as conversion_status,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as site_id,
        product_id,
        quoted_amount as value_eur
    from lead_customers
    where channel = 'web' and lead_type = 'quote'
),

store_touches as (
    select
        'store_lead' as touch_type,
        lead_id as touch_id,
        created_at as touched_at,
        customer_id,
        store_id
    from lead_customers
    where channel = 'store' and customer_id is not null
    union all
    select
        'store_order' as touch_type,
        order_id as touch_id,
        ordered_at as touched_at,
        customer_id,
        store_id
    from orders
    where channel = 'store' and customer_id is not null
),

conversion_touches as (
    select
        web_conversions.conversion_type,
        web_conversions.conversion_id,
        store_touches.touch_type,
        store_touches.touched_at,
        store_touches.store_id,
        row_number() over (
            partition by web_conversions.conversion_type, web_conversions.conversion_id
            order by store_touches.touched_at desc, store_touches.touch_id desc
        ) as recency_rank,
        count(*) over (
            partition by web_conversions.conversion_type, web_conversions.conversion_id
        ) as store_touches
    from web_conversions
    inner join store_touches
        on
            web_conversions.customer_id = store_touches.customer_id
            and web_conversions.converted_at > store_touches.touched_at
            and {{ dbt.dateadd('day', -lookback_days, 'web_conversions.converted_at') }}
            <= store_touches.touched_at
),

last_touches as (
    select
        conversion_type,
        conversion_id,
        touch_type,
        touched_at,
        store_id,
        store_touches
    from conversion_touches
    where recency_rank = 1
),

final as (
    select
        web_conversions.conversion_type,
        web_conversions.conversion_id,
        web_conversions.converted_at,
        web_conversions.conversion_status,
        web_conversions.customer_id,
        web_conversions.site_id,
        web_conversions.product_id,
        web_conversions.value_eur,
        last_touches.conversion_id is not null as is_reverse_ropo,
        coalesce(last_touches.store_touches, 0) as store_touches,
        last_touches.touch_type as last_store_touch_type,
        last_touches.touched_at as last_store_touch_at,
        last_touches.store_id as last_store_id,
        {{ crosschannel.days_between('last_touches.touched_at', 'web_conversions.converted_at') }}
            as days_from_store_touch
    from web_conversions
    left join last_touches
        on
            web_conversions.conversion_type = last_touches.conversion_type
            and web_conversions.conversion_id = last_touches.conversion_id
)

select * from final
