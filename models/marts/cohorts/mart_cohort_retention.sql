{#- The retention heatmap and LTV curves of acquisition cohorts: per first-purchase month and
    period since acquisition (0 = the month of the first purchase), the cohort's customers, the
    share active in the period (a confirmed order, any channel), the share active in it or later,
    and revenue and margin per cohort customer, per period and cumulated (LTV). -#}
with

cohort_periods as (
    select
        cohort_month,
        months_since_acquisition,
        period_month,
        cohort_customers,
        active_customers,
        active_at_or_after,
        orders,
        revenue_eur,
        margin_eur
    from {{ ref('int_cohorts__cohort_periods') }}
),

cohorts as (
    select
        cohort_month,
        months_since_acquisition,
        period_month,
        cast(sum(cohort_customers) as bigint) as cohort_customers,
        cast(sum(active_customers) as bigint) as active_customers,
        cast(sum(active_at_or_after) as bigint) as active_at_or_after,
        cast(sum(orders) as bigint) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur
    from cohort_periods
    group by cohort_month, months_since_acquisition, period_month
),

final as (
    select
        cohort_month,
        months_since_acquisition,
        period_month,
        cohort_customers,
        active_customers,
        cast(active_customers as double) / cohort_customers as retention_rate,
        active_at_or_after,
        cast(active_at_or_after as double) / cohort_customers as unbounded_retention_rate,
        orders,
        cast(revenue_eur as decimal(38, 2)) as revenue_eur,
        cast(margin_eur as decimal(38, 2)) as margin_eur,
        cast(
            {{ cents_to_eur('cast(revenue_eur * 100 as bigint) / cohort_customers') }} as decimal(38, 2)
        ) as revenue_per_customer_eur,
        cast(
            {{ cents_to_eur('cast(margin_eur * 100 as bigint) / cohort_customers') }} as decimal(38, 2)
        ) as margin_per_customer_eur,
        cast(
            {{ cents_to_eur('cast(sum(revenue_eur) over cohort_months * 100 as bigint) / cohort_customers') }}
            as decimal(38, 2)
        ) as cumulative_revenue_per_customer_eur,
        cast(
            {{ cents_to_eur('cast(sum(margin_eur) over cohort_months * 100 as bigint) / cohort_customers') }}
            as decimal(38, 2)
        ) as cumulative_margin_per_customer_eur
    from cohorts
    window cohort_months as (
        partition by cohort_month order by months_since_acquisition
        rows between unbounded preceding and current row
    )
)

select * from final
