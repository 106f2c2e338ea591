-- Retention per acquisition cohort and month since acquisition.
select cohort_month, months_since_acquisition, retention_rate
from marts.mart_cohort_retention
order by cohort_month, months_since_acquisition
