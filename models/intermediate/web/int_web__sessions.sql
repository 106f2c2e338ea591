{#- One row per web session (int_web__cookie_sessions) with the customer behind it - the logged-in
    account's, else the cookie's through the identity graph; NULL for an anonymous visitor - the
    campaign its landing names and the store it is placed at (store_allocation: the agency of its
    white-label site, else the customer's home store).

    Incremental by cookie: a run writes again (computed_at) every session of the cookies whose
    sessions were staged since its last run, of the cookies and accounts assigned to another
    customer since (the id registry's assigned_at: a merge, a split, a new node, a node that left
    the graph or came back to it), and of the cookies with a kept session that would now read
    another campaign or store (a new campaign claiming past landings, a site given
    to an agency, a home store that moved). -#}
{{ config(**crosschannel.incremental_by_key_config('cookie_id')) }}
-- depends_on: {{ ref('int_identity__customer_registry') }}
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

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

restaged_cookies as (
    select distinct cookie_id
    from {{ ref('int_web__cookie_sessions') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
),

reassigned_nodes as (
    select node_id
    from {{ ref('int_identity__customer_registry') }}
    where assigned_at > (select kept_computed_at.computed_at from kept_computed_at)
),

reassigned_cookies as (
    select substr(node_id, length('cookie:') + 1) as cookie_id
    from reassigned_nodes
    where node_id like 'cookie:%'
    union
    select cookie_sessions.cookie_id
    from {{ ref('int_web__cookie_sessions') }} as cookie_sessions
    inner join reassigned_nodes on 'web:' || cookie_sessions.account_id = reassigned_nodes.node_id
),

-- A kept session whose campaign or store would read otherwise now, for the customer it kept.
kept_allocations as (
    select
        kept.cookie_id,
        kept.campaign_id as kept_campaign_id,
        kept.allocated_store_id as kept_allocated_store_id,
        kept.allocation_rule as kept_allocation_rule,
        campaigns.campaign_id,
        {{ crosschannel.store_allocation(
            'sites.store_id', 'null', 'home_stores.home_store_id', 'home_stores.home_store_rule'
        ) }}
    from {{ this }} as kept
    left join campaigns on kept.utm_campaign = campaigns.campaign_id
    left join sites on kept.site_id = sites.site_id
    left join home_stores on kept.customer_id = home_stores.customer_id
),

reallocated_cookies as (
    select distinct cookie_id
    from kept_allocations
    where
        kept_campaign_id is distinct from campaign_id
        or kept_allocated_store_id is distinct from allocated_store_id
        or kept_allocation_rule <> allocation_rule
),

affected_cookies as (
    select cookie_id from restaged_cookies
    union
    select cookie_id from reassigned_cookies
    union
    select cookie_id from reallocated_cookies
),

{% endif -%}
identified as (
    select
        sessions.*,
        coalesce(account_customers.customer_id, cookie_customers.customer_id) as customer_id,
        campaigns.campaign_id
    from sessions
    left join campaigns on sessions.utm_campaign = campaigns.campaign_id
    left join customer_ids as account_customers on 'web:' || sessions.account_id = account_customers.node_id
    left join customer_ids as cookie_customers on 'cookie:' || sessions.cookie_id = cookie_customers.node_id
    {%- if is_incremental() %}
    where sessions.cookie_id in (select affected_cookies.cookie_id from affected_cookies)
    {%- endif %}
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
        identified.orders,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from identified
    left join sites on identified.site_id = sites.site_id
    left join home_stores on identified.customer_id = home_stores.customer_id
)

select * from final
