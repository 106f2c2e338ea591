-- On customers it never saw, the lookalike model must tell seed buyers from the others better
-- than a random guess (AUC 0.5), once the holdout holds enough seed buyers to judge.
select
    seed_category,
    auc,
    holdout_seed_buyers
from {{ ref('mart_lookalike_evaluation') }}
where
    not auc > 0.5
    and holdout_seed_buyers >= {{ var('crosschannel__lookalike_min_holdout_seed_buyers') }}
