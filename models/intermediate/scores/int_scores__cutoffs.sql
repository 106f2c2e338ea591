{#- The dates the models score customers at: month starts, in the reporting time zone. The first
    month start after the last order is the current one (scored, its outcome unknown); the
    crosschannel__score_validation_cutoffs months before it whose outcome window has closed
    validate the models; the crosschannel__score_training_cutoffs months before those, whose
    outcome windows close before the first validation month, train them. -#}
{%- set horizon_days = var('crosschannel__propensity_horizon_days') -%}
with

orders as (
    select {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
),

-- The calendar's months (dim_dates' range, crosschannel__calendar_start to _end), spun here:
-- an intermediate model reads no mart.
calendar_months as (
    {{ dbt.date_spine(
        'month',
        dbt.date_trunc('month', "cast('" ~ var('crosschannel__calendar_start') ~ "' as date)"),
        "cast('" ~ var('crosschannel__calendar_end') ~ "' as date)"
    ) }}
),

calendar as (
    select cast(date_month as date) as month_start
    from calendar_months
),

data_range as (
    -- The first day without data: outcome windows ending on it or before are complete.
    select
        min(order_date) as first_order_date,
        {{ dbt.dateadd('day', 1, 'max(order_date)') }} as first_day_without_data
    from orders
),

months as (
    select
        calendar.month_start as cutoff_date,
        cast({{ dbt.dateadd('day', horizon_days, 'calendar.month_start') }} as date)
        <= data_range.first_day_without_data as is_outcome_known
    from calendar
    cross join data_range
    where
        calendar.month_start > data_range.first_order_date
        and calendar.month_start < {{ dbt.dateadd('month', 1, 'data_range.first_day_without_data') }}
),

current_cutoff as (
    -- No row, rather than a NULL date, when there are no orders to date the data by.
    select max(cutoff_date) as cutoff_date
    from months
    where not is_outcome_known
    having count(*) > 0
),

validation as (
    select cutoff_date
    from (
        select
            cutoff_date,
            row_number() over (order by cutoff_date desc) as validation_rank
        from months
        where is_outcome_known
    ) as known
    where validation_rank <= {{ var('crosschannel__score_validation_cutoffs') }}
),

training as (
    select cutoff_date
    from (
        select
            cutoff_date,
            row_number() over (order by cutoff_date desc) as training_rank
        from months
        where
            cast({{ dbt.dateadd('day', horizon_days, 'cutoff_date') }} as date)
            <= (select min(validation.cutoff_date) from validation)
    ) as known
    where training_rank <= {{ var('crosschannel__score_training_cutoffs') }}
),

final as (
    select
        cutoff_date,
        cast({{ dbt.dateadd('day', horizon_days, 'cutoff_date') }} as date) as outcome_window_end,
        'scoring' as cutoff_role
    from current_cutoff
    union all
    select
        cutoff_date,
        cast({{ dbt.dateadd('day', horizon_days, 'cutoff_date') }} as date) as outcome_window_end,
        'validation' as cutoff_role
    from validation
    union all
    select
        cutoff_date,
        cast({{ dbt.dateadd('day', horizon_days, 'cutoff_date') }} as date) as outcome_window_end,
        'training' as cutoff_role
    from training
)

select * from final
