{#- The record-to-customer map: one row per staged back-office record and lead, and per
    back-office id an order or a lead names that no staged record carries. -#}
with

nodes as (
    select
        node_id,
        node_type,
        source_record_id,
        is_staged_record
    from {{ ref('int_identity__nodes') }}
    where node_type in ('web', 'store', 'crm', 'lead')
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

final as (
    select
        nodes.node_type as source_system,
        nodes.source_record_id,
        customer_ids.customer_id,
        nodes.is_staged_record
    from nodes
    inner join customer_ids on nodes.node_id = customer_ids.node_id
)

select * from final
