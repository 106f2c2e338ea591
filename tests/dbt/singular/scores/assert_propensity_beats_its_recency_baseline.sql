-- The propensity model must rank the validation months' buyers better than recency alone.
select
    model_name,
    auc,
    auc_over_baseline
from {{ ref('mart_score_evaluation') }}
where model_name = 'propensity' and not auc_over_baseline > 0
