-- The Overview's headline numbers, each from the mart that owns it (the saved query `overview`
-- of the semantic layer gives the same figures).
with

sales as (
    select
        sum(revenue_eur) as revenue_eur,
        sum(case when sales_channel = 'web' then revenue_eur else 0 end) as web_revenue_eur
    from marts.mart_cross_channel_daily
),

leads as (
    select sum(started_online) / sum(conversions) as online_lead_share
    from marts.mart_online_share_monthly
    where conversion_kind = 'lead'
),

ropo as (
    select
        identified_ropo_share,
        estimated_ropo_share,
        estimated_ropo_share_low,
        estimated_ropo_share_high,
        identified_ropo_multiplier,
        estimated_ropo_multiplier,
        estimated_ropo_multiplier_low,
        estimated_ropo_multiplier_high
    from marts.mart_ropo_estimate
    where period_grain = 'all'
),

campaigns as (
    select
        incremental_revenue_eur,
        incremental_revenue_eur_ci_low,
        incremental_revenue_eur_ci_high,
        iroas,
        iroas_ci_low,
        iroas_ci_high
    from marts.mart_incrementality_summary
    where summary_level = 'network'
)

select * from sales, leads, ropo, campaigns
