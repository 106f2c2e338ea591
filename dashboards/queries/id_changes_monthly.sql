-- Customer ids merged into others and split off, per month of the run that changed them.
select date_trunc('month', merged_at) as month, change_type, count(*) as changes
from marts.fct_customer_merges
group by all
order by month, change_type
