{#- Web behaviour of every customer and anonymous cookie active on the web in the three months
    before each look-alike cutoff (int_scores__lookalike_cutoffs: the current one, and the
    backtest one), described the same way for both so that one lookalike model scores them all:
    events, product views (of the seed category and overall), categories viewed, carts, lead
    forms, active days and days since the last visit. Customers who bought the seed category
    (crosschannel__lookalike_seed_category; by default the category most bought in the twelve
    months before the current cutoff, for both cutoffs) in the twelve months before the cutoff
    are the seed audience. -#}
{%- set seed_category = var('crosschannel__lookalike_seed_category') -%}
with

cutoffs as (
    select
        cutoff_date,
        cutoff_role
    from {{ ref('int_scores__lookalike_cutoffs') }}
),

web_events as (
    select
        subject_type,
        subject_id,
        activity_type,
        product_category,
        {{ crosschannel.reporting_date('activity_at') }} as activity_date
    from {{ ref('int_funnel__activities') }}
    where activity_source = 'web_event' and subject_type in ('customer', 'cookie')
),

orders as (
    select
        customer_id,
        product_category,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null and product_category is not null
),

customers as (
    select
        customer_id,
        has_email_opt_in
    from {{ ref('int_customers__consent') }}
),

recent_orders as (
    select
        cutoffs.cutoff_date,
        orders.customer_id,
        orders.product_category
    from orders
    inner join cutoffs
        on
            orders.order_date < cutoffs.cutoff_date
            and orders.order_date >= cast({{ dbt.dateadd('month', -12, 'cutoffs.cutoff_date') }} as date)
),

most_bought as (
    select product_category
    from (
        select
            recent_orders.product_category,
            row_number() over (order by count(*) desc, recent_orders.product_category asc) as popularity_rank
        from recent_orders
        inner join cutoffs on recent_orders.cutoff_date = cutoffs.cutoff_date
        where cutoffs.cutoff_role = 'scoring'
        group by recent_orders.product_category
    ) as ranked
    where popularity_rank = 1
),

-- One seed category for every cutoff, chosen at the current one: the backtest measures the
-- audience as it is defined now.
seed_category as (
    select
        cutoffs.cutoff_date,
        cutoffs.cutoff_role,
        coalesce(
            {{ "'" ~ seed_category ~ "'" if seed_category else 'cast(null as ' ~ dbt.type_string() ~ ')' }},
            (select most_bought.product_category from most_bought)
        ) as product_category
    from cutoffs
),

seed_buyers as (
    select distinct
        recent_orders.cutoff_date,
        recent_orders.customer_id
    from recent_orders
    inner join seed_category
        on
            recent_orders.cutoff_date = seed_category.cutoff_date
            and recent_orders.product_category = seed_category.product_category
),

recent_events as (
    select
        web_events.subject_type,
        web_events.subject_id,
        web_events.activity_type,
        web_events.product_category,
        web_events.activity_date,
        cutoffs.cutoff_date,
        web_events.product_category = seed_category.product_category as is_seed_category
    from web_events
    inner join cutoffs
        on
            web_events.activity_date < cutoffs.cutoff_date
            and web_events.activity_date >= cast({{ dbt.dateadd('month', -3, 'cutoffs.cutoff_date') }} as date)
    inner join seed_category on cutoffs.cutoff_date = seed_category.cutoff_date
),

profiles as (
    select
        subject_type,
        subject_id,
        cutoff_date,
        count(*) as web_events_3m,
        count(case when activity_type = 'product_view' then 1 end) as product_views_3m,
        count(
            case when activity_type = 'product_view' and is_seed_category then 1 end
        ) as seed_category_views_3m,
        count(distinct product_category) as categories_viewed_3m,
        count(case when activity_type = 'add_to_cart' then 1 end) as add_to_carts_3m,
        count(case when activity_type in ('lead_start', 'lead_submit') then 1 end) as lead_form_events_3m,
        count(distinct activity_date) as active_days_3m,
        max(activity_date) as last_visit_date
    from recent_events
    group by subject_type, subject_id, cutoff_date
),

final as (
    select
        profiles.subject_type,
        profiles.subject_id,
        profiles.cutoff_date,
        seed_category.cutoff_role,
        seed_category.product_category as seed_category,
        profiles.web_events_3m,
        profiles.product_views_3m,
        profiles.seed_category_views_3m,
        profiles.categories_viewed_3m,
        profiles.add_to_carts_3m,
        profiles.lead_form_events_3m,
        profiles.active_days_3m,
        {{ dbt.datediff('profiles.last_visit_date', 'profiles.cutoff_date', 'day') }}
            as days_since_last_visit,
        case when profiles.subject_type = 'customer' then seed_buyers.customer_id is not null end
            as is_seed_buyer,
        case when profiles.subject_type = 'customer' then coalesce(customers.has_email_opt_in, false) end
            as has_email_opt_in
    from profiles
    inner join seed_category on profiles.cutoff_date = seed_category.cutoff_date
    left join seed_buyers
        on
            profiles.subject_type = 'customer'
            and profiles.cutoff_date = seed_buyers.cutoff_date
            and profiles.subject_id = seed_buyers.customer_id
    left join customers
        on
            profiles.subject_type = 'customer'
            and profiles.subject_id = customers.customer_id
)

select * from final
