{#- Every web event an audience rule reads, with the member it belongs to: the customer when the
    session is known, else the anonymous cookie. Intents are product views and online lead
    starts on a product whose category staging knows; conversions are sent lead forms and web
    orders. Read by mart_audiences (at the end of the data) and mart_campaign_audience_lift (at
    each campaign's start).

    Incremental by event: a row is written again (computed_at) only when something it is made of
    may have changed since the last run. A run computes again the events staged since and every
    event of their cookies (sessionised again, an event may move to another session), the events of
    the sessions int_web__sessions wrote since (among them every session whose customer changed: a
    merge, a split, a login), those of the products whose category changed or that no kept row
    shows, and the conversions on a product staging no longer knows. A pre-hook first deletes the kept rows of the events staged since and of the products
    whose category changed: such an event may no longer be one an audience rule reads. -#}
{#- The event types an audience rule reads, by role (a list of SQL literals). -#}
{%- set intent_event_types = "'product_view', 'lead_start'" -%}
{%- set conversion_event_types = "'lead_submit', 'order'" -%}
{%- set incremental_config = crosschannel.incremental_by_key_config('event_id') -%}
{%- set last_computed_at = '(select max(computed_at) from {{ this }})' -%}
{{ config(
    uncompressed_columns=['event_id'],
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept where kept.event_id in ("
            ~ " select restaged.event_id from {{ ref('base_web__events') }} as restaged"
            ~ " where restaged.staged_at > " ~ last_computed_at
            ~ ") or kept.product_category is distinct from ("
            ~ " select products.product_category from {{ ref('stg_sales__products') }} as products"
            ~ " where products.product_id = kept.product_id)"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    **incremental_config
) }}
-- depends_on: {{ ref('base_web__events') }}

with

sessions as (
    select
        session_id,
        cookie_id,
        customer_id
    from {{ ref('int_web__sessions') }}
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

restaged_events as (
    select
        event_id,
        cookie_id
    from {{ ref('base_web__events') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- The sessions int_web__sessions wrote since: every session whose customer changed (a merge, a split, a
-- login) is among them.
rewritten_sessions as (
    select session_id
    from {{ ref('int_web__sessions') }}
    where computed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- What the kept rows were made of, compared with what it is now.

kept_product_categories as (
    select distinct
        product_id,
        product_category
    from {{ this }}
    where product_id is not null
),

-- Conversions kept on a product staging does not know: computed again only when something else changed.
kept_unknown_product_conversions as (
    select event_id
    from {{ this }}
    where product_id is not null and product_category is null
),

-- Products whose category no kept row shows: changed (the pre-hook deleted the rows of the old one),
-- or never kept (an event on it may count now).
changed_products as (
    select products.product_id
    from products
    left join kept_product_categories as kept
        on
            products.product_id = kept.product_id
            and products.product_category is not distinct from kept.product_category
    where kept.product_id is null
),

{% endif -%}
rule_events as (
    select
        session_id,
        cookie_id,
        event_id,
        event_at,
        event_type,
        site_id,
        product_id
    from {{ ref('int_web__sessionized_events') }}
    where event_type in ({{ intent_event_types }}, {{ conversion_event_types }})
),

-- The events to compute, filtered before the joins: a daily run joins its few rows, not all of them.
-- Semi-joins (in), not correlated exists: DuckDB decorrelates those through the distinct keys of every event.
events as (
    select
        session_id,
        event_id,
        event_at,
        event_type,
        site_id,
        product_id
    from rule_events
    {%- if is_incremental() %}
    where
        event_id in (select restaged_events.event_id from restaged_events)
        or cookie_id in (select restaged_events.cookie_id from restaged_events)
        or session_id in (select rewritten_sessions.session_id from rewritten_sessions)
        or product_id in (select changed_products.product_id from changed_products)
        -- A conversion on a product staging no longer knows: the pre-hook deleted its row (it showed a
        -- category), and the conversion stays without one (an intent goes).
        or (
            event_type in ({{ conversion_event_types }})
            and product_id not in (select products.product_id from products)
            and event_id not in (select kept.event_id from kept_unknown_product_conversions as kept)
        )
    {%- endif %}
),

final as (
    select
        case when sessions.customer_id is null then 'cookie' else 'customer' end as member_type,
        coalesce(sessions.customer_id, sessions.cookie_id) as member_id,
        sessions.customer_id,
        events.event_id,
        events.session_id,
        events.event_at,
        events.event_type,
        case when events.event_type in ({{ conversion_event_types }}) then 'conversion' else 'intent' end as event_role,
        events.site_id,
        events.product_id,
        products.product_category,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from events
    inner join sessions on events.session_id = sessions.session_id
    left join products on events.product_id = products.product_id
    where events.event_type in ({{ conversion_event_types }}) or products.product_category is not null
)

select * from final
