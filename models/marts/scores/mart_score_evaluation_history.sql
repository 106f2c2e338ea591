{{ config(
    materialized='incremental',
    full_refresh=false,
    unique_key=['model_name', 'trained_through'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
{#- mart_score_evaluation of every build, one row per model and training date: a build on newer
    data (a later trained_through) adds its rows, a build on the same data replaces them.
    Incremental so that it outlives rebuilds, --full-refresh included. -#}
with

evaluation as (
    select
        model_name,
        trained_through,
        training_rows,
        validated_from,
        validated_through,
        validation_rows,
        validation_buyers,
        base_rate,
        auc,
        log_loss,
        top_decile_lift,
        auc_over_baseline
    from {{ ref('mart_score_evaluation') }}
),

final as (
    select
        model_name,
        trained_through,
        training_rows,
        validated_from,
        validated_through,
        validation_rows,
        validation_buyers,
        base_rate,
        auc,
        log_loss,
        top_decile_lift,
        auc_over_baseline
    from evaluation
)

select * from final
