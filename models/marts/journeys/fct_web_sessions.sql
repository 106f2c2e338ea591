{#- The web sessions BI reads: one row per session with its channel, landing values, behaviour
    counts and the stitched customer (NULL: an anonymous visitor). -#}
with

sessions as (
    select
        session_id,
        cookie_id,
        customer_id,
        site_id,
        device,
        session_start_at,
        session_end_at,
        duration_seconds,
        channel,
        utm_source,
        utm_medium,
        utm_campaign,
        campaign_id,
        referrer_host,
        events,
        page_views,
        product_views,
        searches,
        add_to_carts,
        lead_starts,
        lead_submits,
        orders
    from {{ ref('int_web__sessions') }}
),

final as (
    select
        session_id,
        cookie_id,
        customer_id,
        customer_id is not null as is_identified,
        site_id,
        device,
        session_start_at,
        session_end_at,
        duration_seconds,
        channel,
        utm_source,
        utm_medium,
        utm_campaign,
        campaign_id,
        referrer_host,
        events,
        page_views,
        product_views,
        searches,
        add_to_carts,
        lead_starts,
        lead_submits,
        orders
    from sessions
)

select * from final
