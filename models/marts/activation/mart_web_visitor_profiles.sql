{#- What a personalisation or advertising platform loads about each browser: one row per cookie
    seen on the sites, anonymous ones included. A cookie tied to a customer (dim_customer_cookies)
    carries the customer's value tier, what they already own (categories of their confirmed
    orders: no advert for what they own), funnel stage and consent; an anonymous cookie carries no
    customer attribute (no customer, tier anonymous, nothing owned, consent unknown) and its own
    funnel stage. Both carry their look-alike score and cohort when fct_lookalike_scores scored
    them. Value tiers rank buying customers by revenue: high the top fifth, medium the next two
    fifths, low the rest; none for a known customer without a confirmed order. -#}
with

cookies as (
    select distinct cookie_id
    from {{ ref('int_web__sessions') }}
),

customer_cookies as (
    select
        cookie_id,
        customer_id
    from {{ ref('dim_customer_cookies') }}
),

orders as (
    select
        customer_id,
        product_category,
        revenue_eur,
        margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

funnel_stages as (
    select
        subject_type,
        subject_id,
        stage,
        row_number() over (partition by subject_type, subject_id order by stage_month desc) as recency_rank
    from {{ ref('int_funnel__stages') }}
),

lookalike as (
    select
        subject_type,
        subject_id,
        seed_category,
        lookalike_score,
        lookalike_decile,
        case
            when lookalike_decile is not null
                then {{ crosschannel.lookalike_cohort('seed_category', 'lookalike_decile') }}
        end as lookalike_cohort,
        row_number() over (
            partition by subject_type, subject_id order by lookalike_score desc, seed_category asc
        ) as closeness_rank
    from {{ ref('fct_lookalike_scores') }}
),

consent as (
    select
        customer_id,
        consent_state
    from {{ ref('int_customers__consent') }}
),

customer_value as (
    select
        customer_id,
        cast(sum(revenue_eur) as decimal(18, 2)) as revenue_eur,
        cast(sum(margin_eur) as decimal(18, 2)) as margin_eur
    from orders
    group by customer_id
),

value_tiers as (
    select
        customer_id,
        revenue_eur,
        margin_eur,
        case ntile(5) over (order by revenue_eur desc, customer_id asc)
            when 1 then 'high'
            when 2 then 'medium'
            when 3 then 'medium'
            else 'low'
        end as value_tier
    from customer_value
),

bought_categories as (
    select distinct
        customer_id,
        product_category
    from orders
    where product_category is not null
),

owned_categories as (
    select
        customer_id,
        {{ dbt.listagg('product_category', "','", 'order by product_category') }} as owned_categories
    from bought_categories
    group by customer_id
),

final as (
    select
        cookies.cookie_id,
        customer_cookies.customer_id,
        customer_cookies.customer_id is not null and value_tiers.customer_id is not null as is_customer,
        customer_cookies.customer_id is null or value_tiers.customer_id is null as is_prospect,
        case
            when customer_cookies.customer_id is null then 'anonymous'
            else coalesce(value_tiers.value_tier, 'none')
        end as value_tier,
        value_tiers.revenue_eur as customer_revenue_eur,
        value_tiers.margin_eur as customer_margin_eur,
        coalesce(owned_categories.owned_categories, 'none') as owned_categories,
        coalesce(customer_stages.stage, cookie_stages.stage, 'none') as funnel_stage,
        coalesce(customer_lookalike.lookalike_score, cookie_lookalike.lookalike_score) as lookalike_score,
        coalesce(customer_lookalike.lookalike_decile, cookie_lookalike.lookalike_decile) as lookalike_decile,
        coalesce(customer_lookalike.seed_category, cookie_lookalike.seed_category, 'none') as lookalike_category,
        coalesce(customer_lookalike.lookalike_cohort, cookie_lookalike.lookalike_cohort, 'none') as lookalike_cohort,
        case
            when customer_cookies.customer_id is null then 'unknown'
            else coalesce(consent.consent_state, 'not_opted_in')
        end as personalisation_consent
    from cookies
    left join customer_cookies on cookies.cookie_id = customer_cookies.cookie_id
    left join value_tiers on customer_cookies.customer_id = value_tiers.customer_id
    left join owned_categories on customer_cookies.customer_id = owned_categories.customer_id
    left join funnel_stages as customer_stages
        on
            customer_stages.subject_type = 'customer'
            and customer_cookies.customer_id = customer_stages.subject_id
            and customer_stages.recency_rank = 1
    left join funnel_stages as cookie_stages
        on
            cookie_stages.subject_type = 'cookie'
            and cookies.cookie_id = cookie_stages.subject_id
            and cookie_stages.recency_rank = 1
    left join lookalike as customer_lookalike
        on
            customer_lookalike.subject_type = 'customer'
            and customer_cookies.customer_id = customer_lookalike.subject_id
            and customer_lookalike.closeness_rank = 1
    left join lookalike as cookie_lookalike
        on
            cookie_lookalike.subject_type = 'cookie'
            and cookies.cookie_id = cookie_lookalike.subject_id
            and cookie_lookalike.closeness_rank = 1
    left join consent on customer_cookies.customer_id = consent.customer_id
)

select * from final
