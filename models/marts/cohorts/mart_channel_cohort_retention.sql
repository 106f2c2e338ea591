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

per_customer as (
    select
        first_touch_channel,
        months_since_acquisition,
        cohorts_observed,
        customers_observed,
        active_customers,
        active_at_or_after,
        orders,
        revenue_eur,
        margin_eur,
        cast(revenue_eur * 100 as bigint) / customers_observed as revenue_cents_per_customer,
        cast(margin_eur * 100 as bigint) / customers_observed as margin_cents_per_customer
    from pooled
),

final as (
    select
        first_touch_channel,
        months_since_acquisition,
        cohorts_observed,
        customers_observed,
        active_customers,
        cast(active_customers as double) / customers_observed as retention_rate,
        active_at_or_after,
        cast(active_at_or_after as double) / customers_observed as unbounded_retention_rate,
        orders,
        cast(revenue_eur as decimal(38, 2)) as revenue_eur,
        cast(margin_eur as decimal(38, 2)) as margin_eur,
        cast({{ cents_to_eur('revenue_cents_per_customer') }} as decimal(38, 2)) as revenue_per_customer_eur,
        cast({{ cents_to_eur('margin_cents_per_customer') }} as decimal(38, 2)) as margin_per_customer_eur,
        cast(
            {{ cents_to_eur('sum(revenue_cents_per_customer) over acquisition_months') }} as decimal(38, 2)
        ) as cumulative_revenue_per_customer_eur,
        cast(
            {{ cents_to_eur('sum(margin_cents_per_customer) over acquisition_months') }} as decimal(38, 2)
        ) as cumulative_margin_per_customer_eur
    from per_customer
    window acquisition_months as (
        partition by first_touch_channel order by months_since_acquisition
        rows between unbounded preceding and current row
    )
)

select * from final
