{#- What the uplift model learns from and scores, one row per subject: every member of a past
    randomised campaign (contaminated customers left out, as in the incrementality marts), with
    the group they were assigned to and whether they converted in the response window, their
    features taken at the campaign's start; and every known customer, with features taken at the
    current cutoff (int_scores__cutoffs), to be scored for the next campaign. Features count
    confirmed orders (any channel) and leads strictly before that instant, over the 730 days
    before it. Campaigns take turns, in start order, in crosschannel__uplift_folds folds: the
    evaluation predicts each fold's members with a model fitted on the other folds' campaigns.

    Incremental by customer: a run computes again every row of the customers with a member row, an
    order (any status) or a lead computed, staged or assigned to them since its last run
    (computed_at); of the kept customers who count other confirmed orders, leads or memberships now
    than their rows say (one left them: customer_confirmed_orders, customer_leads), who are no
    customer any more, or who were scored at another cutoff (everyone, the first run of a month);
    of the customers no kept row has; and of the members of a campaign whose start or fold moved.
    A customer computed again with no subject left is written as one row without a role, so that
    the delete+insert removes its kept rows; a post-hook then deletes that row. A change of
    crosschannel__uplift_folds needs a --full-refresh. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('customer_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'subject_role'),
    **incremental_config
) }}
{%- set lookback_days = 730 %}
-- depends_on: {{ ref('int_identity__customer_registry') }}
with

campaigns as (
    select
        campaign_id,
        start_at
    from {{ ref('stg_marketing__campaigns') }}
),

current_cutoff as (
    select cutoff_date
    from {{ ref('int_scores__cutoffs') }}
    where cutoff_role = 'scoring'
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
    where customer_id is not null
),

