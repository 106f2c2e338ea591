{#- Each customer's journeys, one row per journey, for the data-driven (Markov) attribution: the touches
    before each of their conversions (a converting journey; a conversion with no touch in the lookback
    is a row without a path), and their other touches cut where crosschannel__attribution_lookback_days
    pass without a touch (journeys that did not convert). int_attribution__journeys counts them by path.

    Incremental by customer: a run computes again every journey of the customers with a touch written
    since its last run (computed_at of int_attribution__touches), of the customers counting another
    number of touches now than their rows say (customer_touches: one left them), of the customers of a
    conversion that is new, gone, or of another customer, time or revenue now, and of every customer when
    the lookback is another now (lookback_days). A customer computed again with no journey left is written
    as one row without an outcome (is_converted NULL), so that the delete+insert removes their kept rows;
    a post-hook then deletes that row. -#}
{%- set lookback_days = var('crosschannel__attribution_lookback_days') %}
{%- set incremental_config = crosschannel.incremental_by_key_config('customer_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'is_converted'),
    **incremental_config
) }}
with

all_touches as (
    select
        touch_id,
        customer_id,
        touched_at,
        channel,
        computed_at
    from {{ ref('int_attribution__touches') }}
),

customer_touch_counts as (
    select
        customer_id,
        count(*) as customer_touches
    from all_touches
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
        max(customer_touches) as customer_touches,
        max(lookback_days) as lookback_days
    from {{ this }}
    group by customer_id
),

-- A conversion gained, lost, or moved to another customer, time or revenue: the customers on both sides.
changed_conversions as (
    select
        current_conversions.customer_id as current_customer_id,
        kept_conversions.customer_id as kept_customer_id
    from {{ ref('int_attribution__conversions') }} as current_conversions
    full outer join (
        select
            conversion_id,
            customer_id,
            converted_at,
            revenue_eur
        from {{ this }}
        where conversion_id is not null
    ) as kept_conversions
        on current_conversions.conversion_id = kept_conversions.conversion_id
    where
        current_conversions.conversion_id is null
        or kept_conversions.conversion_id is null
        or current_conversions.customer_id is distinct from kept_conversions.customer_id
        or current_conversions.converted_at is distinct from kept_conversions.converted_at
        or current_conversions.revenue_eur is distinct from kept_conversions.revenue_eur
),

affected_customers as (
    select customer_id
    from all_touches
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    -- A kept customer counting another number of touches lost one (a gain was written since); the lookback
    -- changed for every kept customer.
    select coalesce(kept_customers.customer_id, customer_touch_counts.customer_id) as customer_id
    from kept_customers
    full outer join customer_touch_counts on kept_customers.customer_id = customer_touch_counts.customer_id
    where
        coalesce(kept_customers.customer_touches, 0) <> coalesce(customer_touch_counts.customer_touches, 0)
        or kept_customers.lookback_days <> {{ lookback_days }}
    union
    select current_customer_id as customer_id
    from changed_conversions
    where current_customer_id is not null
    union
    select kept_customer_id as customer_id
    from changed_conversions
    where kept_customer_id is not null
),

{% endif -%}
conversions as (
    select
        conversion_id,
        customer_id,
        converted_at,
        revenue_eur
    from {{ ref('int_attribution__conversions') }}
    {%- if is_incremental() %}
    where customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

conversion_touches as (
    select
        conversion_id,
        touch_id,
        touched_at,
        channel
    from {{ ref('int_attribution__conversion_touches') }}
    {%- if is_incremental() %}
    where conversion_id in (select conversions.conversion_id from conversions)
    {%- endif %}
),

converting_paths as (
    select
        conversion_id,
        {{ crosschannel.ordered_path('channel', 'touched_at') }} as channel_path
    from conversion_touches
    group by conversion_id
),

-- Ordered by time alone: touches at the same time never fall in different journeys (a journey
-- starts only after a gap), so no tie-break is needed, and the rows sorted stay narrow.
unconverted_touches as (
    select
        touches.customer_id,
        touches.touched_at,
        touches.channel,
        lag(touches.touched_at) over (
            partition by touches.customer_id order by touches.touched_at
        ) as previous_touched_at
    from all_touches as touches
    left join conversion_touches on touches.touch_id = conversion_touches.touch_id
    where
        conversion_touches.touch_id is null
    {%- if is_incremental() %}
        and touches.customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
),

journey_starts as (
    select
        *,
        coalesce(
            previous_touched_at is null
            or touched_at > {{ dbt.dateadd('day', lookback_days, 'previous_touched_at') }},
            false
        ) as is_journey_start
    from unconverted_touches
),

unconverted_journeys as (
    select
        *,
        sum(case when is_journey_start then 1 else 0 end) over (
            partition by customer_id order by touched_at rows unbounded preceding
        ) as journey_number
    from journey_starts
),

unconverted_paths as (
    select
        customer_id,
        journey_number,
        {{ crosschannel.ordered_path('channel', 'touched_at') }} as channel_path
    from unconverted_journeys
    group by customer_id, journey_number
),

journeys as (
    select
        conversions.customer_id,
        conversions.conversion_id as journey_id,
        conversions.conversion_id,
        conversions.converted_at,
        true as is_converted,
        converting_paths.channel_path,
        conversions.revenue_eur
    from conversions
    left join converting_paths on conversions.conversion_id = converting_paths.conversion_id
    union all
    select
        customer_id,
        'journey:' || customer_id || ':' || cast(journey_number as {{ dbt.type_string() }}) as journey_id,
        cast(null as {{ dbt.type_string() }}) as conversion_id,
        cast(null as {{ dbt.type_timestamp() }}) as converted_at,
        false as is_converted,
        channel_path,
        cast(0 as decimal(18, 2)) as revenue_eur
    from unconverted_paths
),

computed_rows as (
    select
        journeys.customer_id,
        journeys.journey_id,
        journeys.conversion_id,
        journeys.converted_at,
        journeys.is_converted,
        journeys.channel_path,
        cast(journeys.revenue_eur as decimal(18, 2)) as revenue_eur,
        coalesce(customer_touch_counts.customer_touches, 0) as customer_touches,
        {{ lookback_days }} as lookback_days,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from journeys
    left join customer_touch_counts on journeys.customer_id = customer_touch_counts.customer_id
),

final as (
    select * from computed_rows
    {%- if is_incremental() %}
    union all
    -- Customers computed again with no journey left: their row without an outcome (see the header).
    select
        affected_customers.customer_id,
        cast(null as {{ dbt.type_string() }}) as journey_id,
        cast(null as {{ dbt.type_string() }}) as conversion_id,
        cast(null as {{ dbt.type_timestamp() }}) as converted_at,
        cast(null as boolean) as is_converted,
        cast(null as {{ dbt.type_string() }}) as channel_path,
        cast(null as decimal(18, 2)) as revenue_eur,
        cast(null as {{ dbt.type_bigint() }}) as customer_touches,
        cast(null as integer) as lookback_days,
        cast(null as {{ dbt.type_timestamp() }}) as computed_at
    from affected_customers
    where not exists (
        select 1 from computed_rows
        where computed_rows.customer_id = affected_customers.customer_id
    )
    {%- endif %}
)

select * from final
