{#- The activity the propensity's features count, one row per customer and calendar month with any
    (reporting time zone): confirmed orders (all and web), their revenue and the last one's date,
    web sessions, their product views and the last one's date, leads, quotes and campaign touches,
    with the customer's next active month. Both feature models (int_scores__features,
    int_scores__training_features) read it, so a run that trains sums the months once. -#}
{%- set activity_month = "cast(" ~ dbt.date_trunc('month', 'activity_date') ~ " as date)" -%}
with

orders as (
    select
        customer_id,
        channel,
        revenue_eur,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

sessions as (
    select
        customer_id,
        product_views,
        {{ crosschannel.reporting_date('session_start_at') }} as session_date
    from {{ ref('int_web__sessions') }}
    where customer_id is not null
),

activities as (
    select
        customer_id,
        activity_source,
        activity_type,
        {{ crosschannel.reporting_date('activity_at') }} as activity_date
    from {{ ref('int_funnel__activities') }}
    where customer_id is not null and activity_source in ('lead', 'campaign_touch')
),

activity as (
    select
        customer_id,
        order_date as activity_date,
        1 as orders,
        case when channel = 'web' then 1 else 0 end as web_orders,
        revenue_eur,
        order_date as last_order_date,
        0 as sessions,
        0 as product_views,
        cast(null as date) as last_session_date,
        0 as leads,
        0 as quote_leads,
        0 as campaign_touches
    from orders
    union all
    select
        customer_id,
        session_date as activity_date,
        0 as orders,
        0 as web_orders,
        0 as revenue_eur,
        cast(null as date) as last_order_date,
        1 as sessions,
        product_views,
        session_date as last_session_date,
        0 as leads,
        0 as quote_leads,
        0 as campaign_touches
    from sessions
    union all
    select
        customer_id,
        activity_date,
        0 as orders,
        0 as web_orders,
        0 as revenue_eur,
        cast(null as date) as last_order_date,
        0 as sessions,
        0 as product_views,
        cast(null as date) as last_session_date,
        case when activity_source = 'lead' then 1 else 0 end as leads,
        case when activity_type = 'quote' then 1 else 0 end as quote_leads,
        case when activity_source = 'campaign_touch' then 1 else 0 end as campaign_touches
    from activities
),

final as (
    select
        customer_id,
        {{ activity_month }} as activity_month,
        sum(orders) as orders,
        sum(web_orders) as web_orders,
        sum(revenue_eur) as revenue_eur,
        max(last_order_date) as last_order_date,
        sum(sessions) as sessions,
        sum(product_views) as product_views,
        max(last_session_date) as last_session_date,
        sum(leads) as leads,
        sum(quote_leads) as quote_leads,
        sum(campaign_touches) as campaign_touches,
        lead({{ activity_month }}) over (partition by customer_id order by {{ activity_month }}) as next_activity_month
    from activity
    group by customer_id, {{ activity_month }}
)

select * from final
