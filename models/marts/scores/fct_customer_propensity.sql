{#- Every customer active in the twelve months before the current cutoff with their propensity to
    buy within crosschannel__propensity_horizon_days days, its decile (1: the tenth most likely)
    and the recency-only baseline's probability beside it. -#}
with

predictions as (
    select
        customer_id,
        cutoff_date,
        model_name,
        probability
    from {{ ref('int_scores__propensity') }}
    where cutoff_role = 'scoring'
),

scored as (
    select
        customer_id,
        cutoff_date,
        max(case when model_name = 'propensity' then probability end) as propensity,
        max(case when model_name = 'recency_baseline' then probability end) as recency_baseline_probability
    from predictions
    group by customer_id, cutoff_date
),

final as (
    select
        customer_id,
        cutoff_date as scored_at,
        {{ var('crosschannel__propensity_horizon_days') }} as horizon_days,
        propensity,
        ntile(10) over (order by propensity desc, customer_id asc) as propensity_decile,
        recency_baseline_probability
    from scored
)

select * from final
