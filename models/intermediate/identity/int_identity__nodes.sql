{#- The identity graph's nodes: every staged back-office record and lead, every back-office id
    an order or a lead names that no staged record carries (a customer known by id only), and
    every cookie that an edge links to someone. Anonymous cookies are visitors, not customers. -#}
{{ config(uncompressed_columns=['node_id', 'source_record_id']) }}
with

records as (
    select
        node_id,
        source_system as node_type,
        source_record_id
    from {{ ref('int_identity__keyed_records') }}
),

orders as (
    select
        source_system,
        source_customer_id
    from {{ ref('stg_sales__orders') }}
    where source_system is not null and source_customer_id is not null
),

edges as (
    select
        node_id_a,
        node_id_b
    from {{ ref('int_identity__edges') }}
),

edge_ends as (
    select node_id_a as node_id from edges
    union
    select node_id_b from edges
),

order_customers as (
    select distinct source_system || ':' || source_customer_id as node_id
    from orders
),

referenced as (
    select node_id from edge_ends
    union
    select node_id from order_customers
),

unstaged as (
    select
        referenced.node_id,
        split_part(referenced.node_id, ':', 1) as node_type,
        substr(referenced.node_id, length(split_part(referenced.node_id, ':', 1)) + 2)
            as source_record_id
    from referenced
    left join records on referenced.node_id = records.node_id
    where records.node_id is null
),

final as (
    select
        node_id,
        node_type,
        source_record_id,
        true as is_staged_record
    from records
    union all
    select
        node_id,
        node_type,
        source_record_id,
        false as is_staged_record
    from unstaged
)

select * from final
