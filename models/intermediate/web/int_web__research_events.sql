{#- The web research of known customers: every crosschannel__ropo_research_event_types event on a
    product (viewed, or a lead started or sent on it), with its category, its session's channel
    and campaign, and whether its cookie ever carried a login (of at most
    crosschannel__max_accounts_per_cookie accounts). What ROPO and online-started leads look back
    on; the login flag is what mart_ropo_estimate's capture rate is about.

    Incremental by cookie: a run writes again (computed_at) every research event of the cookies
    int_web__sessions wrote since its last run (restaged, or of another customer, campaign or store
    now; a cookie's logins come with its events, so a login restages it) and of the cookies with an
    event on a product whose category no kept row shows (changed, newly known, or no longer known).
    A pre-hook first deletes the kept rows of the cookies sessions wrote since (a cookie may have
    become anonymous, and keep no row) and of the products whose category changed. -#}
{%- set research_event_types = "'" ~ var('crosschannel__ropo_research_event_types') | join("', '") ~ "'" -%}
{%- set incremental_config = crosschannel.incremental_by_key_config('cookie_id') -%}
{{ config(
    uncompressed_columns=['event_id'],
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept where kept.cookie_id in ("
            ~ " select sessions.cookie_id from {{ ref('int_web__sessions') }} as sessions"
            ~ " where sessions.computed_at > (select max(computed_at) from {{ this }})"
            ~ ") or kept.product_category is distinct from ("
            ~ " select products.product_category from {{ ref('stg_sales__products') }} as products"
            ~ " where products.product_id = kept.product_id)"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    **incremental_config
) }}
with

events as (
    select
        event_id,
        event_at,
        session_id,
        cookie_id,
        site_id,
        event_type,
        product_id
    from {{ ref('int_web__sessionized_events') }}
    where event_type in ({{ research_event_types }})
),

sessions as (
    select
        session_id,
        customer_id,
        channel,
        campaign_id
    from {{ ref('int_web__sessions') }}
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

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

rewritten_cookies as (
    select distinct cookie_id
    from {{ ref('int_web__sessions') }}
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

kept_product_categories as (
    select distinct
        product_id,
        product_category
    from {{ this }}
),

-- A product whose category no kept row shows, or a kept one staging no longer shows with it.
changed_products as (
    select coalesce(products.product_id, kept.product_id) as product_id
    from products
    full join kept_product_categories as kept
        on
            products.product_id = kept.product_id
            and products.product_category is not distinct from kept.product_category
    where products.product_id is null or kept.product_id is null
),

affected_cookies as (
    select cookie_id from rewritten_cookies
    union
    -- The events read again rather than through the events CTE, which a second reference would materialise.
    select cookie_id
    from {{ ref('int_web__sessionized_events') }}
    where product_id in (select changed_products.product_id from changed_products)
),

{% endif -%}
final as (
    select
        events.event_id,
        events.event_at,
        events.event_type,
        sessions.customer_id,
        events.session_id,
        events.cookie_id,
        events.site_id,
        events.product_id,
        products.product_category,
        sessions.channel,
        sessions.campaign_id,
        logged_in_cookies.cookie_id is not null as is_logged_in_cookie,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from events
    inner join sessions on events.session_id = sessions.session_id
    inner join products on events.product_id = products.product_id
    left join logged_in_cookies on events.cookie_id = logged_in_cookies.cookie_id
    where
        sessions.customer_id is not null
    {%- if is_incremental() %}
        and events.cookie_id in (select affected_cookies.cookie_id from affected_cookies)
    {%- endif %}
)

select * from final
