{#- Every unit a campaign randomised, analysed as assigned (intention to treat). A unit is the
    customer an audience key resolves to, or the key itself when it resolves to nobody (an
    anonymous cookie, a family address): such keys stay in their group's denominator with the
    outcomes the warehouse sees for them, none. Keys of one customer in one group count once. A
    customer assigned to both groups (contaminated) is left out of both (assignment_group 'both'):
    a rule on the assignment alone, never on what followed. Moving them to one group instead would
    bias the comparison, because a person listed under two keys is a more engaged customer than
    most. A control member touched anyway stays in control (flagged). Outcomes are the customer's confirmed orders,
    web, store and call centre, in the response window (start_at <= ordered_at < end_at +
    crosschannel__campaign_response_extra_days); an order without margin gets its revenue times the
    margin rate of all confirmed orders with one (counted); the spend of the
    crosschannel__cuped_pre_period_days before the start is the CUPED covariate. -#}
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

-- Only a control key's touches are asked about (is_control_touched): the touches of the keys held
-- out, few, found by a join on them, rather than every touched key made distinct.
touched_control_keys as (
    select distinct
        touches.campaign_id,
        touches.audience_key_type,
        touches.audience_key
    from {{ ref('stg_marketing__campaign_touches') }} as touches
    inner join audience as control_keys
        on
            touches.campaign_id = control_keys.campaign_id
            and touches.audience_key_type = control_keys.audience_key_type
            and touches.audience_key = control_keys.audience_key
    where control_keys.assignment_group = 'control'
),

confirmed_orders as (
    select
        customer_id,
        ordered_at,
        revenue_eur,
        margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

margin_rate as (
    select sum(margin_eur) / nullif(sum(revenue_eur), 0) as margin_rate
    from confirmed_orders
    where margin_eur is not null
),

keyed_audience as (
    select
        audience.campaign_id,
        audience.assignment_group,
        audience_customers.customer_id,
        coalesce(
            audience_customers.customer_id,
            audience.audience_key_type || ':' || audience.audience_key
        ) as unit_id,
        touched_control_keys.campaign_id is not null as is_touched_control_key
    from audience
    left join audience_customers
        on
            audience.audience_key_type = audience_customers.audience_key_type
            and audience.audience_key = audience_customers.audience_key
    left join touched_control_keys
        on
            audience.campaign_id = touched_control_keys.campaign_id
            and audience.audience_key_type = touched_control_keys.audience_key_type
            and audience.audience_key = touched_control_keys.audience_key
),

units as (
    select
        campaign_id,
        unit_id,
        min(customer_id) as customer_id,
        count(*) as audience_keys,
        -- Two groups or more, as count(distinct) > 1 says, without a distinct set per unit (7M at 1M).
        coalesce(min(assignment_group) <> max(assignment_group), false) as is_contaminated,
        max(case when assignment_group = 'treatment' then 1 else 0 end) = 1 as is_assigned_treatment,
        max(case when assignment_group = 'control' and is_touched_control_key then 1 else 0 end) = 1
            as is_control_key_touched
    from keyed_audience
    group by campaign_id, unit_id
),

timed_orders as (
    select
        units.campaign_id,
        units.unit_id,
        confirmed_orders.revenue_eur,
        coalesce(confirmed_orders.margin_eur, confirmed_orders.revenue_eur * margin_rate.margin_rate)
            as margin_eur,
        confirmed_orders.margin_eur is null as is_margin_imputed,
        confirmed_orders.ordered_at >= campaigns.start_at as is_in_window
    from units
    inner join campaigns on units.campaign_id = campaigns.campaign_id
    inner join confirmed_orders
        on
            units.customer_id = confirmed_orders.customer_id
            and confirmed_orders.ordered_at >= {{ dbt.dateadd('day', -pre_days, 'campaigns.start_at') }}
            and confirmed_orders.ordered_at < {{ dbt.dateadd('day', extra_days, 'campaigns.end_at') }}
    cross join margin_rate
),

unit_orders as (
    select
        campaign_id,
        unit_id,
        count(case when is_in_window then 1 end) as window_orders,
        count(case when is_in_window and is_margin_imputed then 1 end) as window_margin_imputed_orders,
        sum(case when is_in_window then revenue_eur else 0 end) as window_revenue_eur,
        sum(case when is_in_window then margin_eur else 0 end) as window_margin_eur,
        sum(case when not is_in_window then revenue_eur else 0 end) as pre_period_revenue_eur
    from timed_orders
    group by campaign_id, unit_id
),

final as (
    select
        units.campaign_id,
        units.unit_id,
        units.customer_id,
        units.customer_id is not null as is_resolved,
        units.audience_keys,
        case
            when units.is_contaminated then 'both'
            when units.is_assigned_treatment then 'treatment'
            else 'control'
        end as assignment_group,
        units.is_contaminated,
        not units.is_assigned_treatment and units.is_control_key_touched as is_control_touched,
        coalesce(unit_orders.window_orders, 0) > 0 as is_converted,
        coalesce(unit_orders.window_orders, 0) as window_orders,
        coalesce(unit_orders.window_margin_imputed_orders, 0) as window_margin_imputed_orders,
        cast(coalesce(unit_orders.window_revenue_eur, 0) as decimal(18, 2)) as window_revenue_eur,
        cast(coalesce(unit_orders.window_margin_eur, 0) as decimal(18, 2)) as window_margin_eur,
        cast(coalesce(unit_orders.pre_period_revenue_eur, 0) as decimal(18, 2)) as pre_period_revenue_eur
    from units
    left join unit_orders
        on
            units.campaign_id = unit_orders.campaign_id
            and units.unit_id = unit_orders.unit_id
)

select * from final
