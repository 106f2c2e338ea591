{#- What the uplift model learns from and scores, one row per subject: every member of a past
    randomised campaign (contaminated customers left out, as in the incrementality marts), with
    the group they were assigned to and whether they converted in the response window, their
    features taken at the campaign's start; and every known customer, with features taken at the
    current cutoff (int_scores__cutoffs), to be scored for the next campaign. Features count
    confirmed orders (any channel) and leads strictly before that instant, over the 730 days
    before it. Campaigns take turns, in start order, in crosschannel__uplift_folds folds: the
    evaluation predicts each fold's members with a model fitted on the other folds' campaigns. -#}
{%- set lookback_days = 730 -%}
with

members as (
    select
        campaign_id,
        customer_id,
        assignment_group,
        is_converted
    from {{ ref('int_campaigns__members') }}
    where customer_id is not null and not is_contaminated
),

campaigns as (
    select
        campaign_id,
        start_at
    from {{ ref('stg_marketing__campaigns') }}
),

customers as (
    select distinct customer_id
    from {{ ref('int_identity__customer_ids') }}
    where customer_id is not null
),

current_cutoff as (
    select cutoff_date
    from {{ ref('int_scores__cutoffs') }}
    where cutoff_role = 'scoring'
),

orders as (
    select
        customer_id,
        ordered_at as activity_at,
        1 as orders,
        case when channel = 'web' then 1 else 0 end as web_orders,
        revenue_eur,
        0 as leads,
        0 as quote_leads
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

leads as (
    select
        customer_ids.customer_id,
        leads.created_at as activity_at,
        0 as orders,
        0 as web_orders,
        0 as revenue_eur,
        1 as leads,
        case when leads.lead_type = 'quote' then 1 else 0 end as quote_leads
    from {{ ref('stg_sales__leads') }} as leads
    inner join {{ ref('int_identity__customer_ids') }} as customer_ids
        on 'lead:' || leads.lead_id = customer_ids.node_id
    where customer_ids.customer_id is not null
),

activity as (
    select * from orders
    union all
    select * from leads
),

campaign_folds as (
    select
        campaign_id,
        start_at,
        mod(
            dense_rank() over (order by start_at, campaign_id) - 1,
            {{ var('crosschannel__uplift_folds') }}
        ) as campaign_fold
    from campaigns
),

subjects as (
    select
        'campaign_member' as subject_role,
        members.customer_id,
        members.campaign_id,
        campaign_folds.campaign_fold,
        campaign_folds.start_at as features_at,
        members.assignment_group = 'treatment' as is_treated,
        members.is_converted
    from members
    inner join campaign_folds on members.campaign_id = campaign_folds.campaign_id
    union all
    select
        'scoring' as subject_role,
        customers.customer_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as integer) as campaign_fold,
        cast(current_cutoff.cutoff_date as timestamp) as features_at,
        cast(null as boolean) as is_treated,
        cast(null as boolean) as is_converted
    from customers
    cross join current_cutoff
),

subject_activity as (
    select
        subjects.subject_role,
        subjects.customer_id,
        subjects.campaign_id,
        max(case when activity.orders = 1 then activity.activity_at end) as last_order_at,
        sum(activity.orders) as orders_24m,
        sum(activity.web_orders) as web_orders_24m,
        sum(activity.revenue_eur) as revenue_eur_24m,
        sum(activity.leads) as leads_24m,
        sum(activity.quote_leads) as quote_leads_24m
    from subjects
    inner join activity
        on
            subjects.customer_id = activity.customer_id
            and subjects.features_at > activity.activity_at
            and {{ dbt.dateadd('day', -lookback_days, 'subjects.features_at') }} <= activity.activity_at
    group by subjects.subject_role, subjects.customer_id, subjects.campaign_id
),

final as (
    select
        subjects.subject_role,
        subjects.customer_id,
        subjects.campaign_id,
        subjects.campaign_fold,
        subjects.features_at,
        subjects.is_treated,
        subjects.is_converted,
        -- {{ lookback_days + 1 }}: no confirmed order in the {{ lookback_days }} days before.
        coalesce(
            {{ dbt.datediff('subject_activity.last_order_at', 'subjects.features_at', 'day') }},
            {{ lookback_days + 1 }}
        ) as days_since_last_order,
        -- Counts as 64-bit integers: DuckDB sums to 128 bits, which the uplift training reads as
        -- 16-byte decimals (at 1M persons its 6.2M members took 0.3 GiB more at its peak).
        cast(coalesce(subject_activity.orders_24m, 0) as {{ dbt.type_bigint() }}) as orders_24m,
        cast(coalesce(subject_activity.web_orders_24m, 0) as {{ dbt.type_bigint() }}) as web_orders_24m,
        cast(coalesce(subject_activity.revenue_eur_24m, 0) as decimal(18, 2)) as revenue_eur_24m,
        cast(coalesce(subject_activity.leads_24m, 0) as {{ dbt.type_bigint() }}) as leads_24m,
        cast(coalesce(subject_activity.quote_leads_24m, 0) as {{ dbt.type_bigint() }}) as quote_leads_24m
    from subjects
    left join subject_activity
        on
            subjects.subject_role = subject_activity.subject_role
            and subjects.customer_id = subject_activity.customer_id
            and coalesce(subjects.campaign_id, '') = coalesce(subject_activity.campaign_id, '')
)

select * from final
