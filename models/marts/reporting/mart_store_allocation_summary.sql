{#- How online (and phone) activity was placed on the store map: per kind of activity (orders,
    leads, web sessions) and sales channel, the rows and revenue each allocation rule placed, and
    their share of the kind and channel. Orders are confirmed ones. -#}
with

orders as (
    select
        channel,
        allocation_rule,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

leads as (
    select
        leads.channel,
        allocated_leads.allocation_rule
    from {{ ref('stg_sales__leads') }} as leads
    inner join {{ ref('int_sales__leads_allocated') }} as allocated_leads
        on leads.lead_id = allocated_leads.lead_id
),

sessions as (
    select allocation_rule
    from {{ ref('int_web__sessions') }}
),

activity as (
    select
        'order' as activity_kind,
        channel as sales_channel,
        allocation_rule,
        revenue_eur
    from orders
    union all
    select
        'lead' as activity_kind,
        channel as sales_channel,
        allocation_rule,
        cast(0 as decimal(18, 2)) as revenue_eur
    from leads
    union all
    select
        'session' as activity_kind,
        'web' as sales_channel,
        allocation_rule,
        cast(0 as decimal(18, 2)) as revenue_eur
    from sessions
),

counted as (
    select
        activity_kind,
        sales_channel,
        allocation_rule,
        count(*) as activity_rows,
        cast(sum(revenue_eur) as decimal(38, 2)) as revenue_eur
    from activity
    group by activity_kind, sales_channel, allocation_rule
),

final as (
    select
        activity_kind,
        sales_channel,
        allocation_rule,
        activity_rows,
        cast(activity_rows as double)
        / sum(activity_rows) over (partition by activity_kind, sales_channel) as share_of_rows,
        revenue_eur
    from counted
)

select * from final
