{#- Customer journeys as channel paths, counted, for the data-driven (Markov) attribution: the
    touches before each conversion (a converting journey), and the touches before no conversion,
    cut where crosschannel__attribution_lookback_days pass without a touch (journeys that did not
    convert). -#}
{%- set lookback_days = var('crosschannel__attribution_lookback_days') %}
with

conversion_touches as (
    select
        conversion_id,
        touch_id,
        touched_at,
        channel
    from {{ ref('int_attribution__conversion_touches') }}
),

conversions as (
    select
        conversion_id,
        revenue_eur
    from {{ ref('int_attribution__conversions') }}
),

converting_paths as (
    select
        conversion_touches.conversion_id,
        {{ crosschannel.ordered_path('conversion_touches.channel', 'conversion_touches.touched_at') }} as channel_path
    from conversion_touches
    group by conversion_touches.conversion_id
),

-- Ordered by time alone: touches at the same time never fall in different journeys (a journey
-- starts only after a gap), so no tie-break is needed, and the rows sorted stay narrow.
unconverted_touches as (
    select
        touches.customer_id,
        touches.touched_at,
        touches.channel,
        lag(touches.touched_at) over (
            partition by touches.customer_id order by touches.touched_at
        ) as previous_touched_at
    from {{ ref('int_attribution__touches') }} as touches
    left join conversion_touches on touches.touch_id = conversion_touches.touch_id
    where conversion_touches.touch_id is null
),

journey_starts as (
    select
        *,
        coalesce(
            previous_touched_at is null
            or touched_at > {{ dbt.dateadd('day', lookback_days, 'previous_touched_at') }},
            false
        ) as is_journey_start
    from unconverted_touches
),

unconverted_journeys as (
    select
        *,
        sum(case when is_journey_start then 1 else 0 end) over (
            partition by customer_id order by touched_at rows unbounded preceding
        ) as journey_number
    from journey_starts
),

unconverted_paths as (
    select
        {{ crosschannel.ordered_path('channel', 'touched_at') }} as channel_path
    from unconverted_journeys
    group by customer_id, journey_number
),

final as (
    select
        converting_paths.channel_path,
        true as is_converted,
        count(*) as journeys,
        cast(sum(conversions.revenue_eur) as decimal(38, 2)) as revenue_eur
    from converting_paths
    inner join conversions on converting_paths.conversion_id = conversions.conversion_id
    group by converting_paths.channel_path
    union all
    select
        channel_path,
        false as is_converted,
        count(*) as journeys,
        cast(0 as decimal(38, 2)) as revenue_eur
    from unconverted_paths
    group by channel_path
)

select * from final
