{#- The look-alike scores of every subject at each look-alike cutoff (the current one and the
    backtest one), with the subject's decile among those outside the seed audience at that cutoff
    (1: the closest tenth). fct_lookalike_scores publishes the current cutoff's; the cohort
    backtest (mart_lookalike_cohorts) follows the backtest cutoff's. -#}
with

scores as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        cutoff_role,
        seed_category,
        fold,
        lookalike_score
    from {{ ref('int_scores__lookalike') }}
),

profiles as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        is_seed_buyer
    from {{ ref('int_scores__web_profiles') }}
),

joined as (
    select
        scores.subject_type,
        scores.subject_id,
        scores.cutoff_date,
        scores.cutoff_role,
        scores.seed_category,
        scores.fold,
        scores.lookalike_score,
        coalesce(profiles.is_seed_buyer, false) as is_seed_buyer
    from scores
    inner join profiles
        on
            scores.subject_type = profiles.subject_type
            and scores.subject_id = profiles.subject_id
            and scores.cutoff_date = profiles.cutoff_date
),

final as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        cutoff_role,
        seed_category,
        is_seed_buyer,
        lookalike_score,
        case
            when not is_seed_buyer
                then ntile(10) over (
                    partition by cutoff_date, is_seed_buyer
                    order by lookalike_score desc, subject_type asc, subject_id asc
                )
        end as lookalike_decile
    from joined
)

select * from final
