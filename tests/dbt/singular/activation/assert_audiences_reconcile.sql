{#- The audience marts add up: each look-alike cohort's size in mart_lookalike_cohorts is its
    member count in mart_audiences, and no look-alike member of mart_audiences lacks a cohort row;
    every campaign's analysed units in mart_campaign_audience_lift are those of
    mart_campaign_incrementality, and an audience's members and conversions never exceed the
    campaign's. Returns the rows that differ. -#}
with

audience_cohorts as (
    select
        audience_name,
        cohort,
        count(*) as members,
        count(case when is_targetable then 1 end) as targetable_members
    from {{ ref('mart_audiences') }}
    where audience_kind = 'lookalike_acquisition'
    group by audience_name, cohort
),

cohorts as (
    select
        audience_name,
        cohort,
        members,
        targetable_members
    from {{ ref('mart_lookalike_cohorts') }}
),

campaigns as (
    select
        campaign_id,
        treatment_members + control_members as analysed_members,
        treatment_conversions,
        control_conversions
    from {{ ref('mart_campaign_incrementality') }}
),

audience_lift as (
    select
        campaign_id,
        audience_name,
        cohort,
        analysed_members,
        treatment_members,
        control_members,
        treatment_conversions,
        control_conversions
    from {{ ref('mart_campaign_audience_lift') }}
),

cohort_differences as (
    select
        coalesce(audience_cohorts.audience_name, cohorts.audience_name) as audience_name,
        coalesce(audience_cohorts.cohort, cohorts.cohort) as cohort,
        'cohort size' as measure
    from audience_cohorts
    full outer join cohorts
        on
            audience_cohorts.audience_name = cohorts.audience_name
            and audience_cohorts.cohort = cohorts.cohort
    where
        audience_cohorts.cohort is null
        or coalesce(cohorts.members, -1) != audience_cohorts.members
        or coalesce(cohorts.targetable_members, -1) != audience_cohorts.targetable_members
),

lift_differences as (
    select
        audience_lift.audience_name,
        audience_lift.campaign_id as cohort,
        'campaign members' as measure
    from audience_lift
    left join campaigns on audience_lift.campaign_id = campaigns.campaign_id
    where
        campaigns.campaign_id is null
        or audience_lift.analysed_members != campaigns.analysed_members
        or audience_lift.treatment_members + audience_lift.control_members > campaigns.analysed_members
        or audience_lift.treatment_conversions > campaigns.treatment_conversions
        or audience_lift.control_conversions > campaigns.control_conversions
),

final as (
    select
        audience_name,
        cohort,
        measure
    from cohort_differences
    union all
    select
        audience_name,
        cohort,
        measure
    from lift_differences
)

select * from final
