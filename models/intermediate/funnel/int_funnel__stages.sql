{#- One row per subject (customer, anonymous cookie or unresolved audience key) and Europe/Paris
    month with any funnel activity: the highest stage the rules of seed funnel_stage_rules reach
    in it, online and offline together, and the activity that reached it first. Published as
    fct_funnel_stages; the score features read it here, so that marts stay the end of the line. -#}
with

activities as (
    select
        activity_id,
        activity_source,
        activity_type,
        activity_at,
        activity_month,
        product_category,
        channel,
        channel_group,
        subject_type,
        subject_id,
        customer_id
    from {{ ref('int_funnel__activities') }}
),

rules as (
    select
        stage_rank,
        stage,
        activity_source,
        activity_type,
        min_per_category_month
    from {{ ref('funnel_stage_rules') }}
),

-- Rules reached by one activity and rules counting several are two joins, not one shared CTE:
-- a CTE read twice is materialised (25M rows at 1M), and only the counted ones need numbering.
single_hits as (
    select
        activities.activity_id,
        activities.activity_source,
        activities.activity_at,
        activities.activity_month,
        activities.channel,
        activities.channel_group,
        activities.subject_type,
        activities.subject_id,
        activities.customer_id,
        rules.stage_rank,
        rules.stage
    from activities
    inner join rules
        on
            activities.activity_source = rules.activity_source
            and activities.activity_type = rules.activity_type
            and rules.min_per_category_month <= 1
),

-- A rule counting several activities reaches its stage at the activity that completes the count.
counted_hits as (
    select
        activities.activity_id,
        activities.activity_source,
        activities.activity_at,
        activities.activity_month,
        activities.channel,
        activities.channel_group,
        activities.subject_type,
        activities.subject_id,
        activities.customer_id,
        rules.stage_rank,
        rules.stage,
        rules.min_per_category_month,
        row_number() over (
            partition by
                activities.subject_type,
                activities.subject_id,
                activities.activity_month,
                rules.stage_rank,
                activities.activity_source,
                activities.activity_type,
                rules.min_per_category_month,
                activities.product_category
            order by activities.activity_at, activities.activity_id
        ) as nth_in_category
    from activities
    inner join rules
        on
            activities.activity_source = rules.activity_source
            and activities.activity_type = rules.activity_type
            and rules.min_per_category_month > 1
    where activities.product_category is not null
),

stage_reaching_hits as (
    select
        activity_id,
        activity_source,
        activity_at,
        activity_month,
        channel,
        channel_group,
        subject_type,
        subject_id,
        customer_id,
        stage_rank,
        stage
    from single_hits
    union all
    select
        activity_id,
        activity_source,
        activity_at,
        activity_month,
        channel,
        channel_group,
        subject_type,
        subject_id,
        customer_id,
        stage_rank,
        stage
    from counted_hits
    where nth_in_category = min_per_category_month
),

-- The subject's stage of the month: the highest stage reached, at the activity reaching it first.
first_hits as (
    select
        subject_type,
        subject_id,
        activity_month,
        {{ crosschannel.first_by(
            {
                'customer_id': 'customer_id',
                'stage': 'stage',
                'stage_rank': 'stage_rank',
                'activity_at': 'activity_at',
                'activity_source': 'activity_source',
                'channel': 'channel',
                'channel_group': 'channel_group',
            },
            ['-stage_rank', 'activity_at', 'activity_id'],
        ) }} as first_hit
    from stage_reaching_hits
    group by subject_type, subject_id, activity_month
),

final as (
    select
        first_hits.subject_type,
        first_hits.subject_id,
        first_hits.first_hit.customer_id,
        first_hits.activity_month as stage_month,
        first_hits.first_hit.stage,
        first_hits.first_hit.stage_rank,
        first_hits.first_hit.activity_at as stage_reached_at,
        first_hits.first_hit.activity_source as stage_activity_source,
        first_hits.first_hit.channel as stage_channel,
        first_hits.first_hit.channel_group as stage_channel_group
    from first_hits
)

select * from final
