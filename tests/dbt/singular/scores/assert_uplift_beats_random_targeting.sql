-- On campaigns it never saw, targeting by predicted uplift must add more conversions than random
-- targeting, once the evaluation holds enough conversions to judge (below, the curve is noise).
select
    model_name,
    qini_coefficient,
    treated_conversions + control_conversions as evaluated_conversions
from {{ ref('mart_uplift_evaluation') }}
where
    model_name = 'uplift_model'
    and not qini_coefficient > 0
    and treated_conversions + control_conversions >= {{ var('crosschannel__uplift_min_evaluated_conversions') }}
