{#- The funnel of each month, online and offline together: per month, subject type and stage, the
    subjects whose highest stage it was, those who reached it or beyond, and the conversion rate
    to the next stage (reached the next stage or beyond / reached this one or beyond). -#}
with

stages as (
    select
        subject_type,
        stage_month,
        stage_rank
    from {{ ref('fct_funnel_stages') }}
),

funnel_stages as (
    select distinct
        stage_rank,
        stage
    from {{ ref('funnel_stage_rules') }}
),

months as (
    select distinct
        stage_month,
        subject_type
    from stages
),

counted as (
    select
        stage_month,
        subject_type,
        stage_rank,
        count(*) as subjects
    from stages
    group by 1, 2, 3
),

grid as (
    select
        months.stage_month,
        months.subject_type,
        funnel_stages.stage_rank,
        funnel_stages.stage,
        coalesce(counted.subjects, 0) as subjects_at_stage
    from months
    cross join funnel_stages
    left join counted
        on
            months.stage_month = counted.stage_month
            and months.subject_type = counted.subject_type
            and funnel_stages.stage_rank = counted.stage_rank
),

reached as (
    select
        stage_month,
        subject_type,
        stage_rank,
        stage,
        subjects_at_stage,
        cast(sum(subjects_at_stage) over (
            partition by stage_month, subject_type
            order by stage_rank desc
            rows between unbounded preceding and current row
        ) as bigint) as subjects_reached
    from grid
),

final as (
    select
        stage_month,
        subject_type,
        stage,
        stage_rank,
        subjects_at_stage,
        subjects_reached,
        cast(
            lead(subjects_reached) over (partition by stage_month, subject_type order by stage_rank) as double
        ) / nullif(subjects_reached, 0) as conversion_to_next_stage
    from reached
)

select * from final
