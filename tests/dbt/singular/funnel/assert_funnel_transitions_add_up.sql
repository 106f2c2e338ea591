{#- Transitions conserve subjects: for every month and stage, the subjects moving into the stage
    are the month's subjects at that stage in fct_funnel_stages, and the subjects moving out of
    it are the previous month's (up to the last month). Returns the stage-months that differ. -#}
with

stages as (
    select
        subject_type,
        stage_month,
        stage as funnel_stage,
        count(*) as subjects
    from {{ ref('fct_funnel_stages') }}
    group by 1, 2, 3
),

last_month as (
    select max(stage_month) as stage_month
    from stages
),

transitions as (
    select
        transition_month,
        subject_type,
        from_stage,
        to_stage,
        subjects
    from {{ ref('mart_funnel_transitions_monthly') }}
),

arrivals as (
    select
        subject_type,
        transition_month as stage_month,
        to_stage as funnel_stage,
        sum(subjects) as subjects
    from transitions
    where to_stage != 'none'
    group by 1, 2, 3
),

departures as (
    select
        subject_type,
        cast({{ dbt.dateadd('month', -1, 'transition_month') }} as date) as stage_month,
        from_stage as funnel_stage,
        sum(subjects) as subjects
    from transitions
    where from_stage != 'none'
    group by 1, 2, 3
),

expected_departures as (
    select stages.*
    from stages
    cross join last_month
    where stages.stage_month < last_month.stage_month
),

final as (
    select
        'into' as direction,
        coalesce(stages.subject_type, arrivals.subject_type) as subject_type,
        coalesce(stages.stage_month, arrivals.stage_month) as stage_month,
        coalesce(stages.funnel_stage, arrivals.funnel_stage) as funnel_stage,
        stages.subjects as subjects_at_stage,
        arrivals.subjects as subjects_moved
    from stages
    full outer join arrivals
        on
            stages.subject_type = arrivals.subject_type
            and stages.stage_month = arrivals.stage_month
            and stages.funnel_stage = arrivals.funnel_stage
    where stages.subjects is distinct from arrivals.subjects
    union all
    select
        'out of' as direction,
        coalesce(expected_departures.subject_type, departures.subject_type) as subject_type,
        coalesce(expected_departures.stage_month, departures.stage_month) as stage_month,
        coalesce(expected_departures.funnel_stage, departures.funnel_stage) as funnel_stage,
        expected_departures.subjects as subjects_at_stage,
        departures.subjects as subjects_moved
    from expected_departures
    full outer join departures
        on
            expected_departures.subject_type = departures.subject_type
            and expected_departures.stage_month = departures.stage_month
            and expected_departures.funnel_stage = departures.funnel_stage
    where expected_departures.subjects is distinct from departures.subjects
)

select * from final
