{#- The ROPO multiplier: for every euro sold on the web, how many euros stores sold after online
    research - ropo_revenue_eur / web_revenue_eur of confirmed orders, per store, per region and
    overall (an order belongs to the store int_sales__orders_enriched places it at; unallocated
    orders count in the overall row only). The 95% interval is the delta method's on the log scale
    for a ratio of two independent sums of orders, var(sum) = orders x var(order value): so it never
    goes below zero. One row per scope, typed: a store's row names its store and region, a region's
    its region with store_id 'all', the network's 'all' twice. -#}
{%- set levels = [
    {'level': 'store', 'store_id': 'store_id', 'store_region': "coalesce(max(store_region), 'unknown')", 'group_by': 'store_id'},
    {'level': 'region', 'store_id': "'all'", 'store_region': 'store_region', 'group_by': 'store_region'},
    {'level': 'all', 'store_id': "'all'", 'store_region': "'all'", 'group_by': none},
] %}
with

offline_orders as (
    select
        store_id,
        store_region,
        revenue_eur,
        case when is_ropo then revenue_eur else 0 end as ropo_revenue_eur
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed'
),

web_orders as (
    select
        store_id,
        store_region,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and order_status = 'confirmed'
),

offline_scopes as (
    {%- for level in levels %}
        select
            '{{ level.level }}' as scope_level,
            {{ level.store_id }} as store_id,
            {{ level.store_region }} as store_region,
            count(*) as offline_orders,
            cast(sum(revenue_eur) as decimal(38, 2)) as offline_revenue_eur,
            cast(sum(ropo_revenue_eur) as decimal(38, 2)) as ropo_revenue_eur,
            var_samp(ropo_revenue_eur) as ropo_revenue_variance
        from offline_orders
        {%- if level.group_by %}
            where {{ level.group_by }} is not null
            group by {{ level.group_by }}
        {%- endif %}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

web_scopes as (
    {%- for level in levels %}
        select
            '{{ level.level }}' as scope_level,
            {{ level.store_id }} as store_id,
            {{ level.store_region }} as store_region,
            count(*) as web_orders,
            cast(sum(revenue_eur) as decimal(38, 2)) as web_revenue_eur,
            var_samp(revenue_eur) as web_revenue_variance
        from web_orders
        {%- if level.group_by %}
            where {{ level.group_by }} is not null
            group by {{ level.group_by }}
        {%- endif %}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

ratios as (
    select
        coalesce(offline_scopes.scope_level, web_scopes.scope_level) as scope_level,
        coalesce(offline_scopes.store_id, web_scopes.store_id) as store_id,
        coalesce(offline_scopes.store_region, web_scopes.store_region) as store_region,
        coalesce(offline_scopes.offline_orders, 0) as offline_orders,
        coalesce(offline_scopes.offline_revenue_eur, 0) as offline_revenue_eur,
        coalesce(offline_scopes.ropo_revenue_eur, 0) as ropo_revenue_eur,
        coalesce(web_scopes.web_orders, 0) as web_orders,
        coalesce(web_scopes.web_revenue_eur, 0) as web_revenue_eur,
        cast(offline_scopes.ropo_revenue_eur as double) / nullif(web_scopes.web_revenue_eur, 0) as ropo_multiplier,
        offline_scopes.offline_orders * offline_scopes.ropo_revenue_variance
        / nullif(cast(offline_scopes.ropo_revenue_eur as double) * offline_scopes.ropo_revenue_eur, 0)
        + web_scopes.web_orders * web_scopes.web_revenue_variance
        / nullif(cast(web_scopes.web_revenue_eur as double) * web_scopes.web_revenue_eur, 0)
            as relative_variance
    from offline_scopes
    full outer join web_scopes
        on
            offline_scopes.scope_level = web_scopes.scope_level
            and offline_scopes.store_id = web_scopes.store_id
            and offline_scopes.store_region = web_scopes.store_region
),

final as (
    select
        scope_level,
        store_id,
        store_region,
        offline_orders,
        offline_revenue_eur,
        ropo_revenue_eur,
        web_orders,
        web_revenue_eur,
        ropo_multiplier,
        ropo_multiplier * sqrt(relative_variance) as ropo_multiplier_std_error,
        {{ crosschannel.log_scale_interval('ropo_multiplier', 'relative_variance', 'low') }} as ropo_multiplier_ci_low,
        {{ crosschannel.log_scale_interval('ropo_multiplier', 'relative_variance', 'high') }} as ropo_multiplier_ci_high
    from ratios
)

select * from final
