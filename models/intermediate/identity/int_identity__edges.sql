{#- The identity graph's edges, each labelled with the rule that made it: two records sharing a
    match key that passed the pair checks, two records one typing error apart where enough else
    agrees (int_identity__typo_pairs; key_type names the tolerated error), a lead and the back-office record it names, an order's
    customer and the lead the order converts, a cookie and the web account logged in on it, a web
    lead and its cookie. A cookie logged into more
    accounts than crosschannel__max_accounts_per_cookie is a shared computer and links nobody. -#}
{{ config(uncompressed_columns=['node_id_a', 'node_id_b']) }}
with

linked_pairs as (
    select
        node_id_a,
        node_id_b,
        key_type
    from {{ ref('int_identity__candidate_pairs') }}
    where rejection_reason is null
),

typo_pairs as (
    select
        node_id_a,
        node_id_b,
        typo_rule
    from {{ ref('int_identity__typo_pairs') }}
    where rejection_reason is null
),

leads as (
    select
        lead_id,
        source_system,
        source_customer_id,
        cookie_id
    from {{ ref('stg_sales__leads') }}
),

converting_orders as (
    select distinct
        lead_id,
        source_system,
        source_customer_id
    from {{ ref('stg_sales__orders') }}
    where lead_id is not null and source_customer_id is not null and source_system is not null
),

logins as (
    select
        cookie_id,
        account_id,
        accounts_on_cookie
    from {{ ref('int_identity__cookie_logins') }}
),

shared_cookies as (
    select distinct cookie_id
    from logins
    where accounts_on_cookie > {{ var('crosschannel__max_accounts_per_cookie') }}
),

key_edges as (
    select
        node_id_a,
        node_id_b,
        'shared_match_key' as link_rule,
        key_type
    from linked_pairs
),

typo_edges as (
    select
        node_id_a,
        node_id_b,
        'one_typing_error' as link_rule,
        typo_rule as key_type
    from typo_pairs
),

lead_customer_edges as (
    select
        'lead:' || lead_id as node_id_a,
        source_system || ':' || source_customer_id as node_id_b,
        'lead_source_customer' as link_rule,
        'source_customer_id' as key_type
    from leads
    where source_customer_id is not null and source_system is not null
),

order_lead_edges as (
    select
        'lead:' || lead_id as node_id_a,
        source_system || ':' || source_customer_id as node_id_b,
        'order_converts_lead' as link_rule,
        'lead_id' as key_type
    from converting_orders
),

login_edges as (
    select
        'cookie:' || cookie_id as node_id_a,
        'web:' || account_id as node_id_b,
        'cookie_login' as link_rule,
        'cookie_id' as key_type
    from logins
    where accounts_on_cookie <= {{ var('crosschannel__max_accounts_per_cookie') }}
),

lead_cookie_edges as (
    select
        'cookie:' || leads.cookie_id as node_id_a,
        'lead:' || leads.lead_id as node_id_b,
        'lead_cookie' as link_rule,
        'cookie_id' as key_type
    from leads
    left join shared_cookies on leads.cookie_id = shared_cookies.cookie_id
    where leads.cookie_id is not null and shared_cookies.cookie_id is null
),

final as (
    select * from key_edges
    union all
    select * from typo_edges
    union all
    select * from lead_customer_edges
    union all
    select * from order_lead_edges
    union all
    select * from login_edges
    union all
    select * from lead_cookie_edges
)

select * from final
