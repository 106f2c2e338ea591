{#- Every conversion credited to the customer's touches of the crosschannel__attribution_lookback_days
    before it, under six rules: first_touch, last_touch, last_non_direct (the last touch that is
    not direct, else the last), linear, time_decay (weight halving every
    crosschannel__attribution_half_life_days before the conversion) and position_based (40% first,
    40% last, 20% shared by the middle). A conversion without touches is credited to the channel
    "(no touch)". Revenue is split to the cent (cent_split): every credit is rounded and the largest one
    (the latest on a tie) takes the remainder, so each conversion's credits add up to its revenue. -#}
{%- set models = {
    'first_touch': 'case when touch_rank = 1 then 1.0 else 0.0 end',
    'last_touch': 'case when touch_rank = touches then 1.0 else 0.0 end',
    'last_non_direct': 'case when touch_rank = coalesce(last_non_direct_rank, touches) then 1.0 else 0.0 end',
    'linear': '1.0 / touches',
    'time_decay': 'decay / total_decay',
    'position_based': 'case when touches = 1 then 1.0 when touches = 2 then 0.5'
        ~ ' when touch_rank = 1 or touch_rank = touches then 0.4 else 0.2 / (touches - 2) end',
} %}
with

conversions as (
    select
        conversion_id,
        conversion_type,
        conversion_channel,
        customer_id,
        converted_at,
        revenue_eur
    from {{ ref('int_attribution__conversions') }}
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
