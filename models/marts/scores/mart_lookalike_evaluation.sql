{#- How well the lookalike model tells the seed audience from other customers among the customers
    it was not trained on (the holdout): AUC and the top decile's share of seed buyers over the
    holdout's. 0.5 is a random guess. -#}
with

scores as (
    select
        subject_id,
        cutoff_date,
        seed_category,
        fold,
        lookalike_score
    from {{ ref('int_scores__lookalike') }}
    where subject_type = 'customer' and cutoff_role = 'scoring'
),

profiles as (
    select
        subject_id,
        is_seed_buyer
    from {{ ref('int_scores__web_profiles') }}
    where subject_type = 'customer' and cutoff_role = 'scoring'
),

holdout as (
    select
        scores.cutoff_date,
        scores.seed_category,
        case when profiles.is_seed_buyer then 1 else 0 end as bought,
        {{ crosschannel.tied_rank('scores.lookalike_score', 'scores.fold') }} as score_rank,
        ntile(10) over (order by scores.lookalike_score desc, scores.subject_id asc) as decile
    from scores
    inner join profiles on scores.subject_id = profiles.subject_id
    where scores.fold = 'holdout'
),

training as (
    select count(*) as training_customers
    from scores
    where fold = 'training'
),

final as (
    select
        holdout.seed_category,
        holdout.cutoff_date as scored_at,
        training.training_customers,
        count(*) as holdout_customers,
        cast(sum(holdout.bought) as bigint) as holdout_seed_buyers,
        cast({{ crosschannel.auc_from_ranks('holdout.bought', 'holdout.score_rank') }} as double) as auc,
        cast(
            avg(case when holdout.decile = 1 then cast(holdout.bought as double) end)
            / nullif(avg(cast(holdout.bought as double)), 0) as double
        ) as top_decile_lift
    from holdout
    cross join training
    group by holdout.seed_category, holdout.cutoff_date, training.training_customers
)

select * from final
