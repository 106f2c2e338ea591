{#- Every activity a funnel stage rule (seed funnel_stage_rules) counts, from every channel: campaign
    touches, web events, leads and orders, each with its Europe/Paris month, its product's
    category, its channel and its subject: the customer the identity graph ties it to, else the
    anonymous cookie, else the campaign audience key nobody could resolve (salted).

    Incremental: a row is written again (computed_at) only when something it is made of changed
    since the last run. The leads and orders (few) are computed again each run, and written where
    they differ from the kept rows. The web events and campaign touches are computed again where the
    row was staged since, its cookie was assigned to another customer since (the id registry's
    assigned_at: a merge, a split, a login, leaving the graph), its audience key was resolved again
    since (int_marketing__audience_customers' computed_at), its product's category or its
    campaign's channel changed, or its type became a rule's. A pre-hook first deletes the rows of re-sent events, touches, leads and orders (their new
    version may count for no rule); a post-hook deletes the types no rule counts any more. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config(['activity_source', 'activity_id']) -%}
{%- set activity_columns = [
    'activity_id', 'activity_source', 'activity_type', 'activity_at', 'activity_month', 'product_id',
    'product_category', 'channel', 'channel_group', 'subject_type', 'subject_id', 'customer_id', 'cookie_id',
    'audience_key_type', 'audience_key', 'campaign_id',
] -%}
{%- set last_computed_at = '(select max(computed_at) from {{ this }})' -%}
{{ config(
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept where ("
            ~ " kept.activity_source = 'web_event' and exists ("
            ~ " select 1 from {{ ref('base_web__events') }} as restaged"
            ~ " where restaged.staged_at > " ~ last_computed_at ~ " and restaged.event_id = kept.activity_id"
            ~ ")) or ("
            ~ " kept.activity_source = 'campaign_touch' and exists ("
            ~ " select 1 from {{ ref('base_marketing__campaign_touches') }} as restaged"
            ~ " where restaged.staged_at > " ~ last_computed_at
            ~ " and restaged.campaign_id = kept.campaign_id"
            ~ " and restaged.audience_key_type = kept.audience_key_type"
            ~ " and restaged.audience_key = kept.audience_key"
            ~ ")) or ("
            ~ " kept.activity_source = 'lead' and exists ("
            ~ " select 1 from {{ ref('base_sales__leads') }} as restaged"
            ~ " where restaged.staged_at > " ~ last_computed_at ~ " and restaged.lead_id = kept.activity_id"
            ~ ")) or ("
            ~ " kept.activity_source = 'order' and exists ("
            ~ " select 1 from {{ ref('base_sales__orders') }} as restaged"
            ~ " where restaged.staged_at > " ~ last_computed_at ~ " and restaged.order_id = kept.activity_id))"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    post_hook=(
        [
            "delete from {{ this }} as kept where not exists ("
            ~ " select 1 from {{ ref('funnel_stage_rules') }} as rules"
            ~ " where rules.activity_source = kept.activity_source and rules.activity_type = kept.activity_type)",
        ] if incremental_config.materialized == 'incremental' else []
    ),
    **incremental_config
) }}
-- depends_on: {{ ref('base_web__events') }}
-- depends_on: {{ ref('base_marketing__campaign_touches') }}
-- depends_on: {{ ref('base_sales__leads') }}
-- depends_on: {{ ref('base_sales__orders') }}
-- depends_on: {{ ref('int_identity__customer_registry') }}

with

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

restaged_events as (
    select event_id
    from {{ ref('base_web__events') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
),

restaged_touches as (
    select distinct
        campaign_id,
        audience_key_type,
        audience_key
    from {{ ref('base_marketing__campaign_touches') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- The cookies the id registry assigned to another customer since (a merge, a split, a login, a cookie that left
-- the graph or came back to it).
changed_cookies as (
    select substr(node_id, length('cookie:') + 1) as cookie_id
    from {{ ref('int_identity__customer_registry') }}
    where node_id like 'cookie:%' and assigned_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- What the kept rows were made of, compared with what it is now.

kept_product_categories as (
    select distinct
        product_id,
        product_category
    from {{ this }}
    where activity_source = 'web_event' and product_id is not null
),

changed_products as (
    select kept.product_id
    from kept_product_categories as kept
    left join {{ ref('stg_sales__products') }} as products on kept.product_id = products.product_id
    where kept.product_category is distinct from products.product_category
),

-- The keys int_marketing__audience_customers wrote since: every key whose customer changed is among them.
changed_audience_keys as (
    select
        audience_key_type,
        audience_key
    from {{ ref('int_marketing__audience_customers') }}
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

kept_campaign_channels as (
    select distinct
        campaign_id,
        channel
    from {{ this }}
    where activity_source = 'campaign_touch'
),

changed_campaigns as (
    select kept.campaign_id
    from kept_campaign_channels as kept
    left join {{ ref('stg_marketing__campaigns') }} as campaigns on kept.campaign_id = campaigns.campaign_id
    where kept.channel is distinct from {{ crosschannel.campaign_marketing_channel('campaigns.channel') }}
),

-- Types a rule counts that no kept row has: a rule added since (or a type never seen).
new_rule_types as (
    select
        rules.activity_source,
        rules.activity_type
    from (select distinct activity_source, activity_type from {{ ref('funnel_stage_rules') }}) as rules
    left join (select distinct activity_source, activity_type from {{ this }}) as kept
        on rules.activity_source = kept.activity_source and rules.activity_type = kept.activity_type
    where kept.activity_source is null
),

{% endif -%}
rule_activities as (
    select distinct
        activity_source,
        activity_type
    from {{ ref('funnel_stage_rules') }}
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

products as (
    select
        product_id,
        product_category
    from {{ ref('stg_sales__products') }}
),

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('stg_marketing__campaigns') }}
),

audience_customers as (
    select
        audience_key_type,
        audience_key,
        customer_id
    from {{ ref('int_marketing__audience_customers') }}
),

-- The touches to compute, filtered before the joins: a daily run joins its few rows, not all of them.
-- Semi-joins (in), not correlated exists: DuckDB decorrelates those through the distinct keys of every touch.
campaign_touches as (
    select
        campaign_touches.campaign_id,
        campaign_touches.audience_key_type,
        campaign_touches.audience_key,
        campaign_touches.touch_type,
        campaign_touches.touched_at
    from {{ ref('stg_marketing__campaign_touches') }} as campaign_touches
    {%- if is_incremental() %}
    where
        (campaign_touches.campaign_id, campaign_touches.audience_key_type, campaign_touches.audience_key) in (
            select
                restaged_touches.campaign_id,
                restaged_touches.audience_key_type,
                restaged_touches.audience_key
            from restaged_touches
        )
        or (campaign_touches.audience_key_type, campaign_touches.audience_key) in (
            select
                changed_audience_keys.audience_key_type,
                changed_audience_keys.audience_key
            from changed_audience_keys
        )
        or campaign_touches.campaign_id in (select changed_campaigns.campaign_id from changed_campaigns)
        or campaign_touches.touch_type in (
            select new_rule_types.activity_type from new_rule_types
            where new_rule_types.activity_source = 'campaign_touch'
        )
    {%- endif %}
),

touches as (
    select
        campaign_touches.campaign_id || ':' || campaign_touches.audience_key_type || ':'
        || campaign_touches.audience_key || ':' || campaign_touches.touch_type || ':'
        || cast(campaign_touches.touched_at as {{ dbt.type_string() }}) as activity_id,
        'campaign_touch' as activity_source,
        campaign_touches.touch_type as activity_type,
        campaign_touches.touched_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as product_id,
        {{ crosschannel.campaign_marketing_channel('campaigns.channel') }} as channel,
        audience_customers.customer_id,
        case
            when campaign_touches.audience_key_type = 'cookie_id' then campaign_touches.audience_key
        end as cookie_id,
        campaign_touches.audience_key_type,
        campaign_touches.audience_key,
        campaign_touches.campaign_id
    from campaign_touches
    inner join rule_activities
        on
            rule_activities.activity_source = 'campaign_touch'
            and campaign_touches.touch_type = rule_activities.activity_type
    left join campaigns on campaign_touches.campaign_id = campaigns.campaign_id
    left join audience_customers
        on
            campaign_touches.audience_key_type = audience_customers.audience_key_type
            and campaign_touches.audience_key = audience_customers.audience_key
),

-- The events to compute, filtered before the join to the customers, like the touches.
events as (
    select
        events.event_id,
        events.event_type,
        events.event_at,
        events.product_id,
        events.cookie_id
    from {{ ref('stg_web__events') }} as events
    {%- if is_incremental() %}
    where
        events.event_id in (select restaged_events.event_id from restaged_events)
        or events.cookie_id in (select changed_cookies.cookie_id from changed_cookies)
        or events.product_id in (select changed_products.product_id from changed_products)
        or events.event_type in (
            select new_rule_types.activity_type from new_rule_types
            where new_rule_types.activity_source = 'web_event'
        )
    {%- endif %}
),

web_events as (
    select
        events.event_id as activity_id,
        'web_event' as activity_source,
        events.event_type as activity_type,
        events.event_at as activity_at,
        events.product_id,
        'web' as channel,
        customer_ids.customer_id,
        events.cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from events
    inner join rule_activities
        on
            rule_activities.activity_source = 'web_event'
            and events.event_type = rule_activities.activity_type
    left join customer_ids on 'cookie:' || events.cookie_id = customer_ids.node_id
),

leads as (
    select
        leads.lead_id as activity_id,
        'lead' as activity_source,
        leads.lead_type as activity_type,
        leads.created_at as activity_at,
        leads.product_id,
        leads.channel,
        customer_ids.customer_id,
        leads.cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ ref('stg_sales__leads') }} as leads
    inner join rule_activities
        on
            rule_activities.activity_source = 'lead'
            and leads.lead_type = rule_activities.activity_type
    left join customer_ids on 'lead:' || leads.lead_id = customer_ids.node_id
),

orders as (
    select
        orders.order_id as activity_id,
        'order' as activity_source,
        orders.order_status as activity_type,
        orders.ordered_at as activity_at,
        orders.product_id,
        orders.channel,
        orders.customer_id,
        cast(null as {{ dbt.type_string() }}) as cookie_id,
        cast(null as {{ dbt.type_string() }}) as audience_key_type,
        cast(null as {{ dbt.type_string() }}) as audience_key,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from {{ ref('int_sales__orders_enriched') }} as orders
    inner join rule_activities
        on
            rule_activities.activity_source = 'order'
            and orders.order_status = rule_activities.activity_type
),

activities as (
    select * from touches
    union all
    select * from web_events
    union all
    select * from leads
    union all
    select * from orders
),

computed as (
    select
        activities.activity_id,
        activities.activity_source,
        activities.activity_type,
        activities.activity_at,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('activities.activity_at')) }} as date)
            as activity_month,
        activities.product_id,
        products.product_category,
        activities.channel,
        case
            when activities.channel in ('store', 'call_center', 'offline_campaign') then 'offline'
            else 'online'
        end as channel_group,
        case
            when activities.customer_id is not null then 'customer'
            when activities.cookie_id is not null then 'cookie'
            else 'audience_key'
        end as subject_type,
        coalesce(
            activities.customer_id,
            activities.cookie_id,
            {{ crosschannel.salted_key('audience', "activities.audience_key_type || ':' || activities.audience_key") }}
        ) as subject_id,
        activities.customer_id,
        activities.cookie_id,
        activities.audience_key_type,
        activities.audience_key,
        activities.campaign_id
    from activities
    left join products on activities.product_id = products.product_id
),

final as (
    select
        activities.*,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from (
        {%- if is_incremental() %}
        select * from computed
        where activity_source not in ('lead', 'order')
        union all
        -- The leads and orders that differ from their kept rows: the others keep their computed_at.
        (
            select * from computed
            where activity_source in ('lead', 'order')
            except
            select {{ activity_columns | join(', ') }} from {{ this }}
            where activity_source in ('lead', 'order')
        )
        {%- else %}
            select * from computed
        {%- endif %}
    ) as activities
)

select * from final
