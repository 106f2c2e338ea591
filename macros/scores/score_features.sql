{#- The body of the propensity's two feature models: int_scores__features (training false: the
    validation and scoring cutoffs, every active customer) and int_scores__training_features
    (training true: a sample of the training cutoffs' customers). One body, so that the models
    learn from the very features they score.

    int_scores__features is incremental by customer: a run computes again every row of the
    customers whose monthly activity or funnel stages were computed since its last run
    (computed_at; a late order, an order, session, lead or touch that moved, a new outcome in a
    validation window: the monthly activity computes those customers again), whose consent is
    another now, and of the kept customers with no monthly activity left; and of every customer when
    the cutoffs changed (a new month). A customer computed again with no active cutoff left is
    written as one row without a cutoff, so that the delete+insert removes its kept rows; a post-hook
    then deletes that row. A change of the propensity's vars (horizon, cutoffs, time zone) needs a
    --full-refresh, as the monthly activity does. -#}
{% macro score_features(training) -%}
{%- set incremental = not training and is_incremental() -%}
{%- set months_before = "cast(" ~ dbt.dateadd('month', -3, 'cutoffs.cutoff_date') ~ " as date)" -%}
{%- set month_before = "cast(" ~ dbt.dateadd('month', -1, 'cutoffs.cutoff_date') ~ " as date)" -%}
{%- set in_twelve_months_before -%}
    cutoffs.cutoff_date > monthly.activity_month
    and cast({{ dbt.dateadd('month', -12, 'cutoffs.cutoff_date') }} as date) <= monthly.activity_month
{%- endset -%}
{%- set sample_order = dbt.hash(
    "customer_id || '|' || cast(cutoff_date as " ~ dbt.type_string() ~ ") || '|"
    ~ var('crosschannel__score_seed') ~ "'"
) -%}
with

cutoffs as (
    select
        cutoff_date,
        outcome_window_end,
        cutoff_role
    from {{ ref('int_scores__cutoffs') }}
    where cutoff_role {{ '=' if training else '<>' }} 'training'
),

{% if incremental -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

kept_customers as (
    select
        customer_id,
        max(case when has_email_opt_in then 1 else 0 end) = 1 as has_email_opt_in
    from {{ this }}
    group by customer_id
),

kept_cutoffs as (
    select distinct
        cutoff_date,
        cutoff_role
    from {{ this }}
),

-- Kept cutoffs no longer current, or current ones no kept row has: every customer is computed again.
changed_cutoffs as (
    select
        dropped.cutoff_date,
        dropped.cutoff_role
    from (
        select
            cutoff_date,
            cutoff_role
        from kept_cutoffs
        except
        select
            cutoff_date,
            cutoff_role
        from cutoffs
    ) as dropped
    union all
    select
        added.cutoff_date,
        added.cutoff_role
    from (
        select
            cutoff_date,
            cutoff_role
        from cutoffs
        except
        select
            cutoff_date,
            cutoff_role
        from kept_cutoffs
    ) as added
),

affected_customers as (
    select customer_id
    from {{ ref('int_scores__monthly_activity') }}
    where
        computed_at > (select kept_computed_at.computed_at from kept_computed_at)
        or exists (select 1 from changed_cutoffs)
    union
    select customer_id
    from {{ ref('int_funnel__stages') }}
    where
        subject_type = 'customer'
        and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select kept_customers.customer_id
    from kept_customers
    left join {{ ref('int_customers__consent') }} as consent on kept_customers.customer_id = consent.customer_id
    where kept_customers.has_email_opt_in <> coalesce(consent.has_email_opt_in, false)
    union
    select kept_customers.customer_id
    from kept_customers
    left join (select distinct customer_id from {{ ref('int_scores__monthly_activity') }}) as active
        on kept_customers.customer_id = active.customer_id
    where active.customer_id is null
),

{% endif -%}

monthly as (
    select
        customer_id,
        activity_month,
        orders,
        web_orders,
        revenue_eur,
        last_order_date,
        sessions,
        product_views,
        last_session_date,
        leads,
        quote_leads,
        campaign_touches,
        next_activity_month
    from {{ ref('int_scores__monthly_activity') }}
    {%- if incremental %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

-- The outcome: confirmed orders by day.
orders as (
    select
        customer_id,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where
        order_status = 'confirmed' and customer_id is not null
    {%- if incremental %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

stages as (
    select
        customer_id,
        stage_month,
        stage_rank
    from {{ ref('int_funnel__stages') }}
    where
        subject_type = 'customer'
    {%- if incremental %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

customers as (
    select
        customer_id,
        has_email_opt_in
    from {{ ref('int_customers__consent') }}
),

-- A customer is active at a cutoff through its last active month before it: each active month
-- stands for the cutoffs after it up to the customer's next one, so each customer and cutoff comes
-- once (joining every month of the twelve, then grouping, went through 40M rows at 1M persons).
active_customer_cutoffs as (
    select
        cutoffs.cutoff_date,
        cutoffs.cutoff_role,
        monthly.customer_id
    from cutoffs
    inner join monthly
        on
            {{ in_twelve_months_before }}
            and (monthly.next_activity_month is null or cutoffs.cutoff_date <= monthly.next_activity_month)
),

customer_cutoffs as (
    select
        cutoff_date,
        cutoff_role,
        customer_id
    from active_customer_cutoffs
    {%- if training %}
    -- The models learn no better from millions of rows: the pairs whose md5 is smallest.
    order by {{ sample_order }}, customer_id, cutoff_date
    limit {{ var('crosschannel__score_max_training_rows') }}
    {%- endif %}
),

windowed as (
    select
        cutoffs.cutoff_date,
        cutoffs.cutoff_role,
        monthly.customer_id,
        max(monthly.last_order_date) as last_order_date,
        max(monthly.last_session_date) as last_session_date,
        sum(monthly.orders) as orders_12m,
        sum(case when monthly.activity_month >= {{ months_before }} then monthly.orders else 0 end) as orders_3m,
        sum(monthly.web_orders) as web_orders_12m,
        sum(monthly.revenue_eur) as revenue_eur_12m,
        sum(case when monthly.activity_month >= {{ month_before }} then monthly.sessions else 0 end) as sessions_1m,
        sum(case when monthly.activity_month >= {{ months_before }} then monthly.sessions else 0 end) as sessions_3m,
        sum(
            case when monthly.activity_month >= {{ month_before }} then monthly.product_views else 0 end
        ) as product_views_1m,
        sum(
            case when monthly.activity_month >= {{ months_before }} then monthly.product_views else 0 end
        ) as product_views_3m,
        sum(case when monthly.activity_month >= {{ months_before }} then monthly.leads else 0 end) as leads_3m,
        sum(
            case when monthly.activity_month >= {{ months_before }} then monthly.quote_leads else 0 end
        ) as quote_leads_3m,
        sum(
            case when monthly.activity_month >= {{ months_before }} then monthly.campaign_touches else 0 end
        ) as campaign_touches_3m,
        count(*) as active_months_12m
    from customer_cutoffs as cutoffs
    inner join monthly
        on
            cutoffs.customer_id = monthly.customer_id
            and {{ in_twelve_months_before }}
    group by cutoffs.cutoff_date, cutoffs.cutoff_role, monthly.customer_id
),

outcomes as (
    select
        cutoffs.cutoff_date,
        orders.customer_id,
        count(*) as orders_in_horizon
    from cutoffs
    inner join orders
        on
            cutoffs.cutoff_date <= orders.order_date
            and cutoffs.outcome_window_end > orders.order_date
    where cutoffs.cutoff_role <> 'scoring'
    group by cutoffs.cutoff_date, orders.customer_id
),

computed_rows as (
    select
        windowed.customer_id,
        windowed.cutoff_date,
        windowed.cutoff_role,
        -- 366: no order (no session) in the twelve months before the cutoff.
        coalesce({{ dbt.datediff('windowed.last_order_date', 'windowed.cutoff_date', 'day') }}, 366)
            as days_since_last_order,
        windowed.orders_12m,
        windowed.orders_3m,
        windowed.web_orders_12m,
        windowed.orders_12m - windowed.web_orders_12m as offline_orders_12m,
        windowed.revenue_eur_12m,
        coalesce({{ dbt.datediff('windowed.last_session_date', 'windowed.cutoff_date', 'day') }}, 366)
            as days_since_last_session,
        windowed.sessions_1m,
        windowed.sessions_3m,
        windowed.product_views_1m,
        windowed.product_views_3m,
        windowed.leads_3m,
        windowed.quote_leads_3m,
        windowed.campaign_touches_3m,
        windowed.active_months_12m,
        coalesce(stages.stage_rank, 0) as funnel_stage_rank,
        coalesce(customers.has_email_opt_in, false) as has_email_opt_in,
        case
            when windowed.cutoff_role <> 'scoring' then coalesce(outcomes.orders_in_horizon, 0) > 0
        end as buys_in_horizon
        {%- if not training %},
        {{ crosschannel.run_started_timestamp() }} as computed_at
        {%- endif %}
    from windowed
    left join stages
        on
            windowed.customer_id = stages.customer_id
            and stages.stage_month = cast({{ dbt.dateadd('month', -1, 'windowed.cutoff_date') }} as date)
    left join customers on windowed.customer_id = customers.customer_id
    left join outcomes
        on
            windowed.customer_id = outcomes.customer_id
            and windowed.cutoff_date = outcomes.cutoff_date
),

{% if incremental -%}
-- Customers computed again with no active cutoff left: their row without a cutoff (see the header).
emptied_customers as (
    select affected_customers.customer_id
    from affected_customers
    left join (select distinct customer_id from computed_rows) as computed_customers
        on affected_customers.customer_id = computed_customers.customer_id
    where computed_customers.customer_id is null
),

{% endif -%}
final as (
    select * from computed_rows
    {%- if incremental %}
    union all
    select
        customer_id,
        cast(null as date) as cutoff_date,
        cast(null as {{ dbt.type_string() }}) as cutoff_role,
        cast(null as {{ dbt.type_bigint() }}) as days_since_last_order,
        cast(null as hugeint) as orders_12m,
        cast(null as hugeint) as orders_3m,
        cast(null as hugeint) as web_orders_12m,
        cast(null as hugeint) as offline_orders_12m,
        cast(null as decimal(38, 2)) as revenue_eur_12m,
        cast(null as {{ dbt.type_bigint() }}) as days_since_last_session,
        cast(null as hugeint) as sessions_1m,
        cast(null as hugeint) as sessions_3m,
        cast(null as hugeint) as product_views_1m,
        cast(null as hugeint) as product_views_3m,
        cast(null as hugeint) as leads_3m,
        cast(null as hugeint) as quote_leads_3m,
        cast(null as hugeint) as campaign_touches_3m,
        cast(null as {{ dbt.type_bigint() }}) as active_months_12m,
        cast(null as integer) as funnel_stage_rank,
        cast(null as boolean) as has_email_opt_in,
        cast(null as boolean) as buys_in_horizon,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_customers
    {%- endif %}
)

select * from final
{%- endmacro %}
