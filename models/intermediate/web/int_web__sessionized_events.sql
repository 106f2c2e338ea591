{#- Every staged web event with the session it belongs to. A cookie's session starts at its first
    event, after crosschannel__session_timeout_minutes without an event, and (with
    crosschannel__new_session_on_campaign) at an event whose campaign parameters differ from the
    last ones the cookie carried: a second ad click opens a new visit. The session is named by the
    id of its first event, so a session keeps its id when later events arrive.
    Incremental: a run resessionizes the whole history of each cookie with events staged since the
    last (a late event can join or split the sessions around it). -#}
{{ config(**crosschannel.incremental_by_key_config('cookie_id')) }}
-- depends_on: {{ ref('base_web__events') }}

with

{% if is_incremental() -%}
touched_cookies as (
    select distinct cookie_id
    from {{ ref('base_web__events') }}
    where
        staged_at > (select max(staged_at) from {{ this }})
        and cookie_id is not null
),

{% endif -%}
events as (
    select
        event_id,
        event_at,
        cookie_id,
        account_id,
        site_id,
        event_type,
        product_id,
        lead_id,
        order_id,
        lower(utm_source) as utm_source,
        lower(utm_medium) as utm_medium,
        utm_campaign,
        referrer,
        device,
        staged_at
    from {{ ref('stg_web__events') }}
    {%- if is_incremental() %}
    where cookie_id in (select touched_cookies.cookie_id from touched_cookies)
    {%- endif %}
),

campaign_signed as (
    select
        *,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then concat_ws('|', coalesce(utm_source, ''), coalesce(utm_medium, ''), coalesce(utm_campaign, ''))
        end as campaign_signature
    from events
),

with_previous as (
    select
        *,
        lag(event_at) over (partition by cookie_id order by event_at, event_id) as previous_event_at,
        {{ crosschannel.last_non_null('campaign_signature') }} over (
            partition by cookie_id order by event_at, event_id
            rows between unbounded preceding and 1 preceding
        ) as previous_campaign_signature
    from campaign_signed
),

session_starts as (
    select
        *,
        coalesce(
            previous_event_at is null
            or event_at > {{ dbt.dateadd('minute', var('crosschannel__session_timeout_minutes'), 'previous_event_at') }}
            {%- if var('crosschannel__new_session_on_campaign') %}
                or (
                    campaign_signature is not null
                    and campaign_signature <> coalesce(previous_campaign_signature, '')
                )
            {%- endif %},
            false
        ) as is_session_start
    from with_previous
),

final as (
    select
        event_id,
        event_at,
        cookie_id,
        account_id,
        site_id,
        event_type,
        product_id,
        lead_id,
        order_id,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        device,
        is_session_start,
        {{ crosschannel.last_non_null('case when is_session_start then event_id end') }} over (
            partition by cookie_id order by event_at, event_id
            rows between unbounded preceding and current row
        ) as session_id,
        staged_at
    from session_starts
)

select * from final
