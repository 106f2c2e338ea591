{#- Calibration of each model on the validation cutoffs: per decile of predicted probability (1:
    the highest), the rows, the buyers, the mean prediction and the observed buy rate. A
    calibrated model's two rates agree. -#}
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

deciles as (
    select
        predictions.model_name,
        predictions.probability,
        case when features.buys_in_horizon then 1 else 0 end as bought,
        ntile(10) over (
            partition by predictions.model_name
            order by predictions.probability desc, predictions.customer_id asc, predictions.cutoff_date asc
        ) as decile
    from predictions
    inner join features
        on
            predictions.customer_id = features.customer_id
            and predictions.cutoff_date = features.cutoff_date
),

final as (
    select
        model_name,
        decile,
        count(*) as validation_rows,
        cast(sum(bought) as bigint) as buyers,
        avg(probability) as mean_probability,
        avg(cast(bought as double)) as observed_rate
    from deciles
    group by model_name, decile
)

select * from final
