{#- Every activity a funnel stage rule (seed funnel_stage_rules) counts, from every channel: campaign
    touches, web events, leads and orders, each with its Europe/Paris month, its product's
    category, its channel and its subject: the customer the identity graph ties it to, else the
    anonymous cookie, else the campaign audience key nobody could resolve (salted). -#}
with

rule_activities as (
    select distinct
        activity_source,
        activity_type
    from {{ ref('funnel_stage_rules') }}
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

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('stg_marketing__campaigns') }}
),

audience_customers as (
    select
        audience_key_type,
        audience_key,
        customer_id
    from {{ ref('int_marketing__audience_customers') }}
),

touches as (
    select
        campaign_touches.campaign_id || ':' || campaign_touches.audience_key_type || ':'
        || campaign_touches.audience_key || ':' || campaign_touches.touch_type || ':'
        || cast(campaign_touches.touched_at as {{ dbt.type_string() }}) as activity_id,
        'campaign_touch' as activity_source,
        campaign_touches.touch_type as activity_type,
        campaign_touches.touched_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as product_id,
        {{ crosschannel.campaign_marketing_channel('campaigns.channel') }} as channel,
        audience_customers.customer_id,
        case
            when campaign_touches.audience_key_type = 'cookie_id' then campaign_touches.audience_key
        end as cookie_id,
        campaign_touches.audience_key_type,
        campaign_touches.audience_key,
        campaign_touches.campaign_id
    from {{ ref('stg_marketing__campaign_touches') }} as campaign_touches
    inner join rule_activities
        on
            rule_activities.activity_source = 'campaign_touch'
            and campaign_touches.touch_type = rule_activities.activity_type
    left join campaigns on campaign_touches.campaign_id = campaigns.campaign_id
    left join audience_customers
        on
            campaign_touches.audience_key_type = audience_customers.audience_key_type
            and campaign_touches.audience_key = audience_customers.audience_key
),

web_events as (
    select
        events.event_id as activity_id,
        'web_event' as activity_source,
        events.event_type as activity_type,
        events.event_at as activity_at,
        events.product_id,
        'web' as channel,
        customer_ids.customer_id,
        events.cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ ref('stg_web__events') }} as events
    inner join rule_activities
        on
            rule_activities.activity_source = 'web_event'
            and events.event_type = rule_activities.activity_type
    left join customer_ids on 'cookie:' || events.cookie_id = customer_ids.node_id
),

leads as (
    select
        leads.lead_id as activity_id,
        'lead' as activity_source,
        leads.lead_type as activity_type,
        leads.created_at as activity_at,
        leads.product_id,
        leads.channel,
        customer_ids.customer_id,
        leads.cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ ref('stg_sales__leads') }} as leads
    inner join rule_activities
        on
            rule_activities.activity_source = 'lead'
            and leads.lead_type = rule_activities.activity_type
    left join customer_ids on 'lead:' || leads.lead_id = customer_ids.node_id
),

orders as (
    select
        orders.order_id as activity_id,
        'order' as activity_source,
        orders.order_status as activity_type,
        orders.ordered_at as activity_at,
        orders.product_id,
        orders.channel,
        orders.customer_id,
        cast(null as {{ dbt.type_string() }}) as cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ ref('int_sales__orders_enriched') }} as orders
    inner join rule_activities
        on
            rule_activities.activity_source = 'order'
            and orders.order_status = rule_activities.activity_type
),

activities as (
    select * from touches
    union all
    select * from web_events
    union all
    select * from leads
    union all
    select * from orders
),

final as (
    select
        activities.activity_id,
        activities.activity_source,
        activities.activity_type,
        activities.activity_at,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('activities.activity_at')) }} as date)
            as activity_month,
        products.product_category,
        activities.channel,
        case
            when activities.channel in ('store', 'call_center', 'offline_campaign') then 'offline'
            else 'online'
        end as channel_group,
        case
            when activities.customer_id is not null then 'customer'
            when activities.cookie_id is not null then 'cookie'
            else 'audience_key'
        end as subject_type,
        coalesce(
            activities.customer_id,
            activities.cookie_id,
            {{ crosschannel.salted_key('audience', "activities.audience_key_type || ':' || activities.audience_key") }}
        ) as subject_id,
        activities.customer_id,
        activities.cookie_id,
        activities.audience_key_type,
        activities.audience_key,
        activities.campaign_id
    from activities
    left join products on activities.product_id = products.product_id
)

select * from final
