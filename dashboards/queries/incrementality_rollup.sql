-- The management roll-up: network, month, channel and objective rows.
select
    summary_level,
    period_start,
    channel,
    objective,
    campaigns,
    incremental_conversions,
    incremental_revenue_eur,
    incremental_revenue_eur_ci_low,
    incremental_revenue_eur_ci_high,
    cost_eur,
    iroas,
    revenue_per_incremental_customer_eur as value_of_an_incremental_customer_eur,
    cost_per_incremental_customer_eur
from marts.mart_incrementality_summary
order by summary_level, period_start, channel, objective
