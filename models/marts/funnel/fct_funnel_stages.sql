{#- One row per subject and month with any funnel activity: its highest stage and the activity that
    reached it first, as int_funnel__stages decides them. -#}
with

stages as (
    select
        subject_type,
        subject_id,
        customer_id,
        stage_month,
        stage,
        stage_rank,
        stage_reached_at,
        stage_activity_source,
        stage_channel,
        stage_channel_group
    from {{ ref('int_funnel__stages') }}
),

final as (
    select
        subject_type,
        subject_id,
        customer_id,
        stage_month,
        stage,
        stage_rank,
        stage_reached_at,
        stage_activity_source,
        stage_channel,
        stage_channel_group
    from stages
)

select * from final
