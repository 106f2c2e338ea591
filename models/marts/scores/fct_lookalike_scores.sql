{#- How much every customer and anonymous cookie active on the web in the three months before the
    current cutoff looks like the seed audience (the seed category's recent buyers), with its
    decile among the subjects outside that audience (1: the closest tenth). -#}
with

deciles as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        seed_category,
        is_seed_buyer,
        lookalike_score,
        lookalike_decile
    from {{ ref('int_scores__lookalike_deciles') }}
    where cutoff_role = 'scoring'
),

final as (
    select
        subject_type,
        subject_id,
        cutoff_date as scored_at,
        seed_category,
        is_seed_buyer,
        lookalike_score,
        lookalike_decile
    from deciles
)

select * from final
