{#- What attribution credits: every confirmed order (web, store, call centre) with its revenue,
    and every won lead (a conversion without revenue of its own: the order converting it carries
    the revenue). -#}
with

orders as (
    select
        order_id,
        ordered_at,
        channel,
        customer_id,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

won_leads as (
    select
        leads.lead_id,
        leads.created_at,
        leads.channel as lead_channel,
        customer_ids.customer_id
    from {{ ref('stg_sales__leads') }} as leads
    inner join {{ ref('int_identity__customer_ids') }} as customer_ids
        on 'lead:' || leads.lead_id = customer_ids.node_id
    where leads.lead_status = 'won'
),

final as (
    select
        'order:' || order_id as conversion_id,
        'order' as conversion_type,
        channel as conversion_channel,
        customer_id,
        ordered_at as converted_at,
        revenue_eur
    from orders
    union all
    select
        'lead:' || lead_id as conversion_id,
        'won_lead' as conversion_type,
        lead_channel as conversion_channel,
        customer_id,
        created_at as converted_at,
        cast(0 as decimal(18, 2)) as revenue_eur
    from won_leads
)

select * from final
