{#- One row per subject (customer, anonymous cookie or unresolved audience key) and Europe/Paris
    month with any funnel activity: the highest stage the rules of seed funnel_stage_rules reach
    in it, online and offline together, and the activity that reached it first. Published as
    fct_funnel_stages; the score features read it here, so that marts stay the end of the line.

    Incremental by subject: a run computes again the whole history of each subject that gained an
    activity computed since its last run (computed_at), or whose kept month counts other activities
    now (activities_in_month: an activity moved to another customer, re-sent or no longer counted),
    and every subject when the seed's rules changed (rules_fingerprint).
    Its rows are replaced whole (delete+insert by subject). A subject computed again that reaches no
    stage any more is written as one row without a stage, so that the delete+insert removes its kept
    rows; a post-hook then deletes that row. (Finding such subjects again after the insert would count
    every subject's activities a second time: 5 s of a 1M daily run.) -#}
{%- set incremental_config = crosschannel.incremental_by_key_config(['subject_type', 'subject_id']) -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'stage'),
    **incremental_config
) }}
{#- The activities of the subjects computed (all of them in a full build). -#}
{%- set activities_of_subjects -%}
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
    {%- if is_incremental() %}
    where
        (subject_type, subject_id) in (
            select
                affected_subjects.subject_type,
                affected_subjects.subject_id
            from affected_subjects
        )
    {%- endif %}
{%- endset -%}
with

month_counts as (
    select
        subject_type,
        subject_id,
        activity_month,
        count(*) as activities_in_month
    from {{ ref('int_funnel__activities') }}
    group by subject_type, subject_id, activity_month
),

{% if is_incremental() -%}
gained_subjects as (
    select distinct
        subject_type,
        subject_id
    from {{ ref('int_funnel__activities') }}
    where computed_at > (
        select {{ crosschannel.kept_watermark('computed_at') }} from {{ this }}
    )
),

-- A kept month counting other activities now: one of them left its subject, or stopped counting.
recounted_subjects as (
    select distinct
        kept.subject_type,
        kept.subject_id
    from {{ this }} as kept
    left join month_counts
        on
            kept.subject_type = month_counts.subject_type
            and kept.subject_id = month_counts.subject_id
            and kept.stage_month = month_counts.activity_month
    where kept.activities_in_month is distinct from month_counts.activities_in_month
),

-- Rules changed since the last run (the seed was edited): every subject.
rules_changed_subjects as (
    select distinct
        subject_type,
        subject_id
    from {{ ref('int_funnel__activities') }}
    where
        (select max(kept.rules_fingerprint) from {{ this }} as kept)
        is distinct from {{ crosschannel.funnel_rules_version() }}
),

affected_subjects as (
    select
        subject_type,
        subject_id
    from gained_subjects
    union
    select
        subject_type,
        subject_id
    from recounted_subjects
    union
    select
        subject_type,
        subject_id
    from rules_changed_subjects
),

{% endif -%}
activities as (
    {{ activities_of_subjects }}
),

-- The activities again, for the rules counting several (18.4M rows at 1M persons: see second_read).
counted_activities as (
    {{ crosschannel.second_read('activities', activities_of_subjects) }}
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
        counted_activities.activity_id,
        counted_activities.activity_source,
        counted_activities.activity_at,
        counted_activities.activity_month,
        counted_activities.channel,
        counted_activities.channel_group,
        counted_activities.subject_type,
        counted_activities.subject_id,
        counted_activities.customer_id,
        rules.stage_rank,
        rules.stage,
        rules.min_per_category_month,
        row_number() over (
            partition by
                counted_activities.subject_type,
                counted_activities.subject_id,
                counted_activities.activity_month,
                rules.stage_rank,
                counted_activities.activity_source,
                counted_activities.activity_type,
                rules.min_per_category_month,
                counted_activities.product_category
            order by counted_activities.activity_at, counted_activities.activity_id
        ) as nth_in_category
    from counted_activities
    inner join rules
        on
            counted_activities.activity_source = rules.activity_source
            and counted_activities.activity_type = rules.activity_type
            and rules.min_per_category_month > 1
    where counted_activities.product_category is not null
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

stage_rows as (
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
),

computed_rows as (
    select
        stage_rows.*,
        month_counts.activities_in_month,
        {{ crosschannel.funnel_rules_version() }} as rules_fingerprint,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from stage_rows
    inner join month_counts
        on
            stage_rows.subject_type = month_counts.subject_type
            and stage_rows.subject_id = month_counts.subject_id
            and stage_rows.stage_month = month_counts.activity_month
),

{% if is_incremental() -%}
-- Subjects computed again that reach no stage any more: their row without a stage (see the header).
emptied_subjects as (
    select
        affected_subjects.subject_type,
        affected_subjects.subject_id
    from affected_subjects
    left join (select distinct subject_type, subject_id from stage_rows) as staged_subjects
        on
            affected_subjects.subject_type = staged_subjects.subject_type
            and affected_subjects.subject_id = staged_subjects.subject_id
    where staged_subjects.subject_id is null
),

{% endif -%}
final as (
    select * from computed_rows
    {%- if is_incremental() %}
    union all
    select
        subject_type,
        subject_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as date) as stage_month,
        cast(null as {{ dbt.type_string() }}) as stage,
        cast(null as {{ dbt.type_int() }}) as stage_rank,
        cast(null as {{ dbt.type_timestamp() }}) as stage_reached_at,
        cast(null as {{ dbt.type_string() }}) as stage_activity_source,
        cast(null as {{ dbt.type_string() }}) as stage_channel,
        cast(null as {{ dbt.type_string() }}) as stage_channel_group,
        cast(null as {{ dbt.type_bigint() }}) as activities_in_month,
        cast(null as {{ dbt.type_string() }}) as rules_fingerprint,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from emptied_subjects
    {%- endif %}
)

select * from final
