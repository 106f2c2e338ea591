{#- Why each customer is one: every edge of the identity graph between two of its records (or
    cookies), and every profile key that joined two of the first pass's clusters (between the
    records that supply it), with the rule and the key type that made it. Keys are named, never
    shown. -#}
with

edges as (
    select
        node_id_a,
        node_id_b,
        link_rule,
        key_type
    from {{ ref('int_identity__edges') }}
),

profile_links as (
    select
        node_id_a,
        node_id_b,
        'unique_profile_key' as link_rule,
        key_type
    from {{ ref('int_identity__profile_candidates') }}
    where rejection_reason is null
),

links as (
    select * from edges
    union all
    select * from profile_links
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

final as (
    select
        customer_ids.customer_id,
        links.node_id_a,
        links.node_id_b,
        links.link_rule,
        links.key_type
    from links
    inner join customer_ids on links.node_id_a = customer_ids.node_id
)

select * from final
