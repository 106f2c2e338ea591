-- Revenue per month and sales channel.
select
    date_trunc('month', activity_date) as month,
    sales_channel,
    sum(revenue_eur) as revenue_eur
from marts.mart_cross_channel_daily
group by all
order by month, sales_channel
