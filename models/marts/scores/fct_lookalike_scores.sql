{#- How much every customer and anonymous cookie active on the web in the three months before the
    current cutoff looks like the seed audience (the seed category's recent buyers), with its
    decile among the subjects outside that audience (1: the closest tenth). -#}
with

scores as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        seed_category,
        fold,
        lookalike_score
    from {{ ref('int_scores__lookalike') }}
),

profiles as (
    select
        subject_type,
        subject_id,
        is_seed_buyer
    from {{ ref('int_scores__web_profiles') }}
),

joined as (
    select
        scores.subject_type,
        scores.subject_id,
        scores.cutoff_date,
        scores.seed_category,
        scores.fold,
        scores.lookalike_score,
        coalesce(profiles.is_seed_buyer, false) as is_seed_buyer
    from scores
    inner join profiles
        on
            scores.subject_type = profiles.subject_type
            and scores.subject_id = profiles.subject_id
),

final as (
    select
        subject_type,
        subject_id,
        cutoff_date as scored_at,
        seed_category,
        is_seed_buyer,
        lookalike_score,
        case
            when not is_seed_buyer
                then ntile(10) over (
                    partition by is_seed_buyer order by lookalike_score desc, subject_type asc, subject_id asc
                )
        end as lookalike_decile
    from joined
)

select * from final
