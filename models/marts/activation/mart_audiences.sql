{#- The members of every audience of seed audience_rules, each with the reason it is in and whether
    consent lets it be targeted. A member is a known customer (their research on any of their
    cookies) or an anonymous cookie. Intent kinds count product views and online lead starts in
    the rule's window before the end of the data (int_activation__as_of) that came after the
    member's last conversion (a confirmed order, a lead, a sent lead form or a web order): a member
    who bought since their research is no longer in. retargeting has one row per category
    researched, with the last product researched in it; test_drive_push one row per product
    researched at least min_intent_events times, when a store is in reach (the customer's home
    store, else the agency of the white-label site of the latest such research); an open store
    only. lookalike_acquisition takes the look-alike's closest deciles among cookies and customers
    who never had a confirmed order, one cohort per seed category and decile. Consent (opt-out
    wins): a customer is targetable only when opted in (consent_state opted_in); an anonymous
    cookie has no known refusal (consent unknown) and is targetable. -#}
with

rules as (
    select
        audience_name,
        audience_kind,
        nullif(product_category, '') as rule_category,
        window_days,
        min_intent_events,
        max_lookalike_decile,
        refresh
    from {{ ref('audience_rules') }}
),

as_of as (
    select as_of_at
    from {{ ref('int_activation__as_of') }}
),

member_events as (
    select
        member_type,
        member_id,
        customer_id,
        event_id,
        event_at,
        event_type,
        site_id,
        product_id,
        product_category
    from {{ ref('int_activation__member_events') }}
    where event_role = 'intent'
),

conversions as (
    select
        member_type,
        member_id,
        converted_at
    from {{ ref('int_activation__member_conversions') }}
),

orders as (
    select customer_id
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

sites as (
    select
        site_id,
        store_id
    from {{ ref('stg_web__sites') }}
),

open_stores as (
    select store_id
    from {{ ref('stg_store__stores') }}
    where closed_date is null
),

home_stores as (
    select
        customer_id,
        home_store_id
    from {{ ref('int_customers__home_stores') }}
),

consent as (
    select
        customer_id,
        consent_state
    from {{ ref('int_customers__consent') }}
),

lookalike as (
    select
        subject_type,
        subject_id,
        seed_category,
        lookalike_score,
        lookalike_decile
    from {{ ref('fct_lookalike_scores') }}
    where lookalike_decile is not null
),

last_conversions as (
    select
        member_type,
        member_id,
        max(converted_at) as last_converted_at
    from conversions
    group by member_type, member_id
),

-- Research in each intent rule's window, after the member's last conversion.
open_intents as (
    select
        rules.audience_name,
        rules.audience_kind,
        rules.min_intent_events,
        member_events.member_type,
        member_events.member_id,
        member_events.customer_id,
        member_events.event_id,
        member_events.event_at,
        member_events.event_type,
        member_events.site_id,
        member_events.product_id,
        member_events.product_category,
        {{ crosschannel.audience_intent_group(
            'rules.audience_kind', 'member_events.product_category', 'member_events.product_id'
        ) }} as intent_group
    from member_events
    cross join as_of
    inner join rules
        on
            rules.audience_kind in ('retargeting', 'test_drive_push')
            and (rules.rule_category is null or member_events.product_category = rules.rule_category)
    left join last_conversions
        on
            member_events.member_type = last_conversions.member_type
            and member_events.member_id = last_conversions.member_id
    where {{ crosschannel.is_open_intent(
        'member_events.event_at', 'as_of.as_of_at', 'rules.window_days', 'last_conversions.last_converted_at'
    ) }}
),

-- Per member and intent group (macro audience_intent_group): the research events since the
-- last conversion, whether one started a lead form, and the latest of them.
ranked_intents as (
    select
        *,
        count(*) over (partition by audience_name, member_type, member_id, intent_group) as intent_events,
        max(case when event_type = 'lead_start' then 1 else 0 end) over (
            partition by audience_name, member_type, member_id, intent_group
        ) as has_lead_start,
        row_number() over (
            partition by audience_name, member_type, member_id, intent_group
            order by event_at desc, event_id desc
        ) as recency_rank
    from open_intents
),

latest_intents as (
    select *
    from ranked_intents
    where recency_rank = 1 and intent_events >= min_intent_events
),

retargeting as (
    select
        audience_name,
        member_type,
        member_id,
        customer_id,
        product_category,
        product_id,
        cast(null as {{ dbt.type_string() }}) as store_id,
        cast(null as {{ dbt.type_string() }}) as cohort,
        case
            when has_lead_start = 1 then 'lead_started_not_finished' else 'product_researched_not_bought'
        end as reason_code,
        intent_events,
        event_at as last_intent_at,
        cast(null as double) as lookalike_score
    from latest_intents
    where audience_kind = 'retargeting'
),

test_drive_push as (
    select
        latest_intents.audience_name,
        latest_intents.member_type,
        latest_intents.member_id,
        latest_intents.customer_id,
        latest_intents.product_category,
        latest_intents.product_id,
        coalesce(home_stores.home_store_id, sites.store_id) as store_id,
        cast(null as {{ dbt.type_string() }}) as cohort,
        case
            when home_stores.home_store_id is not null then 'researched_repeatedly_home_store'
            else 'researched_repeatedly_site_agency'
        end as reason_code,
        latest_intents.intent_events,
        latest_intents.event_at as last_intent_at,
        cast(null as double) as lookalike_score
    from latest_intents
    left join home_stores on latest_intents.customer_id = home_stores.customer_id
    left join sites on latest_intents.site_id = sites.site_id
    inner join open_stores on coalesce(home_stores.home_store_id, sites.store_id) = open_stores.store_id
    where latest_intents.audience_kind = 'test_drive_push'
),

buyers as (
    select distinct customer_id
    from orders
),

lookalike_acquisition as (
    select
        rules.audience_name,
        lookalike.subject_type as member_type,
        lookalike.subject_id as member_id,
        case when lookalike.subject_type = 'customer' then lookalike.subject_id end as customer_id,
        lookalike.seed_category as product_category,
        cast(null as {{ dbt.type_string() }}) as product_id,
        cast(null as {{ dbt.type_string() }}) as store_id,
        {{ crosschannel.lookalike_cohort('lookalike.seed_category', 'lookalike.lookalike_decile') }} as cohort,
        'lookalike_decile_' || cast(lookalike.lookalike_decile as {{ dbt.type_string() }}) as reason_code,
        cast(null as bigint) as intent_events,
        cast(null as timestamp) as last_intent_at,
        lookalike.lookalike_score
    from lookalike
    inner join rules
        on
            rules.audience_kind = 'lookalike_acquisition'
            and lookalike.lookalike_decile <= rules.max_lookalike_decile
            and (rules.rule_category is null or lookalike.seed_category = rules.rule_category)
    left join buyers on lookalike.subject_type = 'customer' and lookalike.subject_id = buyers.customer_id
    where buyers.customer_id is null
),

members as (
    select * from retargeting
    union all
    select * from test_drive_push
    union all
    select * from lookalike_acquisition
),

final as (
    select
        members.audience_name,
        rules.audience_kind,
        members.member_type,
        members.member_id,
        members.customer_id,
        members.product_category,
        coalesce(members.product_id, 'none') as product_id,
        coalesce(members.store_id, 'none') as store_id,
        coalesce(members.cohort, 'none') as cohort,
        members.reason_code,
        cast(members.intent_events as bigint) as intent_events,
        members.last_intent_at,
        members.lookalike_score,
        case when members.customer_id is null then 'unknown' else coalesce(consent.consent_state, 'not_opted_in') end
            as consent_state,
        members.customer_id is null or coalesce(consent.consent_state = 'opted_in', false) as is_targetable,
        rules.refresh,
        as_of.as_of_at
    from members
    inner join rules on members.audience_name = rules.audience_name
    cross join as_of
    left join consent on members.customer_id = consent.customer_id
)

select * from final
