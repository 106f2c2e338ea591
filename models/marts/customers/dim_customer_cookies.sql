{#- The cookie-to-customer map: every cookie a login or a web lead ties to a customer. Cookies
    absent from it are anonymous visitors. -#}
with

nodes as (
    select
        node_id,
        source_record_id as cookie_id
    from {{ ref('int_identity__nodes') }}
    where node_type = 'cookie'
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

final as (
    select
        nodes.cookie_id,
        customer_ids.customer_id
    from nodes
    inner join customer_ids on nodes.node_id = customer_ids.node_id
)

select * from final
