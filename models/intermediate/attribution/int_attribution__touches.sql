{#- Every marketing touch of a known customer: web sessions (by their channel and campaign) and
    the campaign touches of crosschannel__attribution_campaign_touch_types (an ad seen, an e-mail
    opened), their campaign's channel grouped like sessions' (crosschannel__campaign_channel_groups).
    Clicks are not touches of their own: the visit they bring is. -#}
{{ config(uncompressed_columns=['touch_id']) }}
with

sessions as (
    select
        session_id,
        customer_id,
        session_start_at,
        channel,
        campaign_id
    from {{ ref('int_web__sessions') }}
    where customer_id is not null
),

campaign_touches as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        touched_at,
        touch_type
    from {{ ref('stg_marketing__campaign_touches') }}
    where touch_type in (
        {%- for touch_type in var('crosschannel__attribution_campaign_touch_types') %}
            '{{ touch_type }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
),

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('stg_marketing__campaigns') }}
),

-- The audience key is an e-mail or a phone at times: touch ids carry its salted hash only, hashed
-- here once per key rather than once per touch.
audience_customers as (
    select
        audience_key_type,
        audience_key,
        customer_id,
        {{ crosschannel.salted_key('audience', "audience_key_type || ':' || audience_key") }} as audience_key_hash
    from {{ ref('int_marketing__audience_customers') }}
    where customer_id is not null
),

final as (
    select
        'session:' || session_id as touch_id,
        'web_session' as touch_source,
        customer_id,
        session_start_at as touched_at,
        channel,
        campaign_id
    from sessions
    union all
    select
        'campaign:' || campaign_touches.campaign_id || ':' || audience_customers.audience_key_hash
        || ':' || campaign_touches.touch_type || ':'
        || cast(campaign_touches.touched_at as {{ dbt.type_string() }}) as touch_id,
        'campaign_' || campaign_touches.touch_type as touch_source,
        audience_customers.customer_id,
        campaign_touches.touched_at,
        {{ crosschannel.campaign_marketing_channel('campaigns.channel') }} as channel,
        campaign_touches.campaign_id
    from campaign_touches
    inner join audience_customers
        on
            campaign_touches.audience_key_type = audience_customers.audience_key_type
            and campaign_touches.audience_key = audience_customers.audience_key
    left join campaigns on campaign_touches.campaign_id = campaigns.campaign_id
)

select * from final
