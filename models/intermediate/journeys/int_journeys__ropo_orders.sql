{#- The ROPO rule (research online, purchase offline): every store and call-centre order, and whether its
    customer researched it on the web - a crosschannel__ropo_research_event_types event on a
    product of the order's category (crosschannel__ropo_requires_category_match) in the
    crosschannel__ropo_lookback_days before it, on any of the customer's cookies. The last such
    event gives the research site and the online touch (its session's channel and campaign). -#}
{%- set lookback_days = var('crosschannel__ropo_lookback_days') %}
with

offline_orders as (
    select
        order_id,
        ordered_at,
        channel,
        order_status,
        customer_id,
        store_id,
        store_region,
        product_id,
        product_category,
        revenue_eur,
        margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel in ('store', 'call_center')
),

research_events as (
    select
        event_id,
        event_at,
        customer_id,
        session_id,
        site_id,
        product_id,
        product_category,
        channel,
        campaign_id,
        is_logged_in_cookie
    from {{ ref('int_web__research_events') }}
),

order_research as (
    select
        offline_orders.order_id,
        research_events.event_id,
        research_events.event_at,
        research_events.site_id,
        research_events.session_id,
        research_events.channel,
        research_events.campaign_id,
        research_events.is_logged_in_cookie,
        research_events.product_id = offline_orders.product_id as is_same_product,
        research_events.product_category = offline_orders.product_category as is_same_category,
        row_number() over (
            partition by offline_orders.order_id
            order by research_events.event_at desc, research_events.event_id desc
        ) as recency_rank
    from offline_orders
    inner join research_events
        on
            offline_orders.customer_id = research_events.customer_id
            and offline_orders.ordered_at > research_events.event_at
            and {{ dbt.dateadd('day', -lookback_days, 'offline_orders.ordered_at') }}
            <= research_events.event_at
            {%- if var('crosschannel__ropo_requires_category_match') %}
                and offline_orders.product_category = research_events.product_category
            {%- endif %}
),

research_summary as (
    select
        order_id,
        count(*) as research_events,
        count(distinct session_id) as research_sessions,
        max(case when is_same_product then 1 else 0 end) = 1 as has_same_product,
        max(case when is_same_category then 1 else 0 end) = 1 as has_same_category,
        max(case when is_logged_in_cookie then 1 else 0 end) = 1 as has_logged_in_research
    from order_research
    group by order_id
),

last_research as (
    select
        order_id,
        event_at as last_research_at,
        site_id as research_site_id,
        session_id as last_research_session_id,
        channel as last_research_channel,
        campaign_id as last_research_campaign_id
    from order_research
    where recency_rank = 1
),

final as (
    select
        offline_orders.order_id,
        offline_orders.ordered_at,
        offline_orders.channel as order_channel,
        offline_orders.order_status,
        offline_orders.customer_id,
        offline_orders.store_id,
        offline_orders.store_region,
        offline_orders.product_id,
        offline_orders.product_category,
        offline_orders.revenue_eur,
        offline_orders.margin_eur,
        research_summary.order_id is not null as is_ropo,
        case
            when research_summary.has_same_product then 'same_product'
            when research_summary.has_same_category then 'same_category'
            when research_summary.order_id is not null then 'none'
        end as product_match,
        coalesce(research_summary.research_events, 0) as research_events,
        coalesce(research_summary.research_sessions, 0) as research_sessions,
        coalesce(research_summary.has_logged_in_research, false) as has_logged_in_research,
        last_research.research_site_id,
        last_research.last_research_at,
        last_research.last_research_session_id,
        last_research.last_research_channel,
        last_research.last_research_campaign_id,
        {{ crosschannel.days_between('last_research.last_research_at', 'offline_orders.ordered_at') }}
            as days_from_research
    from offline_orders
    left join research_summary on offline_orders.order_id = research_summary.order_id
    left join last_research on offline_orders.order_id = last_research.order_id
)

select * from final
