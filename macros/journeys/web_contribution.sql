{#- The body of the web-contribution marts, one row per month and per store, region or the network
    (level): confirmed offline orders (store and call centre, placed as int_sales__orders_enriched
    allocates them; those no rule places under the store and region 'unallocated') and those researched online - identified, and estimated with the network's
    research identification rate (mart_ropo_estimate, whole period) - where the research happened
    (the store's own white-label site, the brand site, another agency's site; store level), the web
    orders, leads and revenue placed there, and the ROPO multiplier with 95% intervals on the log
    scale (log_scale_interval; the estimated one also spans the estimate's interval). Stores are
    pooled towards their region and regions towards the network (pooled_share), with a prior worth
    crosschannel__ropo_pooling_orders orders, or estimated by the method of moments from how much
    the shares spread beyond binomial noise when that var is null. Months are in
    crosschannel__reporting_timezone. -#}
{% macro web_contribution(level) -%}
{%- if level not in ('store', 'region', 'network') -%}
    {{ exceptions.raise_compiler_error("web_contribution: level must be store, region or network, got " ~ level) }}
{%- endif -%}
{%- set keys = {'store': ['store_id', 'store_region'], 'region': ['store_region'], 'network': []}[level] -%}
{%- set parent_keys = {'store': ['store_region'], 'region': [], 'network': none}[level] -%}
{%- set prior_orders = var('crosschannel__ropo_pooling_orders') -%}
with

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

sites as (
    select
        site_id,
        store_id
    from {{ ref('stg_web__sites') }}
),

ropo_orders as (
    select
        store_id,
        ordered_at,
        revenue_eur,
        is_ropo,
        research_site_id
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed'
),

web_orders as (
    select
        store_id,
        ordered_at,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and order_status = 'confirmed'
),

leads as (
    select
        lead_id,
        created_at
    from {{ ref('stg_sales__leads') }}
    where channel = 'web'
),

allocated_leads as (
    select
        lead_id,
        store_id
    from {{ ref('int_sales__leads_allocated') }}
),

network_estimate as (
    select
        identified_ropo_share / nullif(estimated_ropo_share, 0) as identification_rate,
        identified_ropo_revenue_eur / nullif(estimated_ropo_revenue_eur, 0) as revenue_identification_rate,
        identified_ropo_revenue_eur / nullif(estimated_ropo_revenue_eur_high, 0) as revenue_identification_rate_low,
        identified_ropo_revenue_eur / nullif(estimated_ropo_revenue_eur_low, 0) as revenue_identification_rate_high
    from {{ ref('mart_ropo_estimate') }}
    where period_grain = 'all'
),

offline_facts as (
    select
        coalesce(ropo_orders.store_id, 'unallocated') as store_id,
        coalesce(stores.region, 'unallocated') as store_region,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('ropo_orders.ordered_at')) }} as date) as month_start,
        ropo_orders.revenue_eur,
        ropo_orders.is_ropo,
        research_sites.store_id as research_store_id,
        research_sites.site_id is not null as has_research_site
    from ropo_orders
    left join stores on ropo_orders.store_id = stores.store_id
    left join sites as research_sites on ropo_orders.research_site_id = research_sites.site_id
),

web_facts as (
    select
        coalesce(web_orders.store_id, 'unallocated') as store_id,
        coalesce(stores.region, 'unallocated') as store_region,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('web_orders.ordered_at')) }} as date) as month_start,
        web_orders.revenue_eur
    from web_orders
    left join stores on web_orders.store_id = stores.store_id
),

lead_facts as (
    select
        coalesce(allocated_leads.store_id, 'unallocated') as store_id,
        coalesce(stores.region, 'unallocated') as store_region,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('leads.created_at')) }} as date) as month_start
    from leads
    inner join allocated_leads on leads.lead_id = allocated_leads.lead_id
    left join stores on allocated_leads.store_id = stores.store_id
),

