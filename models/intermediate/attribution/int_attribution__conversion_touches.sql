{#- Every conversion with each touch of its customer in the crosschannel__attribution_lookback_days
    before it: the touch's rank in time, the number of touches, the rank of the last touch that
    is not direct, and the time-decay weight (halving every crosschannel__attribution_half_life_days). -#}
{%- set lookback_days = var('crosschannel__attribution_lookback_days') %}
{%- set half_life_days = var('crosschannel__attribution_half_life_days') %}
with

conversions as (
    select
        conversion_id,
        customer_id,
        converted_at
    from {{ ref('int_attribution__conversions') }}
),

touches as (
    select
        touch_id,
        touch_source,
        customer_id,
        touched_at,
        channel,
        campaign_id
    from {{ ref('int_attribution__touches') }}
),

windowed as (
    select
        conversions.conversion_id,
        touches.touch_id,
        touches.touch_source,
        touches.touched_at,
        touches.channel,
        touches.campaign_id,
        row_number() over (
            partition by conversions.conversion_id order by touches.touched_at, touches.touch_id
        ) as touch_rank,
        power(
            0.5,
            {{ crosschannel.seconds_between('touches.touched_at', 'conversions.converted_at') }}
            / (86400.0 * {{ half_life_days }})
        ) as decay
    from conversions
    inner join touches
        on
            conversions.customer_id = touches.customer_id
            and conversions.converted_at > touches.touched_at
            and {{ dbt.dateadd('day', -lookback_days, 'conversions.converted_at') }} <= touches.touched_at
),

final as (
    select
        conversion_id,
        touch_id,
        touch_source,
        touched_at,
        channel,
        campaign_id,
        touch_rank,
        count(*) over (partition by conversion_id) as touches,
        decay,
        -- Summed in rank order: doubles added in whatever order the rows come differ in the last bit
        -- from run to run (on 25-29 of 758,080 rows at 1M), and the time-decay cents are split from this.
        sum(decay) over (
            partition by conversion_id order by touch_rank rows between unbounded preceding and unbounded following
        ) as total_decay,
        max(case when channel <> 'direct' then touch_rank end) over (partition by conversion_id)
            as last_non_direct_rank
    from windowed
)

select * from final
