{#- Every acquisition cohort (first-purchase month x first-touch channel) at every period since
    acquisition up to the last month with a purchase: its customers, those active in the period
    (a confirmed order), those active in it or any later period (unbounded retention), orders,
    revenue and margin. Periods with nobody active are rows of zeros, so curves have no holes. -#}
with

customer_months as (
    select
        customer_id,
        cohort_month,
        first_touch_channel,
        order_month,
        months_since_acquisition,
        orders,
        revenue_eur,
        margin_eur
    from {{ ref('int_cohorts__customer_months') }}
),

cohorts as (
    select
        cohort_month,
        first_touch_channel,
        count(distinct customer_id) as cohort_customers
    from customer_months
    group by cohort_month, first_touch_channel
),

calendar as (
    select distinct order_month as period_month
    from customer_months
),

periods as (
    select
        cohorts.cohort_month,
        cohorts.first_touch_channel,
        cohorts.cohort_customers,
        calendar.period_month,
        {{ dbt.datediff(
            'cohorts.cohort_month', 'calendar.period_month', 'month'
        ) }} as months_since_acquisition
    from cohorts
    inner join calendar on cohorts.cohort_month <= calendar.period_month
),

activity as (
    select
        cohort_month,
        first_touch_channel,
        months_since_acquisition,
        count(distinct customer_id) as active_customers,
        sum(orders) as orders,
        sum(revenue_eur) as revenue_eur,
        sum(margin_eur) as margin_eur
    from customer_months
    group by cohort_month, first_touch_channel, months_since_acquisition
),

last_activity as (
    select
        cohort_month,
        first_touch_channel,
        last_active_period as months_since_acquisition,
        count(*) as customers_last_active
    from (
        select
            customer_id,
            cohort_month,
            first_touch_channel,
            max(months_since_acquisition) as last_active_period
        from customer_months
        group by customer_id, cohort_month, first_touch_channel
    ) as customers
    group by cohort_month, first_touch_channel, last_active_period
),

final as (
    select
        periods.cohort_month,
        periods.first_touch_channel,
        periods.months_since_acquisition,
        periods.period_month,
        periods.cohort_customers,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(sum(last_activity.customers_last_active) over (
            partition by periods.cohort_month, periods.first_touch_channel
            order by periods.months_since_acquisition desc
            rows between unbounded preceding and current row
        ), 0) as active_at_or_after,
        coalesce(activity.orders, 0) as orders,
        coalesce(activity.revenue_eur, 0) as revenue_eur,
        coalesce(activity.margin_eur, 0) as margin_eur
    from periods
    left join activity
        on
            periods.cohort_month = activity.cohort_month
            and periods.first_touch_channel = activity.first_touch_channel
            and periods.months_since_acquisition = activity.months_since_acquisition
    left join last_activity
        on
            periods.cohort_month = last_activity.cohort_month
            and periods.first_touch_channel = last_activity.first_touch_channel
            and periods.months_since_acquisition = last_activity.months_since_acquisition
)

select * from final
