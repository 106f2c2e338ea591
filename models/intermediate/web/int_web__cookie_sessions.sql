{#- One row per web session, as its cookie's events tell it: where it landed from, its marketing
    channel (the first rule of the seed marketing_channel_rules that matches its landing values,
    else direct) and what the visitor did. Incremental: the sessions of each cookie with events
    sessionized since the last run are rebuilt. The identity graph and the campaign list, which
    change without new events, are joined in int_web__sessions. -#}
{{ config(**crosschannel.incremental_by_key_config('cookie_id')) }}

{#- The events of the cookies computed (all of them in a full build). -#}
{%- set cookie_events -%}
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
        is_session_start,
        staged_at
    from {{ ref('int_web__sessionized_events') }}
    {%- if is_incremental() %}
    where cookie_id in (select touched_cookies.cookie_id from touched_cookies)
    {%- endif %}
{%- endset -%}
with

{% if is_incremental() -%}
touched_cookies as (
    select distinct cookie_id
    from {{ ref('int_web__sessionized_events') }}
    where staged_at > (select max(staged_at) from {{ this }})
),

{% endif -%}
events as (
    {{ cookie_events }}
),

-- The events again, for the landings (every event at 1M persons: see second_read).
landing_events as (
    {{ crosschannel.second_read('events', cookie_events) }}
),

channel_rules as (
    select
        priority,
        match_field,
        pattern,
        channel
    from {{ ref('marketing_channel_rules') }}
),

landings as (
    select
        session_id,
        cookie_id,
        event_at as session_start_at,
        site_id,
        device,
        utm_source,
        utm_medium,
        utm_campaign,
        {{ crosschannel.url_host('referrer') }} as referrer_host
    from landing_events
    where is_session_start
),

activity as (
    select
        session_id,
        max(event_at) as session_end_at,
        min(account_id) as account_id,
        count(*) as events,
        count(case when event_type = 'page_view' then 1 end) as page_views,
        count(case when event_type = 'product_view' then 1 end) as product_views,
        count(case when event_type = 'search' then 1 end) as searches,
        count(case when event_type = 'add_to_cart' then 1 end) as add_to_carts,
        count(case when event_type = 'lead_start' then 1 end) as lead_starts,
        count(case when event_type = 'lead_submit' then 1 end) as lead_submits,
        count(case when event_type = 'order' then 1 end) as orders,
        max(staged_at) as staged_at
    from events
    group by session_id
),

signed_landings as (
    select
        *,
        concat_ws(
            '|', coalesce(utm_source, ''), coalesce(utm_medium, ''), coalesce(utm_campaign, ''),
            coalesce(referrer_host, '')
        ) as landing_signature
    from landings
),

-- Rules are matched once per distinct landing (a few hundred), not once per session.
distinct_landings as (
    select distinct
        landing_signature,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer_host
    from signed_landings
),

landing_channels as (
    select
        distinct_landings.landing_signature,
        min_by(channel_rules.channel, channel_rules.priority) as channel
    from distinct_landings
    inner join channel_rules
        on {{ crosschannel.regex_matches(
            "case channel_rules.match_field"
            ~ " when 'utm_source' then distinct_landings.utm_source"
            ~ " when 'utm_medium' then distinct_landings.utm_medium"
            ~ " when 'utm_campaign' then lower(distinct_landings.utm_campaign)"
            ~ " when 'referrer_host' then distinct_landings.referrer_host end",
            'channel_rules.pattern'
        ) }}
    group by distinct_landings.landing_signature
),

final as (
    select
        signed_landings.session_id,
        signed_landings.cookie_id,
        activity.account_id,
        signed_landings.site_id,
        signed_landings.device,
        signed_landings.session_start_at,
        activity.session_end_at,
        {{ crosschannel.seconds_between('signed_landings.session_start_at', 'activity.session_end_at') }}
            as duration_seconds,
        coalesce(landing_channels.channel, 'direct') as channel,
        signed_landings.utm_source,
        signed_landings.utm_medium,
        signed_landings.utm_campaign,
        signed_landings.referrer_host,
        activity.events,
        activity.page_views,
        activity.product_views,
        activity.searches,
        activity.add_to_carts,
        activity.lead_starts,
        activity.lead_submits,
        activity.orders,
        activity.staged_at
    from signed_landings
    inner join activity on signed_landings.session_id = activity.session_id
    left join landing_channels on signed_landings.landing_signature = landing_channels.landing_signature
)

select * from final
