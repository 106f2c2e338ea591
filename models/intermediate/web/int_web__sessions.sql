{#- One row per web session (int_web__cookie_sessions) with the customer behind it - the logged-in
    account's, else the cookie's through the identity graph; NULL for an anonymous visitor - and the
    campaign its landing names. Rebuilt each run: a new record can merge customers, a new campaign
    can claim past landings. -#}
with

sessions as (
    select
        session_id,
        cookie_id,
        account_id,
        site_id,
        device,
        session_start_at,
        session_end_at,
        duration_seconds,
        channel,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer_host,
        events,
        page_views,
        product_views,
        searches,
        add_to_carts,
        lead_starts,
        lead_submits,
        orders
    from {{ ref('int_web__cookie_sessions') }}
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
        sessions.duration_seconds,
        sessions.channel,
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
    left join campaigns on sessions.utm_campaign = campaigns.campaign_id
    left join customer_ids as account_customers on 'web:' || sessions.account_id = account_customers.node_id
    left join customer_ids as cookie_customers on 'cookie:' || sessions.cookie_id = cookie_customers.node_id
)

select * from final
