{#- One row per web session (int_web__cookie_sessions) with the customer behind it - the logged-in
    account's, else the cookie's through the identity graph; NULL for an anonymous visitor - the
    campaign its landing names and the store it is placed at (store_allocation: the agency of its
    white-label site, else the customer's home store). Rebuilt each run: a new record can merge customers, a new campaign
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

sites as (
    select
        site_id,
        store_id
    from {{ ref('stg_web__sites') }}
),

home_stores as (
    select
        customer_id,
        home_store_id,
        home_store_rule
    from {{ ref('int_customers__home_stores') }}
),

identified as (
    select
        sessions.*,
        coalesce(account_customers.customer_id, cookie_customers.customer_id) as customer_id,
        campaigns.campaign_id
    from sessions
    left join campaigns on sessions.utm_campaign = campaigns.campaign_id
    left join customer_ids as account_customers on 'web:' || sessions.account_id = account_customers.node_id
    left join customer_ids as cookie_customers on 'cookie:' || sessions.cookie_id = cookie_customers.node_id
),

final as (
    select
        identified.session_id,
        identified.cookie_id,
        identified.account_id,
        identified.customer_id,
        identified.site_id,
        {{ crosschannel.store_allocation(
            'sites.store_id', 'null', 'home_stores.home_store_id', 'home_stores.home_store_rule'
        ) }},
        identified.device,
        identified.session_start_at,
        identified.session_end_at,
        identified.duration_seconds,
        identified.channel,
        identified.utm_source,
        identified.utm_medium,
        identified.utm_campaign,
        identified.campaign_id,
        identified.referrer_host,
        identified.events,
        identified.page_views,
        identified.product_views,
        identified.searches,
        identified.add_to_carts,
        identified.lead_starts,
        identified.lead_submits,
        identified.orders
    from identified
    left join sites on identified.site_id = sites.site_id
    left join home_stores on identified.customer_id = home_stores.customer_id
)

select * from final
