{#- Retention and LTV curves by first-touch channel, all first-purchase months pooled: at each period
    since acquisition, over the customers whose cohort is old enough to have lived it
    (customers_observed), the share active, the share active then or later, and revenue and
    margin per observed customer; cumulated LTV adds the per-period values, so young cohorts
    count where they have data and nowhere else. -#}
with

cohort_periods as (
    select
        first_touch_channel,
        months_since_acquisition,
        cohort_customers,
        active_customers,
        active_at_or_after,
        orders,
        revenue_eur,
        margin_eur
    from {{ ref('int_cohorts__cohort_periods') }}
),

pooled as (
    select
        first_touch_channel,
        months_since_acquisition,
        count(*) as cohorts_observed,
        cast(sum(cohort_customers) as bigint) as customers_observed,
        cast(sum(active_customers) as bigint) as active_customers,
        cast(sum(active_at_or_after) as bigint) as active_at_or_after,
        cast(sum(orders) as bigint) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur
    from cohort_periods
    group by first_touch_channel, months_since_acquisition
),

final as (
    select
        first_touch_channel,
        months_since_acquisition,
        cohorts_observed,
        customers_observed,
        {{ crosschannel.retention_and_ltv_columns('customers_observed', 'acquisition_months') }}
    from pooled
    window acquisition_months as (
        partition by first_touch_channel order by months_since_acquisition
        rows between unbounded preceding and current row
    )
)

select * from final
