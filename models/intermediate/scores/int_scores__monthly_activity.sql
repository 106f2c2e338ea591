{#- The activity the propensity's features count, one row per customer and calendar month with any
    (reporting time zone): confirmed orders (all and web), their revenue and the last one's date,
    web sessions, their product views and the last one's date, leads, quotes and campaign touches,
    with the customer's next active month. Both feature models (int_scores__features,
    int_scores__training_features) read it, so a run that trains sums the months once.

    Incremental by customer: a run computes again every month of each customer who has a row
    computed since its last run (computed_at) in the orders enriched, the sessions or the lead and
    touch activities (new, changed, or now the customer's), or whose kept months add up to other
    numbers of orders, sessions, leads or touches than the customer counts now (one of them moved to
    another customer or stopped counting). Its rows are replaced whole (delete+insert by customer).
    A customer computed again with no activity left is written as one row without a month, so that
    the delete+insert removes its kept rows; a post-hook then deletes that row. A change of
    crosschannel__reporting_timezone needs a --full-refresh. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('customer_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'activity_month'),
    **incremental_config
) }}
{%- set activity_month = "cast(" ~ dbt.date_trunc('month', 'activity_date') ~ " as date)" -%}
with

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

-- What each customer counts now, and whether a row of theirs was computed since (is_gained; any
-- order status: a confirmed order cancelled counts no more): one read of each input. A row that came
-- to a customer, or moved to another of its months, was computed since: a kept customer counting other
-- rows without a gain lost some. Counted by customer, not month, for that reason.
customer_counts as (
    select
        customer_id,
        sum(orders) as orders,
        sum(sessions) as sessions,
        sum(leads) as leads,
        sum(campaign_touches) as campaign_touches,
        max(is_computed_since) as is_gained
    from (
        select
            customer_id,
            case when order_status = 'confirmed' then 1 else 0 end as orders,
            0 as sessions,
            0 as leads,
            0 as campaign_touches,
            case when computed_at > (select kept_computed_at.computed_at from kept_computed_at) then 1 else 0 end
                as is_computed_since
        from {{ ref('int_sales__orders_enriched') }}
        where customer_id is not null
        union all
        select
            customer_id,
            0 as orders,
            1 as sessions,
            0 as leads,
            0 as campaign_touches,
            case when computed_at > (select kept_computed_at.computed_at from kept_computed_at) then 1 else 0 end
                as is_computed_since
        from {{ ref('int_web__sessions') }}
        where customer_id is not null
        union all
        select
            customer_id,
            0 as orders,
            0 as sessions,
            case when activity_source = 'lead' then 1 else 0 end as leads,
            case when activity_source = 'campaign_touch' then 1 else 0 end as campaign_touches,
            case when computed_at > (select kept_computed_at.computed_at from kept_computed_at) then 1 else 0 end
                as is_computed_since
        from {{ ref('int_funnel__activities') }}
        where customer_id is not null and activity_source in ('lead', 'campaign_touch')
    ) as counted
    group by customer_id
),

kept_counts as (
    select
        customer_id,
        sum(orders) as orders,
        sum(sessions) as sessions,
        sum(leads) as leads,
        sum(campaign_touches) as campaign_touches
    from {{ this }}
    group by customer_id
),

-- Kept customers counting other rows now: one of them left its customer, or stopped counting.
recounted_customers as (
    select kept_counts.customer_id
    from kept_counts
    left join customer_counts on kept_counts.customer_id = customer_counts.customer_id
    where
        kept_counts.orders is distinct from customer_counts.orders
        or kept_counts.sessions is distinct from customer_counts.sessions
        or kept_counts.leads is distinct from customer_counts.leads
        or kept_counts.campaign_touches is distinct from customer_counts.campaign_touches
),

affected_customers as (
    select customer_id from customer_counts where is_gained = 1
    union
    select customer_id from recounted_customers
),

{% endif -%}
orders as (
    select
        customer_id,
        channel,
        revenue_eur,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where
        order_status = 'confirmed' and customer_id is not null
    {%- if is_incremental() %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

sessions as (
    select
        customer_id,
        product_views,
        {{ crosschannel.reporting_date('session_start_at') }} as session_date
    from {{ ref('int_web__sessions') }}
    where
        customer_id is not null
    {%- if is_incremental() %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

activities as (
    select
        customer_id,
        activity_source,
        activity_type,
        {{ crosschannel.reporting_date('activity_at') }} as activity_date
    from {{ ref('int_funnel__activities') }}
    where
        customer_id is not null and activity_source in ('lead', 'campaign_touch')
    {%- if is_incremental() %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
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

computed_rows as (
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
        lead({{ activity_month }}) over (partition by customer_id order by {{ activity_month }}) as next_activity_month,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from activity
    group by customer_id, {{ activity_month }}
),

{% if is_incremental() -%}
-- Customers computed again with no activity left: their row without a month (see the header).
emptied_customers as (
    select affected_customers.customer_id
    from affected_customers
    left join (select distinct customer_id from computed_rows) as active_customers
        on affected_customers.customer_id = active_customers.customer_id
    where active_customers.customer_id is null
),

{% endif -%}
final as (
    select * from computed_rows
    {%- if is_incremental() %}
    union all
    select
        customer_id,
        cast(null as date) as activity_month,
        cast(null as {{ dbt.type_bigint() }}) as orders,
        cast(null as {{ dbt.type_bigint() }}) as web_orders,
        cast(null as decimal(38, 2)) as revenue_eur,
        cast(null as date) as last_order_date,
        cast(null as {{ dbt.type_bigint() }}) as sessions,
        cast(null as {{ dbt.type_bigint() }}) as product_views,
        cast(null as date) as last_session_date,
        cast(null as {{ dbt.type_bigint() }}) as leads,
        cast(null as {{ dbt.type_bigint() }}) as quote_leads,
        cast(null as {{ dbt.type_bigint() }}) as campaign_touches,
        cast(null as date) as next_activity_month,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_customers
    {%- endif %}
)

select * from final
