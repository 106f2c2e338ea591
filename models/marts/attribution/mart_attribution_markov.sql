{#- Data-driven attribution: the conversions and revenue of every touched conversion shared
    between channels in proportion to their Markov removal effects (int_attribution__markov_shares),
    and the conversions without touches under "(no touch)", so the mart adds up to every
    conversion and to the cent of revenue (cent_split: the largest share takes the rounding
    remainder). -#}
with

shares as (
    select
        channel,
        removal_effect,
        credit_share
    from {{ ref('int_attribution__markov_shares') }}
),

conversions as (
    select
        conversion_id,
        revenue_eur
    from {{ ref('int_attribution__conversions') }}
),

touched as (
    select distinct conversion_id
    from {{ ref('int_attribution__conversion_touches') }}
),

totals as (
    select
        touched.conversion_id is not null as is_touched,
        count(*) as conversions,
        sum(conversions.revenue_eur) as revenue_eur
    from conversions
    left join touched on conversions.conversion_id = touched.conversion_id
    group by touched.conversion_id is not null
),

credited as (
    select
        shares.channel,
        shares.removal_effect,
        shares.credit_share,
        totals.conversions * shares.credit_share as attributed_conversions,
        {{ crosschannel.cent_split(
            'totals.revenue_eur',
            'shares.credit_share',
            partition_by=none,
            order_by='shares.credit_share desc, shares.channel asc',
        ) }} as attributed_revenue_eur
    from shares
    cross join totals
    where totals.is_touched
),

final as (
    select
        channel,
        removal_effect,
        credit_share,
        attributed_conversions,
        cast(attributed_revenue_eur as decimal(38, 2)) as attributed_revenue_eur
    from credited
    union all
    select
        '(no touch)' as channel,
        cast(null as double) as removal_effect,
        cast(null as double) as credit_share,
        cast(conversions as double) as attributed_conversions,
        cast(revenue_eur as decimal(38, 2)) as attributed_revenue_eur
    from totals
    where not is_touched
)

select * from final
