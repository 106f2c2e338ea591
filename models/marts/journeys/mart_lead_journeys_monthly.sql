{#- Leads per month of creation, channel, type and journey, with conversions and time to
    conversion, for pivoting: conversion rate = converted_leads / leads, mean days =
    days_to_conversion_sum / converted_leads. -#}
with

lead_journeys as (
    select
        created_at,
        lead_channel,
        lead_type,
        journey,
        order_channel,
        is_converted,
        days_to_conversion,
        revenue_eur
    from {{ ref('fct_lead_journeys') }}
),

final as (
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('created_at')) }} as date) as lead_month,
        lead_channel,
        lead_type,
        journey,
        coalesce(order_channel, 'none') as order_channel,
        count(*) as leads,
        count(case when is_converted then 1 end) as converted_leads,
        sum(days_to_conversion) as days_to_conversion_sum,
        cast(sum(revenue_eur) as decimal(38, 2)) as converted_revenue_eur
    from lead_journeys
    group by 1, 2, 3, 4, 5
)

select * from final
