{#- The cross-channel report and the online share add up to their sources: confirmed orders and
    their revenue and margin to the cent, every lead, every session and page view. Returns the
    measures that differ. -#}
with

orders as (
    select
        count(*) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(coalesce(margin_eur, 0)) as margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

leads as (
    select count(*) as leads
    from {{ ref('stg_sales__leads') }}
),

sessions as (
    select
        count(*) as sessions,
        sum(page_views) as page_views
    from {{ ref('int_web__sessions') }}
),

report as (
    select
        sum(orders) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur,
        sum(leads) as leads,
        sum(sessions) as sessions,
        sum(page_views) as page_views
    from {{ ref('mart_cross_channel_daily') }}
),

online_share as (
    select
        sum(case when conversion_kind = 'order' then conversions else 0 end) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(case when conversion_kind = 'lead' then conversions else 0 end) as leads
    from {{ ref('mart_online_share_monthly') }}
),

final as (
    select
        report.orders as report_orders,
        online_share.orders as online_share_orders,
        orders.orders as expected_orders,
        report.revenue_eur as report_revenue_eur,
        online_share.revenue_eur as online_share_revenue_eur,
        orders.revenue_eur as expected_revenue_eur,
        report.margin_eur as report_margin_eur,
        orders.margin_eur as expected_margin_eur,
        report.leads as report_leads,
        online_share.leads as online_share_leads,
        leads.leads as expected_leads,
        report.sessions as report_sessions,
        sessions.sessions as expected_sessions,
        report.page_views as report_page_views,
        sessions.page_views as expected_page_views
    from report
    cross join online_share
    cross join orders
    cross join leads
    cross join sessions
)

select * from final
where
    report_orders <> expected_orders
    or online_share_orders <> expected_orders
    or report_revenue_eur <> expected_revenue_eur
    or online_share_revenue_eur <> expected_revenue_eur
    or report_margin_eur <> expected_margin_eur
    or report_leads <> expected_leads
    or online_share_leads <> expected_leads
    or report_sessions <> expected_sessions
    or report_page_views <> expected_page_views
