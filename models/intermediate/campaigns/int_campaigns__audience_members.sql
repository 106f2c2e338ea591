{#- The analysed customers of each randomised campaign (int_campaigns__members) who were in an
    audience of seed audience_rules at the campaign's start. Look-alike cohorts: for a campaign
    starting between the look-alike's backtest cutoff and the current one, the prospects (no
    confirmed order before the start) in a kept decile at the backtest cutoff, cohort
    <seed category>_decile_<decile>. Intent audiences (retargeting, test_drive_push; cohort none):
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

lookalike_rules as (
    select
        audience_name,
        nullif(product_category, '') as rule_category,
        max_lookalike_decile
    from {{ ref('audience_rules') }}
    where audience_kind = 'lookalike_acquisition'
),

backtest_cutoff as (
    select
        cutoff_date,
        followed_until
    from {{ ref('int_scores__lookalike_cutoffs') }}
    where cutoff_role = 'backtest'
),

backtest_deciles as (
    select
        subject_id as customer_id,
        seed_category,
        lookalike_decile
    from {{ ref('int_scores__lookalike_deciles') }}
    where cutoff_role = 'backtest' and subject_type = 'customer' and lookalike_decile is not null
),

orders as (
    select
        customer_id,
        ordered_at
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
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
        {{ crosschannel.audience_intent_group('audience_kind', 'product_category', 'product_id') }}
    having count(*) >= min(min_intent_events)
),

bought_before_start as (
    select distinct
        member_starts.campaign_id,
        member_starts.customer_id
    from member_starts
    inner join orders
        on
            member_starts.customer_id = orders.customer_id
            and member_starts.start_at > orders.ordered_at
),

-- A look-alike cohort is known for the campaigns that start after the backtest cutoff (and
-- before the current one): the cohort of a prospect (no confirmed order before the start) is
-- their decile then.
lookalike_members as (
    select
        member_starts.campaign_id,
        lookalike_rules.audience_name,
        {{ crosschannel.lookalike_cohort('backtest_deciles.seed_category', 'backtest_deciles.lookalike_decile') }}
            as cohort,
        member_starts.customer_id
    from member_starts
    cross join backtest_cutoff
    inner join backtest_deciles on member_starts.customer_id = backtest_deciles.customer_id
    inner join lookalike_rules
        on
            backtest_deciles.lookalike_decile <= lookalike_rules.max_lookalike_decile
            and (
                lookalike_rules.rule_category is null
                or backtest_deciles.seed_category = lookalike_rules.rule_category
            )
    left join bought_before_start
        on
            member_starts.campaign_id = bought_before_start.campaign_id
            and member_starts.customer_id = bought_before_start.customer_id
    where
        cast(member_starts.start_at as date) >= backtest_cutoff.cutoff_date
        and cast(member_starts.start_at as date) < backtest_cutoff.followed_until
        and bought_before_start.customer_id is null
),

final as (
    select distinct
        campaign_id,
        audience_name,
        'none' as cohort,
        customer_id
    from qualifying_groups
    union all
    select
        campaign_id,
        audience_name,
        cohort,
        customer_id
    from lookalike_members
)

select * from final
