{#- Each known customer's web behaviour as of the end of the data (int_activation__as_of: a build
    of the same data gives the same values, whenever it runs), for the CRM and the web
    profiles: recency of the last visit and research, visits and product views over the last 30
    and 90 days, the category of most interest and the last product viewed over the last
    crosschannel__activation_window_days, the last product researched there and not bought since,
    and an online lead started there and never sent. Customers with no session are absent. -#}
{%- set window_days = var('crosschannel__activation_window_days') %}
with

sessions as (
    select
        customer_id,
        session_id,
        session_start_at,
        session_end_at,
        product_views
    from {{ ref('int_web__sessions') }}
    where customer_id is not null
),

research_events as (
    select
        customer_id,
        event_id,
        event_at,
        event_type,
        product_id,
        product_category
    from {{ ref('int_web__research_events') }}
),

lead_events as (
    select
        session_id,
        event_id,
        event_at,
        event_type,
        lead_id
    from {{ ref('int_web__sessionized_events') }}
    where event_type in ('lead_start', 'lead_submit') and lead_id is not null
),

orders as (
    select
        customer_id,
        ordered_at,
        product_id
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

data_end as (
    select as_of_at
    from {{ ref('int_activation__as_of') }}
),

visits as (
    select
        sessions.customer_id,
        max(sessions.session_start_at) as last_visit_at,
        count(case when sessions.session_start_at > data_end.as_of_at - interval 30 day then 1 end)
            as visits_30d,
        count(case when sessions.session_start_at > data_end.as_of_at - interval 90 day then 1 end)
            as visits_90d,
        coalesce(sum(case
            when sessions.session_start_at > data_end.as_of_at - interval 30 day then sessions.product_views
        end), 0) as product_views_30d,
        coalesce(sum(case
            when sessions.session_start_at > data_end.as_of_at - interval 90 day then sessions.product_views
        end), 0) as product_views_90d
    from sessions
    cross join data_end
    group by sessions.customer_id
),

recent_research as (
    select research_events.*
    from research_events
    cross join data_end
    where research_events.event_at > data_end.as_of_at - interval {{ window_days }} day
),

category_interest as (
    select
        customer_id,
        product_category,
        count(*) as research_events,
        max(event_at) as last_event_at
    from recent_research
    where product_category is not null
    group by customer_id, product_category
),

ranked_interest as (
    select
        customer_id,
        product_category,
        row_number() over (
            partition by customer_id order by research_events desc, last_event_at desc, product_category asc
        ) as interest_rank
    from category_interest
),

main_interest as (
    select
        customer_id,
        product_category as main_interest_category
    from ranked_interest
    where interest_rank = 1
),

ranked_views as (
    select
        customer_id,
        product_id,
        row_number() over (partition by customer_id order by event_at desc, event_id desc) as view_rank
    from recent_research
    where event_type = 'product_view'
),

last_viewed as (
    select
        customer_id,
        product_id as last_viewed_product_id
    from ranked_views
    where view_rank = 1
),

bought_after_research as (
    select distinct recent_research.event_id
    from recent_research
    inner join orders
        on
            recent_research.customer_id = orders.customer_id
            and recent_research.product_id = orders.product_id
            and recent_research.event_at <= orders.ordered_at
),

unbought_research as (
    select
        recent_research.customer_id,
        recent_research.product_id,
        row_number() over (
            partition by recent_research.customer_id
            order by recent_research.event_at desc, recent_research.event_id desc
        ) as research_rank
    from recent_research
    left join bought_after_research on recent_research.event_id = bought_after_research.event_id
    where bought_after_research.event_id is null
),

researched_not_bought as (
    select
        customer_id,
        product_id as researched_not_bought_product_id
    from unbought_research
    where research_rank = 1
),

last_research as (
    select
        customer_id,
        max(event_at) as last_research_at
    from research_events
    group by customer_id
),

submitted_leads as (
    select distinct lead_id
    from lead_events
    where event_type = 'lead_submit'
),

unfinished_leads as (
    select distinct sessions.customer_id
    from lead_events as lead_starts
    inner join sessions on lead_starts.session_id = sessions.session_id
    cross join data_end
    left join submitted_leads on lead_starts.lead_id = submitted_leads.lead_id
    where
        lead_starts.event_type = 'lead_start'
        and lead_starts.event_at > data_end.as_of_at - interval {{ window_days }} day
        and submitted_leads.lead_id is null
),

final as (
    select
        visits.customer_id,
        data_end.as_of_at,
        visits.last_visit_at,
        last_research.last_research_at,
        {{ crosschannel.days_between('visits.last_visit_at', 'data_end.as_of_at') }} as days_since_last_visit,
        {{ crosschannel.days_between('last_research.last_research_at', 'data_end.as_of_at') }}
            as days_since_last_research,
        visits.visits_30d,
        visits.visits_90d,
        cast(visits.product_views_30d as bigint) as product_views_30d,
        cast(visits.product_views_90d as bigint) as product_views_90d,
        main_interest.main_interest_category,
        last_viewed.last_viewed_product_id,
        researched_not_bought.researched_not_bought_product_id,
        unfinished_leads.customer_id is not null as has_unfinished_online_lead
    from visits
    cross join data_end
    left join last_research on visits.customer_id = last_research.customer_id
    left join main_interest on visits.customer_id = main_interest.customer_id
    left join last_viewed on visits.customer_id = last_viewed.customer_id
    left join researched_not_bought on visits.customer_id = researched_not_bought.customer_id
    left join unfinished_leads on visits.customer_id = unfinished_leads.customer_id
)

select * from final
