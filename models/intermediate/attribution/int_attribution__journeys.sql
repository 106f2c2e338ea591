{#- Customer journeys as channel paths, counted, for the data-driven (Markov) attribution: the
    journeys of int_attribution__customer_journeys with a path (the touches before a conversion, or
    touches cut where crosschannel__attribution_lookback_days pass without one), by path and outcome. -#}
with

customer_journeys as (
    select
        channel_path,
        is_converted,
        revenue_eur
    from {{ ref('int_attribution__customer_journeys') }}
    where channel_path is not null
),

final as (
    select
        channel_path,
        is_converted,
        count(*) as journeys,
        cast(sum(revenue_eur) as decimal(38, 2)) as revenue_eur
    from customer_journeys
    group by channel_path, is_converted
)

select * from final
