{#- Confirmed store and call-centre orders per month, store, research site and product match,
    for pivoting: ROPO share = ropo_orders / orders at any grain. Every dimension has a value, so
    that a BI tool's filters and totals agree: store_id and store_region 'unallocated' for orders no
    rule places at a store, research_site_id 'none' and product_match 'not_researched' for the
    orders nobody researched online (as far as the identity graph sees: research on cookies never
    tied to a customer is not counted, so the share is a lower bound). -#}
with

ropo_orders as (
    select
        order_id,
        ordered_at,
        order_channel,
        store_id,
        store_region,
        is_ropo,
        product_match,
        research_site_id,
        revenue_eur,
        margin_eur
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed'
),

final as (
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('ordered_at')) }} as date) as order_month,
        order_channel,
        coalesce(store_id, 'unallocated') as store_id,
        coalesce(store_region, 'unallocated') as store_region,
        coalesce(research_site_id, 'none') as research_site_id,
        coalesce(product_match, 'not_researched') as product_match,
        count(*) as orders,
        count(case when is_ropo then 1 end) as ropo_orders,
        cast(sum(revenue_eur) as decimal(38, 2)) as revenue_eur,
        cast(sum(case when is_ropo then revenue_eur else 0 end) as decimal(38, 2)) as ropo_revenue_eur,
        cast(sum(margin_eur) as decimal(38, 2)) as margin_eur
    from ropo_orders
    group by 1, 2, 3, 4, 5, 6
)

select * from final
