{{ config(
    materialized='incremental',
    full_refresh=false,
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ crosschannel.erased_rows_deletion('customer', ['from_customer_id', 'to_customer_id']) }}",
) }}
{#- The merge log: one row per customer id that changed, per (from, to) pair and run. A merge:
    records of from_customer_id joined a cluster that kept the older to_customer_id, through the
    link rules listed. A split: records of from_customer_id, which lives on elsewhere, left it for
    to_customer_id. A run on unchanged data adds nothing. The merges of erased customers are
    deleted from it. -#}
with

customer_ids as (
    select
        node_id,
        component_id,
        customer_id,
        previous_customer_id
    from {{ ref('int_identity__customer_ids') }}
),

edges as (
    select
        node_id_a,
        node_id_b,
        key_type
    from {{ ref('fct_customer_links') }}
),

edge_ends as (
    select
        node_id_a as node_id,
        node_id_b as other_node_id,
        key_type
    from edges
    union all
    select
        node_id_b as node_id,
        node_id_a as other_node_id,
        key_type
    from edges
),

moved_nodes as (
    select
        previous_customer_id as from_customer_id,
        customer_id as to_customer_id,
        count(*) as records_moved
    from customer_ids
    where previous_customer_id is not null and previous_customer_id <> customer_id
    group by previous_customer_id, customer_id
),

surviving_ids as (
    select distinct customer_id
    from customer_ids
),

-- Edges from a node that was in from_customer_id to a node of the same cluster that was not:
-- the links that bridged the two customers. Only the edges of moved nodes can explain a move:
-- the others would group under from = to, which no move has (and are millions at scale).
bridging_rules as (
    select
        end_a.previous_customer_id as from_customer_id,
        end_a.customer_id as to_customer_id,
        {{ dbt.listagg('distinct edge_ends.key_type', "', '", "order by edge_ends.key_type") }}
            as link_rules
    from edge_ends
    inner join customer_ids as end_a on edge_ends.node_id = end_a.node_id
    inner join customer_ids as end_b on edge_ends.other_node_id = end_b.node_id
    where
        end_a.previous_customer_id <> end_a.customer_id
        and end_a.previous_customer_id <> coalesce(end_b.previous_customer_id, '')
    group by end_a.previous_customer_id, end_a.customer_id
),

final as (
    select
        moved_nodes.from_customer_id,
        moved_nodes.to_customer_id,
        case when surviving_ids.customer_id is null then 'merge' else 'split' end as change_type,
        moved_nodes.records_moved,
        bridging_rules.link_rules as merge_rule,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
            as merged_at
    from moved_nodes
    left join surviving_ids on moved_nodes.from_customer_id = surviving_ids.customer_id
    left join bridging_rules
        on
            moved_nodes.from_customer_id = bridging_rules.from_customer_id
            and moved_nodes.to_customer_id = bridging_rules.to_customer_id
)

select * from final
