{#- Every attribution rule, and the Markov mart, credits exactly the conversions there are and
    their revenue to the cent. Returns the rules that do not. -#}
with

conversions as (
    select
        count(*) as conversions,
        sum(revenue_eur) as revenue_eur
    from {{ ref('int_attribution__conversions') }}
),

rule_totals as (
    select
        attribution_model,
        sum(attributed_conversions) as attributed_conversions,
        sum(attributed_revenue_eur) as attributed_revenue_eur
    from {{ ref('mart_attribution_by_channel') }}
    group by attribution_model
    union all
    select
        'markov' as attribution_model,
        sum(attributed_conversions) as attributed_conversions,
        sum(attributed_revenue_eur) as attributed_revenue_eur
    from {{ ref('mart_attribution_markov') }}
),

final as (
    select
        rule_totals.attribution_model,
        rule_totals.attributed_conversions,
        conversions.conversions,
        rule_totals.attributed_revenue_eur,
        conversions.revenue_eur
    from rule_totals
    cross join conversions
)

select * from final
where
    abs(attributed_conversions - conversions) > 1e-6
    or attributed_revenue_eur <> revenue_eur
