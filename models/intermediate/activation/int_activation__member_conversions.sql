{#- Every conversion of an audience member, whatever its channel: a confirmed order or a lead of a
    known customer, and a sent lead form or web order on the member's sessions (an anonymous
    cookie's only visible conversions). An intent after the member's latest conversion is still
    open; read by mart_audiences and mart_campaign_audience_lift. -#}
with

member_events as (
    select
        member_type,
        member_id,
        event_at
    from {{ ref('int_activation__member_events') }}
    where event_role = 'conversion'
),

orders as (
    select
        customer_id,
        ordered_at
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

leads as (
    select
        allocated.customer_id,
        staged.created_at
    from {{ ref('stg_sales__leads') }} as staged
    inner join {{ ref('int_sales__leads_allocated') }} as allocated on staged.lead_id = allocated.lead_id
    where allocated.customer_id is not null
),

final as (
    select
        member_type,
        member_id,
        event_at as converted_at,
        'web_event' as conversion_source
    from member_events
    union all
    select
        'customer' as member_type,
        customer_id as member_id,
        ordered_at as converted_at,
        'order' as conversion_source
    from orders
    union all
    select
        'customer' as member_type,
        customer_id as member_id,
        created_at as converted_at,
        'lead' as conversion_source
    from leads
)

select * from final
