{#- ROPO (research online, purchase offline): every store and call-centre order and whether its
    customer researched it on the web before (int_journeys__ropo_orders holds the rule). -#}
with

ropo_orders as (
    select
        order_id,
        ordered_at,
        order_channel,
        order_status,
        customer_id,
        store_id,
        store_region,
        product_id,
        product_category,
        revenue_eur,
        margin_eur,
        is_ropo,
        product_match,
        research_events,
        research_sessions,
        research_site_id,
        last_research_at,
        last_research_session_id,
        last_research_channel,
        last_research_campaign_id,
        days_from_research
    from {{ ref('int_journeys__ropo_orders') }}
),

final as (
    select
        order_id,
        ordered_at,
        order_channel,
        order_status,
        customer_id,
        store_id,
        store_region,
        product_id,
        product_category,
        revenue_eur,
        margin_eur,
        is_ropo,
        product_match,
        research_events,
        research_sessions,
        research_site_id,
        last_research_at,
        last_research_session_id,
        last_research_channel,
        last_research_campaign_id,
        days_from_research
    from ropo_orders
)

select * from final
