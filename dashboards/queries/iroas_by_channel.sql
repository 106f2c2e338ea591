-- iROAS per campaign channel, with its 95% interval (the management roll-up's channel rows).
select
    channel,
    iroas,
    iroas_ci_low,
    iroas_ci_high,
    incremental_revenue_eur,
    cost_eur
from marts.mart_incrementality_summary
where summary_level = 'channel'
order by iroas desc, channel
