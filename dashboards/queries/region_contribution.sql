-- The web's contribution per region: estimated ROPO revenue against web revenue.
select
    store_region as region,
    sum(web_revenue_eur) as web_revenue_eur,
    sum(estimated_ropo_revenue_eur) as estimated_ropo_revenue_eur,
    sum(identified_ropo_revenue_eur) as identified_ropo_revenue_eur
from marts.mart_region_web_contribution
group by store_region
order by estimated_ropo_revenue_eur desc, region
