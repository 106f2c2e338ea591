{#- Every conversion credited to the customer's touches of the crosschannel__attribution_lookback_days
    before it, under six rules: first_touch, last_touch, last_non_direct (the last touch that is
    not direct, else the last), linear, time_decay (weight halving every
    crosschannel__attribution_half_life_days before the conversion) and position_based (40% first,
    40% last, 20% shared by the middle). A conversion without touches is credited to the channel
    "(no touch)". Revenue is split to the cent (cent_split): every credit is rounded and the largest one
    (the latest on a tie) takes the remainder, so each conversion's credits add up to its revenue.

    Incremental by conversion: a run credits again only the conversions that are new or changed since the
    kept rows: another type, channel, customer, time or revenue (the linear rule's cents add up to it), or
    another set of touches (a touch gained, lost, or moved in time, channel or campaign: the linear rule
    keeps one row per touch, or the one "(no touch)" row), or another time-decay weight (the half-life
    changed). Every credit of a conversion follows from those. A pre-hook deletes the conversions that
    are no longer conversions. -#}
{%- set models = {
    'first_touch': 'case when touch_rank = 1 then 1.0 else 0.0 end',
    'last_touch': 'case when touch_rank = touches then 1.0 else 0.0 end',
    'last_non_direct': 'case when touch_rank = coalesce(last_non_direct_rank, touches) then 1.0 else 0.0 end',
    'linear': '1.0 / touches',
    'time_decay': 'decay / total_decay',
    'position_based': 'case when touches = 1 then 1.0 when touches = 2 then 0.5'
        ~ ' when touch_rank = 1 or touch_rank = touches then 0.4 else 0.2 / (touches - 2) end',
} %}
{%- set incremental_config = crosschannel.incremental_by_key_config(['conversion_id']) -%}
{{ config(
    pre_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('int_attribution__conversions') }}"),
    **incremental_config
) }}
with

{% if is_incremental() -%}
-- What the kept credits were made of: the linear rule credits every touch of a conversion (or its one
-- "(no touch)" row) and its cents add up to the conversion's revenue; the time-decay weights change with
-- the conversion's time, the touches' times and crosschannel__attribution_half_life_days.
kept_touches as (
    select
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id,
        sum(case when attribution_model = 'linear' then attributed_revenue_eur end) as attributed_revenue_eur,
        max(case when attribution_model = 'time_decay' then attributed_conversions end) as time_decay_credit
    from {{ this }}
    where attribution_model in ('linear', 'time_decay')
    group by
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id
),

kept_conversions as (
    select
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        sum(attributed_revenue_eur) as revenue_eur
    from kept_touches
    group by conversion_id, conversion_type, conversion_channel, customer_id, converted_at
),

changed_conversions as (
    select current_conversions.conversion_id
    from {{ ref('int_attribution__conversions') }} as current_conversions
    left join kept_conversions on current_conversions.conversion_id = kept_conversions.conversion_id
    where
        kept_conversions.conversion_id is null
        or current_conversions.conversion_type is distinct from kept_conversions.conversion_type
        or current_conversions.conversion_channel is distinct from kept_conversions.conversion_channel
        or current_conversions.customer_id is distinct from kept_conversions.customer_id
        or current_conversions.converted_at is distinct from kept_conversions.converted_at
        or current_conversions.revenue_eur is distinct from kept_conversions.revenue_eur
),

current_touches as (
    select
        conversion_id,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id,
        cast({{ models['time_decay'] }} as double) as time_decay_credit
    from {{ ref('int_attribution__conversion_touches') }}
),

-- A touch gained (not kept), lost (kept, not there now: the "(no touch)" row has no touch to lose) or
-- changed, its time-decay weight included (the sum of a conversion's weights is exact: summed in order).
changed_touch_sets as (
    select coalesce(current_touches.conversion_id, kept_touches.conversion_id) as conversion_id
    from current_touches
    full outer join kept_touches
        on
            current_touches.conversion_id = kept_touches.conversion_id
            and current_touches.touch_id = kept_touches.touch_id
    where
        kept_touches.conversion_id is null
        or (current_touches.conversion_id is null and kept_touches.touch_id is not null)
        or (
            current_touches.conversion_id is not null
            and kept_touches.conversion_id is not null
            and (
                current_touches.touch_source is distinct from kept_touches.touch_source
                or current_touches.touched_at is distinct from kept_touches.touched_at
                or current_touches.channel is distinct from kept_touches.channel
                or current_touches.campaign_id is distinct from kept_touches.campaign_id
                or current_touches.time_decay_credit is distinct from kept_touches.time_decay_credit
            )
        )
),

affected_conversions as (
    select conversion_id from changed_conversions
    union
    select conversion_id from changed_touch_sets
),

{% endif -%}
conversions as (
    select
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        revenue_eur
    from {{ ref('int_attribution__conversions') }}
    {%- if is_incremental() %}
    where conversion_id in (select affected_conversions.conversion_id from affected_conversions)
    {%- endif %}
),

touch_positions as (
    select
        conversion_id,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id,
        touch_rank,
        touches,
        decay,
        total_decay,
        last_non_direct_rank
    from {{ ref('int_attribution__conversion_touches') }}
    {%- if is_incremental() %}
    where conversion_id in (select affected_conversions.conversion_id from affected_conversions)
    {%- endif %}
),

weighted as (
    {%- for model, weight in models.items() %}
        select
            '{{ model }}' as attribution_model,
            conversion_id,
            touch_id,
            touch_source,
            touched_at,
            channel,
            campaign_id,
            cast({{ weight }} as double) as credit
        from touch_positions
        union all
    {%- endfor %}
    {%- for model in models %}
        select
            '{{ model }}' as attribution_model,
            conversions.conversion_id,
            cast(null as {{ dbt.type_string() }}) as touch_id,
            cast(null as {{ dbt.type_string() }}) as touch_source,
            cast(null as {{ dbt.type_timestamp() }}) as touched_at,
            '(no touch)' as channel,
            cast(null as {{ dbt.type_string() }}) as campaign_id,
            cast(1.0 as double) as credit
        from conversions
        left join touch_positions
            on conversions.conversion_id = touch_positions.conversion_id and touch_positions.touch_rank = 1
        where touch_positions.conversion_id is null
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

credited as (
    select
        weighted.attribution_model,
        weighted.conversion_id,
        conversions.conversion_type,
        conversions.conversion_channel,
        conversions.customer_id,
        conversions.converted_at,
        weighted.touch_id,
        weighted.touch_source,
        weighted.touched_at,
        weighted.channel,
        weighted.campaign_id,
        weighted.credit,
        {{ crosschannel.cent_split(
            'conversions.revenue_eur',
            'weighted.credit',
            partition_by='weighted.attribution_model, weighted.conversion_id',
            order_by='weighted.credit desc, weighted.touched_at desc, weighted.touch_id desc',
        ) }} as attributed_revenue_eur
    from weighted
    inner join conversions on weighted.conversion_id = conversions.conversion_id
    where weighted.credit > 0
),

final as (
    select
        attribution_model,
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id,
        credit as attributed_conversions,
        cast(attributed_revenue_eur as decimal(18, 2)) as attributed_revenue_eur
    from credited
)

select * from final
