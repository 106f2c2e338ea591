{#- Each model's prediction for every validation row beside what happened, with the rank of the
    probability among the model's predictions (tied probabilities share the mean of their ranks)
    and its decile (1: the highest tenth): what the evaluation and calibration marts measure. -#}
with

predictions as (
    select
        customer_id,
        cutoff_date,
        model_name,
        probability
    from {{ ref('int_scores__propensity') }}
    where cutoff_role = 'validation'
),

features as (
    select
        customer_id,
        cutoff_date,
        buys_in_horizon
    from {{ ref('int_scores__features') }}
    where cutoff_role = 'validation'
),

final as (
    select
        predictions.model_name,
        predictions.customer_id,
        predictions.cutoff_date,
        predictions.probability,
        case when features.buys_in_horizon then 1 else 0 end as bought,
        {{ crosschannel.tied_rank('predictions.probability', 'predictions.model_name') }} as probability_rank,
        ntile(10) over (
            partition by predictions.model_name
            order by predictions.probability desc, predictions.customer_id asc, predictions.cutoff_date asc
        ) as decile
    from predictions
    inner join features
        on
            predictions.customer_id = features.customer_id
            and predictions.cutoff_date = features.cutoff_date
)

select * from final
