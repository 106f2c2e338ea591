-- Web sessions per month and marketing channel (store and call-centre activity has none).
select
    date_trunc('month', activity_date) as month,
    marketing_channel,
    sum(sessions) as sessions
from marts.mart_cross_channel_daily
where marketing_channel != 'none'
group by all
order by month, marketing_channel