offline_months as (
    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        month_start,
        count(*) as offline_orders,
        sum(revenue_eur) as offline_revenue_eur,
        count(case when is_ropo then 1 end) as identified_ropo_orders,
        coalesce(sum(case when is_ropo then revenue_eur end), 0) as identified_ropo_revenue_eur,
        var_samp(case when is_ropo then revenue_eur else 0 end) as ropo_revenue_variance,
        count(case when research_store_id = store_id then 1 end) as research_own_site_orders,
        count(case when has_research_site and research_store_id is null then 1 end) as research_brand_site_orders,
        count(case when research_store_id <> store_id then 1 end) as research_other_agency_site_orders
    from offline_facts
    group by {% for key in keys %}{{ key }}, {% endfor %}month_start
),

web_months as (
    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        month_start,
        count(*) as web_orders,
        sum(revenue_eur) as web_revenue_eur,
        var_samp(revenue_eur) as web_revenue_variance
    from web_facts
    group by {% for key in keys %}{{ key }}, {% endfor %}month_start
),

lead_months as (
    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        month_start,
        count(*) as web_leads
    from lead_facts
    group by {% for key in keys %}{{ key }}, {% endfor %}month_start
),

cells as (
    {%- for months in ['offline_months', 'web_months', 'lead_months'] %}
        select
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            month_start
        from {{ months }}
        {{ 'union' if not loop.last }}
    {%- endfor %}
),

measures as (
    select
        {%- for key in keys %}
            cells.{{ key }},
        {%- endfor %}
        cells.month_start,
        coalesce(offline_months.offline_orders, 0) as offline_orders,
        coalesce(offline_months.offline_revenue_eur, 0) as offline_revenue_eur,
        coalesce(offline_months.identified_ropo_orders, 0) as identified_ropo_orders,
        coalesce(offline_months.identified_ropo_revenue_eur, 0) as identified_ropo_revenue_eur,
        offline_months.ropo_revenue_variance,
        coalesce(offline_months.research_own_site_orders, 0) as research_own_site_orders,
        coalesce(offline_months.research_brand_site_orders, 0) as research_brand_site_orders,
        coalesce(offline_months.research_other_agency_site_orders, 0) as research_other_agency_site_orders,
        coalesce(web_months.web_orders, 0) as web_orders,
        coalesce(web_months.web_revenue_eur, 0) as web_revenue_eur,
        web_months.web_revenue_variance,
        coalesce(lead_months.web_leads, 0) as web_leads
    from cells
    {%- for months in ['offline_months', 'web_months', 'lead_months'] %}
        left join {{ months }}
            on
                cells.month_start = {{ months }}.month_start
                {%- for key in keys %}
                    and cells.{{ key }} = {{ months }}.{{ key }}
                {%- endfor %}
    {%- endfor %}
),

{%- if parent_keys is not none %}

parent_shares as (
    select
        {%- for key in parent_keys %}
            {{ key }},
        {%- endfor %}
        cast(sum(identified_ropo_orders) as double) / nullif(sum(offline_orders), 0) as parent_share
    from measures
    {%- if parent_keys %}
        group by {{ parent_keys | join(', ') }}
    {%- endif %}
),

with_parent as (
    select
        measures.*,
        parent_shares.parent_share
    from measures
    {%- if parent_keys %}
        left join parent_shares
            on
                {%- for key in parent_keys %}
                    {{ 'and ' if not loop.first }}measures.{{ key }} = parent_shares.{{ key }}
                {%- endfor %}
    {%- else %}
        cross join parent_shares
    {%- endif %}
),

