{#- One row per calendar day from crosschannel__calendar_start to crosschannel__calendar_end: the
    date dimension BI tools join to, and MetricFlow's time spine. -#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('crosschannel__calendar_start') ~ "' as date)",
        "cast('" ~ var('crosschannel__calendar_end') ~ "' as date)"
    ) }}
),

final as (
    select
        cast(date_day as date) as date_day,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start
    from days
)

select * from final
