-- The web's contribution to each agency over the whole period: the web revenue placed at it, of
-- which its own white-label site sold (none when it has no site), the store sales researched
-- online (where: its own site, the brand site, other agencies' sites) and the estimated ROPO
-- multiplier.
with

contribution as (
    select
        store_id,
        store_region,
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
),

own_sites as (
    select
        sites.store_id,
        any_value(sites.site_id) as own_site_id,
        coalesce(sum(daily.revenue_eur), 0) as own_site_revenue_eur
    from staging.stg_web__sites as sites
    left join marts.mart_cross_channel_daily as daily
        on sites.site_id = daily.site_id and daily.sales_channel = 'web'
    where sites.site_kind = 'white_label'
    group by sites.store_id
)

select
    contribution.store_id as agency,
    contribution.store_region as region,
    contribution.store_orders,
    contribution.store_revenue_eur,
    contribution.web_orders,
    contribution.web_leads,
    contribution.web_revenue_eur,
    coalesce(own_sites.own_site_id, 'none') as own_site,
    own_sites.own_site_revenue_eur,
    contribution.identified_ropo_orders,
    contribution.estimated_ropo_orders,
    contribution.researched_on_own_site,
    contribution.researched_on_brand_site,
    contribution.researched_on_other_agency_sites,
    contribution.estimated_ropo_multiplier
from contribution
left join own_sites on contribution.store_id = own_sites.store_id
order by contribution.store_revenue_eur desc, agency
