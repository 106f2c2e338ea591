{#- How well each model ranks and predicts buyers on the validation cutoffs, which no model was
    trained on: AUC (the chance a buyer outranks a non-buyer, ties counting half), log-loss, the
    top decile's buy rate over the base rate, and the AUC over the recency-only baseline's. A
    test fails the build when the propensity model does not beat its baseline. -#}
with

outcomes as (
    select
        model_name,
        cutoff_date,
        probability,
        bought,
        probability_rank,
        decile
    from {{ ref('int_scores__validation_outcomes') }}
),

training as (
    -- What the kept model learnt from, when it was trained (it may be an earlier run of the month).
    select
        trained_through,
        training_rows
    from {{ ref('int_scores__propensity_model') }}
    where score_name = 'propensity'
),

measured as (
    select
        model_name,
        min(cutoff_date) as validated_from,
        max(cutoff_date) as validated_through,
        count(*) as validation_rows,
        sum(bought) as validation_buyers,
        avg(cast(bought as double)) as base_rate,
        {{ crosschannel.auc_from_ranks('bought', 'probability_rank') }} as auc,
        -avg(
            bought * ln(greatest(probability, 1e-15))
            + (1 - bought) * ln(greatest(1 - probability, 1e-15))
        ) as log_loss,
        avg(case when decile = 1 then cast(bought as double) end)
        / nullif(avg(cast(bought as double)), 0) as top_decile_lift
    from outcomes
    group by model_name
),

final as (
    select
        measured.model_name,
        training.trained_through,
        training.training_rows,
        measured.validated_from,
        measured.validated_through,
        measured.validation_rows,
        cast(measured.validation_buyers as bigint) as validation_buyers,
        cast(measured.base_rate as double) as base_rate,
        cast(measured.auc as double) as auc,
        cast(measured.log_loss as double) as log_loss,
        cast(measured.top_decile_lift as double) as top_decile_lift,
        cast(measured.auc - baseline.auc as double) as auc_over_baseline
    from measured
    cross join training
    inner join measured as baseline on baseline.model_name = 'recency_baseline'
)

select * from final
