{#- Every customer assigned to a campaign, analysed as assigned (intention to treat): a control
    member touched anyway stays in control (flagged). The unit is the customer, not the audience
    key: keys of one customer in one group count once; a customer assigned to both groups is
    contaminated and left out of the comparison (flagged, counted). Audience keys that resolve to
    no customer (unknown or ambiguous) cannot be followed and are counted apart by the group
    statistics. Outcomes are the customer's confirmed orders, web, store and call centre, in the
    response window (start_at <= ordered_at < end_at + crosschannel__campaign_response_extra_days),
    and the spend of the crosschannel__cuped_pre_period_days before the start (CUPED). -#}
{%- set extra_days = var('crosschannel__campaign_response_extra_days') %}
{%- set pre_days = var('crosschannel__cuped_pre_period_days') %}
with

audience as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        assignment_group
    from {{ ref('stg_marketing__campaign_audience') }}
),

audience_customers as (
    select
        audience_key_type,
        audience_key,
        customer_id
    from {{ ref('int_marketing__audience_customers') }}
    where customer_id is not null
),

campaigns as (
    select
        campaign_id,
        start_at,
        end_at
    from {{ ref('stg_marketing__campaigns') }}
),

touched_keys as (
    select distinct
        campaign_id,
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_touches') }}
),

orders as (
    select
        customer_id,
        ordered_at,
        revenue_eur,
        margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

assignments as (
    select
        audience.campaign_id,
        audience_customers.customer_id,
        audience.assignment_group,
        max(case when touched_keys.campaign_id is not null then 1 else 0 end) as touched_keys
    from audience
    inner join audience_customers
        on
            audience.audience_key_type = audience_customers.audience_key_type
            and audience.audience_key = audience_customers.audience_key
    left join touched_keys
        on
            audience.campaign_id = touched_keys.campaign_id
            and audience.audience_key_type = touched_keys.audience_key_type
            and audience.audience_key = touched_keys.audience_key
    group by audience.campaign_id, audience_customers.customer_id, audience.assignment_group
),

members as (
    select
        campaign_id,
        customer_id,
        assignment_group,
        touched_keys = 1 as is_touched,
        count(*) over (partition by campaign_id, customer_id) > 1 as is_contaminated
    from assignments
),

timed_orders as (
    select
        members.campaign_id,
        members.customer_id,
        orders.revenue_eur,
        coalesce(orders.margin_eur, 0) as margin_eur,
        orders.ordered_at >= campaigns.start_at as is_in_window
    from members
    inner join campaigns on members.campaign_id = campaigns.campaign_id
    inner join orders
        on
            members.customer_id = orders.customer_id
            and orders.ordered_at >= {{ dbt.dateadd('day', -pre_days, 'campaigns.start_at') }}
            and orders.ordered_at < {{ dbt.dateadd('day', extra_days, 'campaigns.end_at') }}
),

member_orders as (
    select
        campaign_id,
        customer_id,
        count(case when is_in_window then 1 end) as window_orders,
        sum(case when is_in_window then revenue_eur else 0 end) as window_revenue_eur,
        sum(case when is_in_window then margin_eur else 0 end) as window_margin_eur,
        sum(case when not is_in_window then revenue_eur else 0 end) as pre_period_revenue_eur
    from timed_orders
    group by campaign_id, customer_id
),

final as (
    select
        members.campaign_id,
        members.customer_id,
        members.assignment_group,
        members.is_touched,
        members.assignment_group = 'control' and members.is_touched as is_control_touched,
        members.is_contaminated,
        coalesce(member_orders.window_orders, 0) > 0 as is_converted,
        coalesce(member_orders.window_orders, 0) as window_orders,
        cast(coalesce(member_orders.window_revenue_eur, 0) as decimal(18, 2)) as window_revenue_eur,
        cast(coalesce(member_orders.window_margin_eur, 0) as decimal(18, 2)) as window_margin_eur,
        cast(coalesce(member_orders.pre_period_revenue_eur, 0) as decimal(18, 2)) as pre_period_revenue_eur
    from members
    left join member_orders
        on
            members.campaign_id = member_orders.campaign_id
            and members.customer_id = member_orders.customer_id
)

select * from final
