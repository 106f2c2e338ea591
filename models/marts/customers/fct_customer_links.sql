{#- Why each customer is one: every edge of the identity graph between two of its records (or
    cookies), with the rule and the key type that made it. Keys are named, never shown. -#}
with

edges as (
    select
        node_id_a,
        node_id_b,
        link_rule,
        key_type
    from {{ ref('int_identity__edges') }}
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
        edges.node_id_a,
        edges.node_id_b,
        edges.link_rule,
        edges.key_type
    from edges
    inner join customer_ids on edges.node_id_a = customer_ids.node_id
)

select * from final
