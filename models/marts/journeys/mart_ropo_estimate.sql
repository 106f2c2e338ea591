{#- Identified and estimated ROPO per period: the share of confirmed store and call-centre orders
    researched online, as identified (a lower bound) and as estimated with research on cookies
    nothing ties to a customer (int_journeys__ropo_estimate, whose method and assumptions the docs
    state), with the revenue and the ROPO multiplier (ROPO revenue per euro of confirmed web
    revenue) of each. -#}
with

estimates as (
    select
        period_grain,
        period_start,
        offline_orders,
        account_holder_orders,
        identified_ropo_orders,
        offline_revenue_eur,
        identified_ropo_revenue_eur,
        login_capture_rate,
        estimated_ropo_share,
        estimated_ropo_share_low,
        estimated_ropo_share_high,
        estimated_ropo_revenue_share,
        estimated_ropo_revenue_share_low,
        estimated_ropo_revenue_share_high
    from {{ ref('int_journeys__ropo_estimate') }}
),

web_orders as (
    select
        ordered_at,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and order_status = 'confirmed'
),

web_periods as (
    {%- for grain in ['month', 'year'] %}
        select
            '{{ grain }}' as period_grain,
            {{ dbt.date_trunc(grain, 'ordered_at') }} as period_start,
            sum(revenue_eur) as web_revenue_eur
        from web_orders
        group by {{ dbt.date_trunc(grain, 'ordered_at') }}
        union all
    {%- endfor %}
    select
        'all' as period_grain,
        null as period_start,
        sum(revenue_eur) as web_revenue_eur
    from web_orders
),

with_web as (
    select
        estimates.*,
        coalesce(web_periods.web_revenue_eur, 0) as web_revenue_eur,
        estimates.offline_revenue_eur * estimates.estimated_ropo_revenue_share as estimated_ropo_revenue_eur,
        estimates.offline_revenue_eur * estimates.estimated_ropo_revenue_share_low as estimated_ropo_revenue_eur_low,
        estimates.offline_revenue_eur * estimates.estimated_ropo_revenue_share_high
            as estimated_ropo_revenue_eur_high
    from estimates
    left join web_periods
        on
            estimates.period_grain = web_periods.period_grain
            and (
                estimates.period_grain = 'all'
                or cast(estimates.period_start as date) = cast(web_periods.period_start as date)
            )
),

final as (
    select
        period_grain,
        cast(period_start as date) as period_start,
        offline_orders,
        account_holder_orders,
        identified_ropo_orders,
        cast(identified_ropo_orders as double) / nullif(offline_orders, 0) as identified_ropo_share,
        estimated_ropo_share,
        estimated_ropo_share_low,
        estimated_ropo_share_high,
        cast(identified_ropo_orders as double) / nullif(offline_orders, 0) / nullif(estimated_ropo_share, 0)
            as research_identification_rate,
        login_capture_rate,
        cast(round(offline_revenue_eur, 2) as decimal(18, 2)) as offline_revenue_eur,
        cast(round(identified_ropo_revenue_eur, 2) as decimal(18, 2)) as identified_ropo_revenue_eur,
        cast(round(estimated_ropo_revenue_eur, 2) as decimal(18, 2)) as estimated_ropo_revenue_eur,
        cast(round(estimated_ropo_revenue_eur_low, 2) as decimal(18, 2)) as estimated_ropo_revenue_eur_low,
        cast(round(estimated_ropo_revenue_eur_high, 2) as decimal(18, 2)) as estimated_ropo_revenue_eur_high,
        cast(web_revenue_eur as decimal(18, 2)) as web_revenue_eur,
        identified_ropo_revenue_eur / nullif(web_revenue_eur, 0) as identified_ropo_multiplier,
        estimated_ropo_revenue_eur / nullif(web_revenue_eur, 0) as estimated_ropo_multiplier,
        estimated_ropo_revenue_eur_low / nullif(web_revenue_eur, 0) as estimated_ropo_multiplier_low,
        estimated_ropo_revenue_eur_high / nullif(web_revenue_eur, 0) as estimated_ropo_multiplier_high
    from with_web
)

select * from final
