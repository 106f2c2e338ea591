-- The network's web contribution per month: estimated ROPO multiplier with its interval.
select
    month_start as month,
    estimated_ropo_multiplier,
    estimated_ropo_multiplier_low,
    estimated_ropo_multiplier_high,
    identified_ropo_multiplier
from marts.mart_network_web_contribution
order by month_start
