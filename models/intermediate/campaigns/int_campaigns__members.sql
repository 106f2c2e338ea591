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
    crosschannel__cuped_pre_period_days before the start is the CUPED covariate.

    Incremental by unit: a run computes again, in every campaign, the units that a key computed
    since its last run (computed_at of int_marketing__audience_customers: a key staged, touched or
    resolved again) stands for now, or stood for as itself; the customers with an order computed
    since (any status); the kept customers who count other audience keys or confirmed orders now
    than their rows say (one left them: customer_audience_keys, customer_confirmed_orders); the kept
    customers whose margin was imputed at another network margin rate than now; and every unit of a
    campaign whose window moved since (campaign_start_at, campaign_end_at), or that is no longer
    staged. A unit computed again with no audience row left is written as one row without a
    campaign, so that the delete+insert removes its kept rows; a post-hook then deletes that row. A
    change of crosschannel__campaign_response_extra_days or crosschannel__cuped_pre_period_days
    needs a --full-refresh. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('unit_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'campaign_id'),
    **incremental_config
) }}
{%- set extra_days = var('crosschannel__campaign_response_extra_days') %}
{%- set pre_days = var('crosschannel__cuped_pre_period_days') %}
with

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

-- Every key with the unit it stands for now (its customer, or itself), and whether it was computed since.
key_units as (
    select
        audience_key_type,
        audience_key,
        coalesce(customer_id, audience_key_type || ':' || audience_key) as unit_id,
        computed_at > (select kept_computed_at.computed_at from kept_computed_at) as is_computed_since
    from {{ ref('int_marketing__audience_customers') }}
),

kept_customers as (
    select
        customer_id,
        max(customer_audience_keys) as customer_audience_keys,
        max(customer_confirmed_orders) as customer_confirmed_orders,
        max(imputed_margin_rate) as imputed_margin_rate
    from {{ this }}
    where customer_id is not null
    group by customer_id
),

-- Campaigns whose window moved since their units were computed, or that are no longer staged.
changed_campaigns as (
    select kept.campaign_id
    from (
        select distinct
            campaign_id,
            campaign_start_at,
            campaign_end_at
        from {{ this }}
        where campaign_id is not null
    ) as kept
    left join {{ ref('stg_marketing__campaigns') }} as campaigns on kept.campaign_id = campaigns.campaign_id
    where
        kept.campaign_start_at is distinct from campaigns.start_at
        or kept.campaign_end_at is distinct from campaigns.end_at
),

{% endif -%}
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

customer_key_counts as (
    select
        customer_id,
        count(*) as audience_keys
    from {{ ref('int_marketing__audience_customers') }}
    where customer_id is not null
    group by customer_id
),

customer_order_counts as (
    select
        customer_id,
        count(*) as confirmed_orders
    from confirmed_orders
    group by customer_id
),

{% if is_incremental() -%}
affected_units as (
    select unit_id from key_units where is_computed_since
    union
    select audience_key_type || ':' || audience_key as unit_id from key_units where is_computed_since
    union
    select customer_id as unit_id
    from {{ ref('int_sales__orders_enriched') }}
    where
        customer_id is not null
        and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    -- A kept customer whose keys or confirmed orders are counted otherwise lost one (a gain was computed since);
    -- one whose margin was imputed at another network rate than today's.
    select kept_customers.customer_id as unit_id
    from kept_customers
    left join customer_key_counts on kept_customers.customer_id = customer_key_counts.customer_id
    left join customer_order_counts on kept_customers.customer_id = customer_order_counts.customer_id
    cross join margin_rate
    where
        (
            kept_customers.imputed_margin_rate is not null
            and kept_customers.imputed_margin_rate is distinct from margin_rate.margin_rate
        )
        or kept_customers.customer_audience_keys
        is distinct from coalesce(customer_key_counts.audience_keys, 0)
        or kept_customers.customer_confirmed_orders
        is distinct from coalesce(customer_order_counts.confirmed_orders, 0)
    union
    select unit_id
    from {{ this }}
    where campaign_id in (select changed_campaigns.campaign_id from changed_campaigns)
),

-- The keys of the affected units: a unit is computed again from all of its audience rows.
affected_keys as (
    select
        key_units.audience_key_type,
        key_units.audience_key
    from key_units
    inner join affected_units on key_units.unit_id = affected_units.unit_id
),

{% endif -%}
audience as (
    select
        audience.campaign_id,
        audience.audience_key_type,
        audience.audience_key,
        audience.assignment_group
    from {{ ref('stg_marketing__campaign_audience') }} as audience
    {%- if is_incremental() %}
    inner join affected_keys
        on
            audience.audience_key_type = affected_keys.audience_key_type
            and audience.audience_key = affected_keys.audience_key
    {%- endif %}
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

computed_rows as (
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
        cast(coalesce(unit_orders.pre_period_revenue_eur, 0) as decimal(18, 2)) as pre_period_revenue_eur,
        campaigns.start_at as campaign_start_at,
        campaigns.end_at as campaign_end_at,
        case when unit_orders.window_margin_imputed_orders > 0 then margin_rate.margin_rate end as imputed_margin_rate,
        customer_key_counts.audience_keys as customer_audience_keys,
        case
            when units.customer_id is not null then coalesce(customer_order_counts.confirmed_orders, 0)
        end as customer_confirmed_orders,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from units
    left join unit_orders
        on
            units.campaign_id = unit_orders.campaign_id
            and units.unit_id = unit_orders.unit_id
    left join campaigns on units.campaign_id = campaigns.campaign_id
    cross join margin_rate
    left join customer_key_counts on units.customer_id = customer_key_counts.customer_id
    left join customer_order_counts on units.customer_id = customer_order_counts.customer_id
),

{% if is_incremental() -%}
-- Units computed again with no audience row left: their row without a campaign (see the header).
emptied_units as (
    select affected_units.unit_id
    from affected_units
    left join (select distinct unit_id from computed_rows) as computed_units
        on affected_units.unit_id = computed_units.unit_id
    where computed_units.unit_id is null
),

{% endif -%}
final as (
    select * from computed_rows
    {%- if is_incremental() %}
    union all
    select
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        unit_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as boolean) as is_resolved,
        cast(null as {{ dbt.type_bigint() }}) as audience_keys,
        cast(null as {{ dbt.type_string() }}) as assignment_group,
        cast(null as boolean) as is_contaminated,
        cast(null as boolean) as is_control_touched,
        cast(null as boolean) as is_converted,
        cast(null as {{ dbt.type_bigint() }}) as window_orders,
        cast(null as {{ dbt.type_bigint() }}) as window_margin_imputed_orders,
        cast(null as decimal(18, 2)) as window_revenue_eur,
        cast(null as decimal(18, 2)) as window_margin_eur,
        cast(null as decimal(18, 2)) as pre_period_revenue_eur,
        cast(null as {{ dbt.type_timestamp() }}) as campaign_start_at,
        cast(null as {{ dbt.type_timestamp() }}) as campaign_end_at,
        cast(null as double) as imputed_margin_rate,
        cast(null as {{ dbt.type_bigint() }}) as customer_audience_keys,
        cast(null as {{ dbt.type_bigint() }}) as customer_confirmed_orders,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_units
    {%- endif %}
)

select * from final
