-- Every campaign's conversion rate ratio, treated over hold-out (1 + relative lift), with its 95%
-- interval: a forest plot on a log scale, where 1 is no effect. Flagged campaigns are left out.
select
    campaign_name || ' (' || channel || ')' as campaign,
    1 + relative_lift as rate_ratio,
    1 + relative_lift_ci_low as rate_ratio_ci_low,
    1 + relative_lift_ci_high as rate_ratio_ci_high,
    headline_incremental_revenue_eur,
    iroas
from marts.mart_campaign_incrementality
where not has_sample_ratio_mismatch
order by relative_lift, campaign
