{#- How well each targeting rule finds the members a campaign moves, on campaigns the uplift model
    never saw (leave-campaign-out folds): the Qini coefficient (the mean, over the ten targeting
    depths, of the conversions added above random targeting, per treated member), the share of
    all added conversions the first three tenths hold (random: 0.3) and the Qini over the
    recency baseline's. A test fails the build when the uplift model does no better than random
    targeting on enough conversions to judge. -#}
with

curve as (
    select
        model_name,
        targeting_decile,
        treated_members,
        control_members,
        treated_conversions,
        control_conversions,
        incremental_conversions,
        random_incremental_conversions
    from {{ ref('mart_uplift_qini') }}
),

members as (
    select
        model_name,
        count(distinct campaign_id) as campaigns
    from {{ ref('int_scores__uplift_outcomes') }}
    group by model_name
),

measured as (
    select
        model_name,
        max(treated_members) as treated_members,
        max(control_members) as control_members,
        max(treated_conversions) as treated_conversions,
        max(control_conversions) as control_conversions,
        max(case when targeting_decile = 10 then incremental_conversions end) as incremental_conversions,
        avg(incremental_conversions - random_incremental_conversions) / max(treated_members) as qini_coefficient,
        max(case when targeting_decile = 3 then incremental_conversions end)
        / nullif(max(case when targeting_decile = 10 then incremental_conversions end), 0)
            as top_three_tenths_incremental_share
    from curve
    group by model_name
),

final as (
    select
        measured.model_name,
        'leave-campaign-out, {{ var("crosschannel__uplift_folds") }} folds' as evaluation_method,
        cast(members.campaigns as bigint) as campaigns,
        cast(measured.treated_members as bigint) as treated_members,
        cast(measured.control_members as bigint) as control_members,
        cast(measured.treated_conversions as bigint) as treated_conversions,
        cast(measured.control_conversions as bigint) as control_conversions,
        cast(measured.incremental_conversions as double) as incremental_conversions,
        cast(measured.qini_coefficient as double) as qini_coefficient,
        cast(measured.top_three_tenths_incremental_share as double) as top_three_tenths_incremental_share,
        cast(measured.qini_coefficient - baseline.qini_coefficient as double) as qini_over_baseline
    from measured
    inner join members on measured.model_name = members.model_name
    inner join measured as baseline on baseline.model_name = 'recency_baseline'
)

select * from final