current_customers as (
    select distinct customer_id
    from customer_ids
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

-- Every analysed member (a customer, not contaminated, of a staged campaign).
analysed_members as (
    select
        members.campaign_id,
        members.customer_id,
        members.assignment_group,
        members.is_converted,
        members.computed_at
    from {{ ref('int_campaigns__members') }} as members
    inner join campaign_folds on members.campaign_id = campaign_folds.campaign_id
    where members.customer_id is not null and not members.is_contaminated
),

customer_order_counts as (
    select
        customer_id,
        count(*) as confirmed_orders
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
    group by customer_id
),

lead_customers as (
    select
        customer_ids.customer_id,
        customer_ids.node_id,
        leads.created_at,
        leads.lead_type,
        leads.staged_at
    from {{ ref('stg_sales__leads') }} as leads
    inner join customer_ids on 'lead:' || leads.lead_id = customer_ids.node_id
),

customer_lead_counts as (
    select
        customer_id,
        count(*) as leads
    from lead_customers
    group by customer_id
),

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

kept_customers as (
    select
        customer_id,
        max(customer_confirmed_orders) as customer_confirmed_orders,
        max(customer_leads) as customer_leads,
        count(case when subject_role = 'campaign_member' then 1 end) as member_subjects,
        max(case when subject_role = 'scoring' then features_at end) as scoring_features_at
    from {{ this }}
    group by customer_id
),

-- Campaigns whose members' start or fold moved (a campaign moved, or one started before them), or gone.
changed_campaigns as (
    select kept.campaign_id
    from (
        select distinct
            campaign_id,
            campaign_fold,
            features_at
        from {{ this }}
        where subject_role = 'campaign_member'
    ) as kept
    left join campaign_folds on kept.campaign_id = campaign_folds.campaign_id
    where
        kept.campaign_fold is distinct from campaign_folds.campaign_fold
        or kept.features_at is distinct from campaign_folds.start_at
),

member_counts as (
    select
        customer_id,
        count(*) as member_subjects
    from analysed_members
    group by customer_id
),

affected_customers as (
    select customer_id
    from analysed_members
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select customer_id
    from {{ ref('int_sales__orders_enriched') }}
    where
        customer_id is not null
        and computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select lead_customers.customer_id
    from lead_customers
    left join {{ ref('int_identity__customer_registry') }} as registry
        on lead_customers.node_id = registry.node_id
    where
        lead_customers.staged_at > (select kept_computed_at.computed_at from kept_computed_at)
        or registry.assigned_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    -- A kept customer counting other orders, leads or memberships lost one (a gain was computed or staged
    -- since); one that is no customer any more; everyone, when the scoring cutoff moved.
    select kept_customers.customer_id
    from kept_customers
    left join customer_order_counts on kept_customers.customer_id = customer_order_counts.customer_id
    left join customer_lead_counts on kept_customers.customer_id = customer_lead_counts.customer_id
    left join member_counts on kept_customers.customer_id = member_counts.customer_id
    left join current_customers on kept_customers.customer_id = current_customers.customer_id
    where
        kept_customers.customer_confirmed_orders is distinct from coalesce(customer_order_counts.confirmed_orders, 0)
        or kept_customers.customer_leads is distinct from coalesce(customer_lead_counts.leads, 0)
        or kept_customers.member_subjects <> coalesce(member_counts.member_subjects, 0)
        or current_customers.customer_id is null
        or kept_customers.scoring_features_at
        is distinct from (select cast(current_cutoff.cutoff_date as timestamp) from current_cutoff)
    union
    select current_customers.customer_id
    from current_customers
    left join kept_customers on current_customers.customer_id = kept_customers.customer_id
    where kept_customers.customer_id is null
    union
    -- A kept member no longer one counts fewer memberships (above).
    select customer_id
    from analysed_members
    where campaign_id in (select changed_campaigns.campaign_id from changed_campaigns)
),

{% endif -%}
members as (
    select
        campaign_id,
        customer_id,
        assignment_group,
        is_converted
    from analysed_members
    {%- if is_incremental() %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

customers as (
    select customer_id
    from current_customers
    {%- if is_incremental() %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
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
    where
        order_status = 'confirmed' and customer_id is not null
    {%- if is_incremental() %}
        and customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

leads as (
    select
        customer_id,
        created_at as activity_at,
        0 as orders,
        0 as web_orders,
        0 as revenue_eur,
        1 as leads,
        case when lead_type = 'quote' then 1 else 0 end as quote_leads
    from lead_customers
    {%- if is_incremental() %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

activity as (
    select * from orders
    union all
    select * from leads
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

computed_rows as (
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
        cast(coalesce(subject_activity.quote_leads_24m, 0) as {{ dbt.type_bigint() }}) as quote_leads_24m,
        coalesce(customer_order_counts.confirmed_orders, 0) as customer_confirmed_orders,
        coalesce(customer_lead_counts.leads, 0) as customer_leads,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from subjects
    left join subject_activity
        on
            subjects.subject_role = subject_activity.subject_role
            and subjects.customer_id = subject_activity.customer_id
            and coalesce(subjects.campaign_id, '') = coalesce(subject_activity.campaign_id, '')
    left join customer_order_counts on subjects.customer_id = customer_order_counts.customer_id
    left join customer_lead_counts on subjects.customer_id = customer_lead_counts.customer_id
),

{% if is_incremental() -%}
-- Customers computed again with no subject left: their row without a role (see the header).
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
    {%- if is_incremental() %}
    union all
    select
        cast(null as {{ dbt.type_string() }}) as subject_role,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_bigint() }}) as campaign_fold,
        cast(null as {{ dbt.type_timestamp() }}) as features_at,
        cast(null as boolean) as is_treated,
        cast(null as boolean) as is_converted,
        cast(null as {{ dbt.type_bigint() }}) as days_since_last_order,
        cast(null as {{ dbt.type_bigint() }}) as orders_24m,
        cast(null as {{ dbt.type_bigint() }}) as web_orders_24m,
        cast(null as decimal(18, 2)) as revenue_eur_24m,
        cast(null as {{ dbt.type_bigint() }}) as leads_24m,
        cast(null as {{ dbt.type_bigint() }}) as quote_leads_24m,
        cast(null as {{ dbt.type_bigint() }}) as customer_confirmed_orders,
        cast(null as {{ dbt.type_bigint() }}) as customer_leads,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_customers
    {%- endif %}
)

select * from final
