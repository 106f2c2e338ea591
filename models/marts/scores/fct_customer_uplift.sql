{#- Every known customer with the uplift a campaign would have on them: their probability of a
    confirmed order in a campaign's response window if treated and if held out, from the two
    models fitted on every past randomised campaign, their difference and its decile (1: the
    tenth a campaign moves most). Features are taken at the current cutoff. -#}
with

predictions as (
    select
        customer_id,
        treated_probability,
        control_probability,
        predicted_uplift
    from {{ ref('int_scores__uplift') }}
    where subject_role = 'scoring'
),

features as (
    select
        customer_id,
        features_at
    from {{ ref('int_scores__uplift_features') }}
    where subject_role = 'scoring'
),

final as (
    select
        predictions.customer_id,
        cast(features.features_at as date) as scored_at,
        predictions.treated_probability,
        predictions.control_probability,
        predictions.predicted_uplift,
        ntile(10) over (order by predictions.predicted_uplift desc, predictions.customer_id asc) as uplift_decile
    from predictions
    inner join features on predictions.customer_id = features.customer_id
)

select * from final
