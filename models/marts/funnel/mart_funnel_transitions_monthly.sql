{#- How subjects move through the funnel from one month to the next: per month, subject type, stage
    of the previous month (none: not active then) and stage of this month (none: not active now),
    with the channel that set this month's stage. Into a stage, the subjects add up to the month's
    subjects at that stage in fct_funnel_stages; out of a stage, to the previous month's. -#}
with

stages as (
    select
        subject_type,
        subject_id,
        stage_month,
        stage,
        stage_rank,
        stage_channel,
        stage_channel_group
    from {{ ref('fct_funnel_stages') }}
),

last_month as (
    select max(stage_month) as stage_month
    from stages
),

arrivals as (
    select
        current_month.stage_month as transition_month,
        current_month.subject_type,
        coalesce(previous_month.stage, 'none') as from_stage,
        cast(coalesce(previous_month.stage_rank, 0) as integer) as from_stage_rank,
        current_month.stage as to_stage,
        cast(current_month.stage_rank as integer) as to_stage_rank,
        current_month.stage_channel as channel,
        current_month.stage_channel_group as channel_group
    from stages as current_month
    left join stages as previous_month
        on
            current_month.subject_type = previous_month.subject_type
            and current_month.subject_id = previous_month.subject_id
            and previous_month.stage_month
            = cast({{ dbt.dateadd('month', -1, 'current_month.stage_month') }} as date)
),

lapses as (
    select
        cast({{ dbt.dateadd('month', 1, 'previous_month.stage_month') }} as date) as transition_month,
        previous_month.subject_type,
        previous_month.stage as from_stage,
        cast(previous_month.stage_rank as integer) as from_stage_rank,
        'none' as to_stage,
        cast(0 as integer) as to_stage_rank,
        'none' as channel,
        'none' as channel_group
    from stages as previous_month
    cross join last_month
    left join stages as current_month
        on
            previous_month.subject_type = current_month.subject_type
            and previous_month.subject_id = current_month.subject_id
            and current_month.stage_month
            = cast({{ dbt.dateadd('month', 1, 'previous_month.stage_month') }} as date)
    where
        current_month.subject_id is null
        and previous_month.stage_month < last_month.stage_month
),

transitions as (
    select * from arrivals
    union all
    select * from lapses
),

counted as (
    select
        transition_month,
        subject_type,
        from_stage,
        from_stage_rank,
        to_stage,
        to_stage_rank,
        channel,
        channel_group,
        count(*) as subjects
    from transitions
    group by 1, 2, 3, 4, 5, 6, 7, 8
),

final as (
    select
        transition_month,
        subject_type,
        from_stage,
        from_stage_rank,
        to_stage,
        to_stage_rank,
        case
            when from_stage_rank = 0 then 'entered'
            when to_stage_rank = 0 then 'lapsed'
            when to_stage_rank > from_stage_rank then 'advanced'
            when to_stage_rank < from_stage_rank then 'regressed'
            else 'stayed'
        end as movement,
        channel,
        channel_group,
        subjects,
        case
            when from_stage_rank > 0
                then
                    cast(subjects as double) / sum(subjects) over (
                        partition by transition_month, subject_type, from_stage
                    )
        end as share_of_from_stage
    from counted
)

select * from final
