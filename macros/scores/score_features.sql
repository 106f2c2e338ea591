{#- The body of the propensity's two feature models: int_scores__features (training false: the
    validation and scoring cutoffs, every active customer) and int_scores__training_features
    (training true: a sample of the training cutoffs' customers). One body, so that the models
    learn from the very features they score. -#}
{% macro score_features(training) -%}
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
),

-- The outcome: confirmed orders by day.
orders as (
    select
        customer_id,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

stages as (
    select
        customer_id,
        stage_month,
        stage_rank
    from {{ ref('int_funnel__stages') }}
    where subject_type = 'customer'
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

final as (
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
)

select * from final
{%- endmacro %}
