{#- Every web event an audience rule reads, with the member it belongs to: the customer when the
    session is known, else the anonymous cookie. Intents are product views and online lead
    starts on a product whose category staging knows; conversions are sent lead forms and web
    orders. Read by mart_audiences (at the end of the data) and mart_campaign_audience_lift (at
    each campaign's start). -#}
{{ config(uncompressed_columns=['event_id']) }}
with

sessions as (
    select
        session_id,
        cookie_id,
        customer_id
    from {{ ref('int_web__sessions') }}
),

events as (
    select
        session_id,
        event_id,
        event_at,
        event_type,
        site_id,
        product_id
    from {{ ref('int_web__sessionized_events') }}
    where event_type in ('product_view', 'lead_start', 'lead_submit', 'order')
),

products as (
    select
        product_id,
        product_category
    from {{ ref('stg_sales__products') }}
),

final as (
    select
        case when sessions.customer_id is null then 'cookie' else 'customer' end as member_type,
        coalesce(sessions.customer_id, sessions.cookie_id) as member_id,
        sessions.customer_id,
        events.event_id,
        events.event_at,
        events.event_type,
        case when events.event_type in ('lead_submit', 'order') then 'conversion' else 'intent' end as event_role,
        events.site_id,
        events.product_id,
        products.product_category
    from events
    inner join sessions on events.session_id = sessions.session_id
    left join products on events.product_id = products.product_id
    where events.event_type in ('lead_submit', 'order') or products.product_category is not null
)

select * from final
