-- Cumulative revenue per customer by first-touch channel and month since acquisition (points
-- resting on fewer than 10 customers left out: too noisy).
select first_touch_channel, months_since_acquisition, cumulative_revenue_per_customer_eur
from marts.mart_channel_cohort_retention
where customers_observed >= 10
order by first_touch_channel, months_since_acquisition
