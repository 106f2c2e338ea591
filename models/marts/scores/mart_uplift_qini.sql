{#- The Qini curve of each targeting rule on campaigns the uplift model never saw: targeting the
    first tenth, two tenths ... all of every campaign's members (ranked within the campaign), how
    many conversions the campaign added among those targeted, beside what random targeting of as
    many would add (the straight line to the total). -#}
with

outcomes as (
    select
        model_name,
        targeting_decile,
        is_treated,
        converted,
        incremental_conversions
    from {{ ref('int_scores__uplift_outcomes') }}
),

per_decile as (
    select
        model_name,
        targeting_decile,
        count(*) as members,
        sum(case when is_treated then 1 else 0 end) as treated_members,
        sum(case when is_treated then converted else 0 end) as treated_conversions,
        sum(case when is_treated then 0 else converted end) as control_conversions,
        sum(incremental_conversions) as incremental_conversions
    from outcomes
    group by model_name, targeting_decile
),

cumulative as (
    select
        model_name,
        targeting_decile,
        sum(members) over running as targeted_members,
        sum(treated_members) over running as treated_members,
        sum(treated_conversions) over running as treated_conversions,
        sum(control_conversions) over running as control_conversions,
        sum(incremental_conversions) over running as incremental_conversions,
        sum(incremental_conversions) over (partition by model_name) as total_incremental_conversions
    from per_decile
    window running as (
        partition by model_name order by targeting_decile rows between unbounded preceding and current row
    )
),

final as (
    select
        model_name,
        cast(targeting_decile as integer) as targeting_decile,
        cast(targeting_decile / 10.0 as double) as targeted_share,
        cast(targeted_members as bigint) as targeted_members,
        cast(treated_members as bigint) as treated_members,
        cast(targeted_members - treated_members as bigint) as control_members,
        cast(treated_conversions as bigint) as treated_conversions,
        cast(control_conversions as bigint) as control_conversions,
        cast(incremental_conversions as double) as incremental_conversions,
        cast(targeting_decile / 10.0 * total_incremental_conversions as double) as random_incremental_conversions
    from cumulative
)

select * from final
