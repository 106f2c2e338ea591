-- How many records of each back office the customers hold.
select source_system as back_office, records_per_customer, count(*) as customers
from (
    select customer_id, source_system, count(*) as records_per_customer
    from marts.dim_customer_source_records
    group by all
)
group by all
order by back_office, records_per_customer
