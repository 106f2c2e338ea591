{#- One row per web session: where it landed from, its marketing channel (the first rule of the
    seed marketing_channel_rules that matches its landing values, else direct), what the visitor
    did, and the customer behind it - the logged-in account's, else the cookie's through the
    identity graph; NULL for an anonymous visitor. -#}
with

events as (
    select
        session_id,
        event_at,
        cookie_id,
        account_id,
        site_id,
        event_type,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        device,
        is_session_start
    from {{ ref('int_web__sessionized_events') }}
),

channel_rules as (
    select
        priority,
        match_field,
        pattern,
        channel
    from {{ ref('marketing_channel_rules') }}
),

campaigns as (
    select campaign_id
    from {{ ref('stg_marketing__campaigns') }}
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

sessions as (
    select
        session_id,
        min(cookie_id) as cookie_id,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at,
        max(case when is_session_start then site_id end) as site_id,
        max(case when is_session_start then device end) as device,
        min(account_id) as account_id,
        max(case when is_session_start then utm_source end) as utm_source,
        max(case when is_session_start then utm_medium end) as utm_medium,
        max(case when is_session_start then utm_campaign end) as utm_campaign,
        max(case when is_session_start then referrer end) as referrer,
        max(case when is_session_start then {{ crosschannel.url_host('referrer') }} end) as referrer_host,
        count(*) as events,
        count(case when event_type = 'page_view' then 1 end) as page_views,
        count(case when event_type = 'product_view' then 1 end) as product_views,
        count(case when event_type = 'search' then 1 end) as searches,
        count(case when event_type = 'add_to_cart' then 1 end) as add_to_carts,
        count(case when event_type = 'lead_start' then 1 end) as lead_starts,
        count(case when event_type = 'lead_submit' then 1 end) as lead_submits,
        count(case when event_type = 'order' then 1 end) as orders
    from events
    group by session_id
),

rule_matches as (
    select
        sessions.session_id,
        min_by(channel_rules.channel, channel_rules.priority) as channel
    from sessions
    inner join channel_rules
        on {{ crosschannel.regex_matches(
            "case channel_rules.match_field"
            ~ " when 'utm_source' then sessions.utm_source"
            ~ " when 'utm_medium' then sessions.utm_medium"
            ~ " when 'utm_campaign' then lower(sessions.utm_campaign)"
            ~ " when 'referrer_host' then sessions.referrer_host end",
            'channel_rules.pattern'
        ) }}
    group by sessions.session_id
),

final as (
    select
        sessions.session_id,
        sessions.cookie_id,
        sessions.account_id,
        coalesce(account_customers.customer_id, cookie_customers.customer_id) as customer_id,
        sessions.site_id,
        sessions.device,
        sessions.session_start_at,
        sessions.session_end_at,
        {{ crosschannel.seconds_between('sessions.session_start_at', 'sessions.session_end_at') }} as duration_seconds,
        coalesce(rule_matches.channel, 'direct') as channel,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        campaigns.campaign_id,
        sessions.referrer_host,
        sessions.events,
        sessions.page_views,
        sessions.product_views,
        sessions.searches,
        sessions.add_to_carts,
        sessions.lead_starts,
        sessions.lead_submits,
        sessions.orders
    from sessions
    left join rule_matches on sessions.session_id = rule_matches.session_id
    left join campaigns on sessions.utm_campaign = campaigns.campaign_id
    left join customer_ids as account_customers on 'web:' || sessions.account_id = account_customers.node_id
    left join customer_ids as cookie_customers on 'cookie:' || sessions.cookie_id = cookie_customers.node_id
)

select * from final
