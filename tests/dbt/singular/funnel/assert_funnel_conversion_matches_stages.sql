{#- The monthly funnel counts every subject-month of fct_funnel_stages once, at its stage.
    Returns the months and subject types whose totals differ. -#}
with

stages as (
    select
        stage_month,
        subject_type,
        count(*) as subjects
    from {{ ref('fct_funnel_stages') }}
    group by 1, 2
),

funnel as (
    select
        stage_month,
        subject_type,
        sum(subjects_at_stage) as subjects,
        max(case when stage_rank = 1 then subjects_reached end) as subjects_reached_aware
    from {{ ref('mart_funnel_conversion_monthly') }}
    group by 1, 2
),

final as (
    select
        coalesce(stages.stage_month, funnel.stage_month) as stage_month,
        coalesce(stages.subject_type, funnel.subject_type) as subject_type,
        stages.subjects as subjects_in_fact,
        funnel.subjects as subjects_in_funnel,
        funnel.subjects_reached_aware
    from stages
    full outer join funnel
        on stages.stage_month = funnel.stage_month and stages.subject_type = funnel.subject_type
    where
        stages.subjects is distinct from funnel.subjects
        or funnel.subjects is distinct from funnel.subjects_reached_aware
)

select * from final
