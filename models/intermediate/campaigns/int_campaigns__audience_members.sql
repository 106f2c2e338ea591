{#- The analysed customers of each randomised campaign (int_campaigns__members) who were in each
    intent audience of seed audience_rules (retargeting, test_drive_push) at the campaign's start:
    the audience's rule (macro is_open_intent, the per-category or per-product count of
    mart_audiences) anchored at start_at instead of the end of the data, on research and
    conversions before the start (test_drive_push's store in reach is not asked for here).
    Decided before the campaign, so within an audience the hold-out is still random
    (mart_campaign_audience_lift). An unresolved key has no known behaviour and is in no
    audience. -#}
with

rules as (
    select
        audience_name,
        audience_kind,
        nullif(product_category, '') as rule_category,
        window_days,
        min_intent_events
    from {{ ref('audience_rules') }}
    where audience_kind in ('retargeting', 'test_drive_push')
),

campaigns as (
    select
        campaign_id,
        start_at
    from {{ ref('stg_marketing__campaigns') }}
),

members as (
    select
        campaign_id,
        customer_id
    from {{ ref('int_campaigns__members') }}
    where assignment_group in ('treatment', 'control') and customer_id is not null
),

intents as (
    select
        customer_id,
        event_at,
        product_id,
        product_category
    from {{ ref('int_activation__member_events') }}
    where event_role = 'intent' and member_type = 'customer'
),

conversions as (
    select
        member_id as customer_id,
        converted_at
    from {{ ref('int_activation__member_conversions') }}
    where member_type = 'customer'
),

member_starts as (
    select
        members.campaign_id,
        members.customer_id,
        campaigns.start_at
    from members
    inner join campaigns on members.campaign_id = campaigns.campaign_id
),

last_conversions_before_start as (
    select
        member_starts.campaign_id,
        member_starts.customer_id,
        max(conversions.converted_at) as last_converted_at
    from member_starts
    inner join conversions
        on
            member_starts.customer_id = conversions.customer_id
            and member_starts.start_at > conversions.converted_at
    group by member_starts.campaign_id, member_starts.customer_id
),

open_intents_at_start as (
    select
        rules.audience_name,
        rules.audience_kind,
        rules.min_intent_events,
        member_starts.campaign_id,
        member_starts.customer_id,
        intents.product_id,
        intents.product_category
    from member_starts
    inner join intents
        on
            member_starts.customer_id = intents.customer_id
            and member_starts.start_at > intents.event_at
    inner join rules
        on rules.rule_category is null or intents.product_category = rules.rule_category
    left join last_conversions_before_start
        on
            member_starts.campaign_id = last_conversions_before_start.campaign_id
            and member_starts.customer_id = last_conversions_before_start.customer_id
    where {{ crosschannel.is_open_intent(
        'intents.event_at', 'member_starts.start_at', 'rules.window_days',
        'last_conversions_before_start.last_converted_at'
    ) }}
),

-- retargeting counts research per category, test_drive_push per product (as mart_audiences).
qualifying_groups as (
    select
        audience_name,
        campaign_id,
        customer_id
    from open_intents_at_start
    group by
        audience_name,
        campaign_id,
        customer_id,
        case when audience_kind = 'retargeting' then product_category else product_id end
    having count(*) >= min(min_intent_events)
),

final as (
    select distinct
        campaign_id,
        audience_name,
        customer_id
    from qualifying_groups
)

select * from final
