{#- Calibration of each model on the validation cutoffs: per decile of predicted probability (1:
    the highest), the rows, the buyers, the mean prediction and the observed buy rate. A
    calibrated model's two rates agree. -#}
with

outcomes as (
    select
        model_name,
        decile,
        probability,
        bought
    from {{ ref('int_scores__validation_outcomes') }}
),

final as (
    select
        model_name,
        decile,
        count(*) as validation_rows,
        cast(sum(bought) as bigint) as buyers,
        avg(probability) as mean_probability,
        avg(cast(bought as double)) as observed_rate
    from outcomes
    group by model_name, decile
)

select * from final
