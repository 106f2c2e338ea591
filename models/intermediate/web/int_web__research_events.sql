{#- The web research of known customers: every crosschannel__ropo_research_event_types event on a
    product (viewed, or a lead started or sent on it), with its category, its session's channel
    and campaign, and whether its cookie ever carried a login (of at most
    crosschannel__max_accounts_per_cookie accounts). What ROPO and online-started leads look back
    on; the login flag is what mart_ropo_estimate's capture rate is about. -#}
{{ config(uncompressed_columns=['event_id']) }}
with

events as (
    select
        event_id,
        event_at,
        session_id,
        site_id,
        event_type,
        product_id
    from {{ ref('int_web__sessionized_events') }}
    where event_type in (
        {%- for event_type in var('crosschannel__ropo_research_event_types') %}
            '{{ event_type }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
),

sessions as (
    select
        session_id,
        cookie_id,
        customer_id,
        channel,
        campaign_id
    from {{ ref('int_web__sessions') }}
    where customer_id is not null
),

logged_in_cookies as (
    select distinct cookie_id
    from {{ ref('int_identity__cookie_logins') }}
    where accounts_on_cookie <= {{ var('crosschannel__max_accounts_per_cookie') }}
),

products as (
    select
        product_id,
        product_category
    from {{ ref('stg_sales__products') }}
),

final as (
    select
        events.event_id,
        events.event_at,
        events.event_type,
        sessions.customer_id,
        events.session_id,
        events.site_id,
        events.product_id,
        products.product_category,
        sessions.channel,
        sessions.campaign_id,
        logged_in_cookies.cookie_id is not null as is_logged_in_cookie
    from events
    inner join sessions on events.session_id = sessions.session_id
    inner join products on events.product_id = products.product_id
    left join logged_in_cookies on sessions.cookie_id = logged_in_cookies.cookie_id
)

select * from final
