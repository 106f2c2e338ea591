-- The days the data covers: the first and last day with any activity.
select min(activity_date) as first_day, max(activity_date) as last_day
from marts.mart_cross_channel_daily
