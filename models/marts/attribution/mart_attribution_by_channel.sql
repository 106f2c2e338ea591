{#- Attributed conversions and revenue per rule, month, channel and campaign, for pivoting: each
    rule's rows add up to every conversion and to the cent of their revenue. -#}
with

credits as (
    select
        attribution_model,
        conversion_type,
        converted_at,
        channel,
        campaign_id,
        attributed_conversions,
        attributed_revenue_eur
    from {{ ref('fct_attribution_credits') }}
),

final as (
    select
        attribution_model,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('converted_at')) }} as date) as conversion_month,
        conversion_type,
        channel,
        coalesce(campaign_id, 'none') as campaign_id,
        sum(attributed_conversions) as attributed_conversions,
        cast(sum(attributed_revenue_eur) as decimal(38, 2)) as attributed_revenue_eur
    from credits
    group by 1, 2, 3, 4, 5
)

select * from final
