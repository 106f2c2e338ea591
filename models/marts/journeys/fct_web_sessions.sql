{#- The web sessions BI reads: one row per session with its channel, landing values, behaviour
    counts and the stitched customer (NULL: an anonymous visitor).

    Incremental by cookie, after int_web__sessions: a run copies again the sessions of the cookies
    int_web__sessions wrote since its last run (it writes a cookie's sessions whole, so the cookie's
    sessions that are gone are deleted with it). -#}
{{ config(**crosschannel.incremental_by_key_config('cookie_id')) }}
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
        orders,
        computed_at
    from {{ ref('int_web__sessions') }}
    {%- if is_incremental() %}
    where computed_at > (select {{ crosschannel.kept_watermark('computed_at') }} from {{ this }})
    {%- endif %}
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
        orders,
        computed_at
    from sessions
)

select * from final
