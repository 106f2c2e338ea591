-- ROPO share per month: identified (a lower bound) and estimated, with its 95% interval.
select
    period_start as month,
    identified_ropo_share,
    estimated_ropo_share,
    estimated_ropo_share_low,
    estimated_ropo_share_high
from marts.mart_ropo_estimate
where period_grain = 'month'
order by period_start
