{#- One row per subject and month with any funnel activity: its highest stage and the activity that
    reached it first, as int_funnel__stages decides them.

    Incremental by subject, after int_funnel__stages: a run copies again the rows of the subjects
    int_funnel__stages wrote since its last run (it writes a subject's months whole, so the subject's
    months that are gone are deleted with it); a pre-hook first deletes the subjects it no longer
    holds (no activity left). -#}
{%- set incremental_config = crosschannel.incremental_by_key_config(['subject_type', 'subject_id']) -%}
{{ config(
    pre_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('int_funnel__stages') }}"),
    **incremental_config
) }}
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
        stage_channel_group,
        computed_at
    from {{ ref('int_funnel__stages') }}
    {%- if is_incremental() %}
    where computed_at > (select {{ crosschannel.kept_watermark('computed_at') }} from {{ this }})
    {%- endif %}
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
        stage_channel_group,
        computed_at
    from stages
)

select * from final
