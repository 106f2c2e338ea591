{#- The number management follows: the online share of leads and of orders, per month (reporting
    time zone), store, region and sales channel. A lead started online when it was made on the
    web, or after its customer started a lead form on the web (fct_lead_journeys); an order when it was
    placed on the web, or researched online before (ROPO, fct_ropo_orders). Online share =
    started_online / total, at any grain. Leads and orders are placed at the store their allocation
    rule gives; store and region are 'unallocated' where no rule applies, never NULL. -#}
with

leads as (
    select
        created_at,
        lead_channel,
        store_id,
        is_started_online
    from {{ ref('fct_lead_journeys') }}
),

offline_orders as (
    select
        order_id,
        is_ropo
    from {{ ref('fct_ropo_orders') }}
),

orders as (
    select
        order_id,
        ordered_at,
        channel,
        store_id,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

conversions as (
    select
        'lead' as conversion_kind,
        created_at as converted_at,
        lead_channel as sales_channel,
        store_id,
        is_started_online,
        cast(0 as decimal(18, 2)) as revenue_eur
    from leads
    union all
    select
        'order' as conversion_kind,
        orders.ordered_at as converted_at,
        orders.channel as sales_channel,
        orders.store_id,
        orders.channel = 'web' or coalesce(offline_orders.is_ropo, false) as is_started_online,
        orders.revenue_eur
    from orders
    left join offline_orders on orders.order_id = offline_orders.order_id
),

final as (
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('conversions.converted_at')) }} as date)
            as conversion_month,
        conversions.conversion_kind,
        conversions.sales_channel,
        coalesce(conversions.store_id, 'unallocated') as store_id,
        coalesce(stores.region, 'unallocated') as region,
        count(*) as conversions,
        count(case when conversions.is_started_online then 1 end) as started_online,
        cast(sum(conversions.revenue_eur) as decimal(38, 2)) as revenue_eur,
        cast(sum(case when conversions.is_started_online then conversions.revenue_eur else 0 end) as decimal(38, 2))
            as started_online_revenue_eur
    from conversions
    left join stores on conversions.store_id = stores.store_id
    group by 1, 2, 3, 4, 5
)

select * from final
