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
        {{ crosschannel.retention_and_ltv_columns('cohort_customers', 'cohort_months') }}
    from cohorts
    window cohort_months as (
        partition by cohort_month order by months_since_acquisition
        rows between unbounded preceding and current row
    )
)

select * from final