{#- Method of moments over the cells: the spread of their shares around their parent's, beyond
    binomial noise (tau^2), gives the prior's weight p(1 - p) / tau^2 - 1, bounded to 1-10,000
    orders (no spread beyond noise: 10,000, full pooling). -#}
spread as (
    select
        sum(offline_orders * power(cast(identified_ropo_orders as double) / offline_orders - parent_share, 2))
        / nullif(sum(offline_orders), 0) as observed_variance,
        count(*) * avg(parent_share * (1 - parent_share)) / nullif(sum(offline_orders), 0) as binomial_variance,
        avg(parent_share * (1 - parent_share)) as share_variance
    from with_parent
    where offline_orders > 0
),

prior as (
    select
        {%- if prior_orders is none %}
            case
                when observed_variance > binomial_variance
                    then least(greatest(share_variance / (observed_variance - binomial_variance) - 1, 1), 10000)
                else 10000
            end as prior_orders
        {%- else %}
            cast({{ prior_orders }} as double) as prior_orders
        {%- endif %}
    from spread
),
{%- endif %}

ratios as (
    select
        {%- if parent_keys is not none %}
            with_parent.*,
            prior.prior_orders,
        {%- else %}
            measures.*,
            cast(measures.identified_ropo_orders as double) / nullif(measures.offline_orders, 0) as parent_share,
            cast(null as double) as prior_orders,
        {%- endif %}
        cast(identified_ropo_revenue_eur as double) / nullif(web_revenue_eur, 0) as identified_ropo_multiplier,
        offline_orders * ropo_revenue_variance
        / nullif(cast(identified_ropo_revenue_eur as double) * identified_ropo_revenue_eur, 0)
        + web_orders * web_revenue_variance / nullif(cast(web_revenue_eur as double) * web_revenue_eur, 0)
            as relative_variance
    {%- if parent_keys is not none %}
        from with_parent
        cross join prior
    {%- else %}
        from measures
    {%- endif %}
),

final as (
    select
        {%- for key in keys %}
            ratios.{{ key }},
        {%- endfor %}
        ratios.month_start,
        ratios.offline_orders,
        cast(ratios.offline_revenue_eur as decimal(18, 2)) as offline_revenue_eur,
        ratios.identified_ropo_orders,
        cast(ratios.identified_ropo_revenue_eur as decimal(18, 2)) as identified_ropo_revenue_eur,
        ratios.identified_ropo_orders / network_estimate.identification_rate as estimated_ropo_orders,
        cast(
            round(ratios.identified_ropo_revenue_eur / network_estimate.revenue_identification_rate, 2)
            as decimal(18, 2)
        ) as estimated_ropo_revenue_eur,
        {%- if level == 'store' %}
            ratios.research_own_site_orders,
            ratios.research_brand_site_orders,
            ratios.research_other_agency_site_orders,
        {%- else %}
            ratios.research_own_site_orders + ratios.research_other_agency_site_orders
                as research_agency_site_orders,
            ratios.research_brand_site_orders,
        {%- endif %}
        ratios.web_orders,
        ratios.web_leads,
        cast(ratios.web_revenue_eur as decimal(18, 2)) as web_revenue_eur,
        cast(ratios.identified_ropo_orders as double) / nullif(ratios.offline_orders, 0) as identified_ropo_share,
        {%- if parent_keys is not none %}
            {{ crosschannel.pooled_share(
                'ratios.identified_ropo_orders', 'ratios.offline_orders', 'ratios.parent_share', 'ratios.prior_orders'
            ) }} as pooled_identified_ropo_share,
            least(
                {{ crosschannel.pooled_share(
                    'ratios.identified_ropo_orders', 'ratios.offline_orders', 'ratios.parent_share', 'ratios.prior_orders'
                ) }} / network_estimate.identification_rate,
                1.0
            ) as pooled_estimated_ropo_share,
            ratios.prior_orders as pooling_prior_orders,
        {%- endif %}
        ratios.identified_ropo_multiplier,
        {{ crosschannel.log_scale_interval('ratios.identified_ropo_multiplier', 'ratios.relative_variance', 'low') }}
            as identified_ropo_multiplier_low,
        {{ crosschannel.log_scale_interval('ratios.identified_ropo_multiplier', 'ratios.relative_variance', 'high') }}
            as identified_ropo_multiplier_high,
        ratios.identified_ropo_multiplier / network_estimate.revenue_identification_rate
            as estimated_ropo_multiplier,
        {{ crosschannel.log_scale_interval('ratios.identified_ropo_multiplier', 'ratios.relative_variance', 'low') }}
        / network_estimate.revenue_identification_rate_high as estimated_ropo_multiplier_low,
        {{ crosschannel.log_scale_interval('ratios.identified_ropo_multiplier', 'ratios.relative_variance', 'high') }}
        / network_estimate.revenue_identification_rate_low as estimated_ropo_multiplier_high
    from ratios
    -- No offline order, no estimate: the rows stay, their estimates NULL.
    left join network_estimate on 1 = 1
)

select * from final
{%- endmacro %}
