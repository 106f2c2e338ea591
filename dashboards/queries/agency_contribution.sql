-- The web's contribution to each agency over the whole period: its own web revenue (its
-- white-label site and web orders placed at it), the store sales researched online, and the
-- estimated ROPO multiplier.
select
    store_id as agency,
    store_region as region,
    sum(offline_orders) as store_orders,
    sum(offline_revenue_eur) as store_revenue_eur,
    sum(web_orders) as web_orders,
    sum(web_leads) as web_leads,
    sum(web_revenue_eur) as web_revenue_eur,
    sum(identified_ropo_orders) as identified_ropo_orders,
    sum(estimated_ropo_orders) as estimated_ropo_orders,
    sum(research_own_site_orders) as researched_on_own_site,
    sum(research_brand_site_orders) as researched_on_brand_site,
    sum(research_other_agency_site_orders) as researched_on_other_agency_sites,
    sum(estimated_ropo_revenue_eur) / nullif(sum(web_revenue_eur), 0) as estimated_ropo_multiplier
from marts.mart_store_web_contribution
group by store_id, store_region
order by store_revenue_eur desc
