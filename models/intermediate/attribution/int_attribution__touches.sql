{#- Every marketing touch of a known customer: web sessions (by their channel and campaign) and
    the campaign touches of crosschannel__attribution_campaign_touch_types (an ad seen, an e-mail
    opened), their campaign's channel grouped like sessions' (crosschannel__campaign_channel_groups).
    Clicks are not touches of their own: the visit they bring is.

    Incremental by touch: a run writes again (computed_at) the sessions of the cookies
    int_web__sessions wrote since its last run, every campaign touch of the audience keys staged in a touch or resolved
    again (int_marketing__audience_customers' computed_at) since, those of the campaigns whose
    channel maps otherwise now and those of a touch type no kept row shows. A pre-hook first
    deletes the kept rows of those cookies and keys (a session may have lost its customer or, a
    late event starting it earlier, its id; a key its customer; a re-sent touch its time); a
    post-hook deletes the touch types no longer counted. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('touch_id') -%}
{%- set touch_types = var('crosschannel__attribution_campaign_touch_types') -%}
{%- set counted_sources = ["'web_session'"] -%}
{%- for touch_type in touch_types -%}
    {%- do counted_sources.append("'campaign_" ~ touch_type ~ "'") -%}
{%- endfor -%}
{%- set last_computed_at = '(select max(computed_at) from {{ this }})' -%}
{%- set key_hash = crosschannel.salted_key('audience', "audience_key_type || ':' || audience_key") -%}
{{ config(
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept where kept.cookie_id in ("
            ~ " select cookie_id from {{ ref('int_web__sessions') }}"
            ~ " where computed_at > " ~ last_computed_at
            ~ ") or kept.audience_key_hash in ("
            ~ " select " ~ key_hash ~ " from {{ ref('int_marketing__audience_customers') }}"
            ~ " where computed_at > " ~ last_computed_at
            ~ " union select " ~ key_hash ~ " from {{ ref('stg_marketing__campaign_touches') }}"
            ~ " where staged_at > " ~ last_computed_at ~ ")"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    post_hook=(
        [
            "delete from {{ this }} where touch_source not in (" ~ counted_sources | join(', ') ~ ")"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    uncompressed_columns=['touch_id', 'cookie_id', 'audience_key_hash'],
    **incremental_config
) }}
with

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

-- The keys staged in a touch or resolved again since: every touch of theirs is computed again.
changed_keys as (
    select
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_touches') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select
        audience_key_type,
        audience_key
    from {{ ref('int_marketing__audience_customers') }}
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- A campaign whose channel maps otherwise now (another channel, another grouping).
changed_campaigns as (
    select kept.campaign_id
    from (
        select distinct
            campaign_id,
            channel
        from {{ this }}
        where touch_source <> 'web_session'
    ) as kept
    left join {{ ref('stg_marketing__campaigns') }} as campaigns on kept.campaign_id = campaigns.campaign_id
    where kept.channel is distinct from {{ crosschannel.campaign_marketing_channel('campaigns.channel') }}
),

kept_touch_types as (
    select distinct substr(touch_source, length('campaign_') + 1) as touch_type
    from {{ this }}
    where touch_source <> 'web_session'
),

{% endif -%}
sessions as (
    select
        session_id,
        cookie_id,
        customer_id,
        session_start_at,
        channel,
        campaign_id
    from {{ ref('int_web__sessions') }}
    where
        customer_id is not null
    {%- if is_incremental() %}
        and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    {%- endif %}
),

-- Semi-joins (in), not correlated exists: a daily run keeps the few touches of its keys.
campaign_touches as (
    select
        campaign_touches.campaign_id,
        campaign_touches.audience_key_type,
        campaign_touches.audience_key,
        campaign_touches.touched_at,
        campaign_touches.touch_type
    from {{ ref('stg_marketing__campaign_touches') }} as campaign_touches
    where
        campaign_touches.touch_type in (
            {%- for touch_type in touch_types %}
                '{{ touch_type }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
    {%- if is_incremental() %}
        and (
            (campaign_touches.audience_key_type, campaign_touches.audience_key) in (
                select
                    changed_keys.audience_key_type,
                    changed_keys.audience_key
                from changed_keys
            )
            or campaign_touches.campaign_id in (select changed_campaigns.campaign_id from changed_campaigns)
            or campaign_touches.touch_type not in (select kept_touch_types.touch_type from kept_touch_types)
        )
    {%- endif %}
),

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('stg_marketing__campaigns') }}
),

-- The audience key is an e-mail or a phone at times: touch ids carry its salted hash only, hashed
-- here once per key rather than once per touch, and only for the keys of the touches computed.
audience_customers as (
    select
        audience_customers.audience_key_type,
        audience_customers.audience_key,
        audience_customers.customer_id,
        {{ crosschannel.salted_key(
            'audience', "audience_customers.audience_key_type || ':' || audience_customers.audience_key"
        ) }} as audience_key_hash
    from {{ ref('int_marketing__audience_customers') }} as audience_customers
    where
        audience_customers.customer_id is not null
    {%- if is_incremental() %}
        and (audience_customers.audience_key_type, audience_customers.audience_key) in (
            select
                campaign_touches.audience_key_type,
                campaign_touches.audience_key
            from campaign_touches
        )
    {%- endif %}
),

final as (
    select
        'session:' || session_id as touch_id,
        'web_session' as touch_source,
        customer_id,
        session_start_at as touched_at,
        channel,
        campaign_id,
        cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_hash,
        {{ crosschannel.run_started_timestamp() }} as computed_at
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
        campaign_touches.campaign_id,
        cast(null as {{ dbt.type_string() }}) as cookie_id,
        audience_customers.audience_key_hash,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from campaign_touches
    inner join audience_customers
        on
            campaign_touches.audience_key_type = audience_customers.audience_key_type
            and campaign_touches.audience_key = audience_customers.audience_key
    left join campaigns on campaign_touches.campaign_id = campaigns.campaign_id
)

select * from final
