{{ config(
    materialized='incremental',
    full_refresh=false,
    unique_key='node_id',
    incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
    on_schema_change='append_new_columns',
    post_hook="{{ crosschannel.erased_rows_deletion('node', ['node_id']) }}",
) }}
{#- The node -> customer_id assignment of the last run: what int_identity__customer_ids reads to
    keep ids stable. Incremental so that it outlives rebuilds, --full-refresh included (dropping
    the table forgets it: ids are then derived afresh from the clusters). The nodes of erased persons are deleted from it.
    A run writes only the nodes whose assignment it changed (a new node, a merge, a split, a node
    that left the graph or came back to it), so assigned_at tells a later model which nodes
    changed customer since its own last run. A node that left the graph (its last edge gone: a
    lead re-sent with another cookie) keeps its customer_id, flagged in_graph false, so that the
    id is found again if it comes back. New columns are appended to a kept registry (it cannot be
    rebuilt without forgetting the ids).
    Spark's Parquet tables offer no delete+insert (merge needs Delta or Iceberg): there the
    registry is rewritten whole each run, forgetting nodes absent from the run. -#}
{#- A registry kept from before in_graph existed gets the column appended by this run (on_schema_change);
    until then its rows read NULL. -#}
{%- set kept_in_graph = 'in_graph' -%}
{%- if execute and is_incremental() and not crosschannel.in_unit_test() -%}
    {%- set kept_column_names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if 'in_graph' not in kept_column_names -%}
        {%- set kept_in_graph = 'cast(null as boolean) as in_graph' -%}
    {%- endif -%}
{%- endif %}
with

customer_ids as (
    select
        node_id,
        customer_id,
        customer_created_at
    from {{ ref('int_identity__customer_ids') }}
),

{% if is_incremental() and target.type != 'spark' -%}
kept as (
    select
        node_id,
        customer_id,
        customer_created_at,
        {{ kept_in_graph }}
    from {{ this }}
),

-- One join finds both the nodes assigned anew and the nodes that left the graph. A kept row written
-- before in_graph existed (NULL) was in the graph when written.
{% endif -%}
changes as (
    {%- if is_incremental() and target.type != 'spark' %}
    select
        coalesce(customer_ids.node_id, kept.node_id) as node_id,
        coalesce(customer_ids.customer_id, kept.customer_id) as customer_id,
        coalesce(customer_ids.customer_created_at, kept.customer_created_at) as customer_created_at,
        customer_ids.node_id is not null as in_graph
    from customer_ids
    full outer join kept on customer_ids.node_id = kept.node_id
    where
        (customer_ids.node_id is null and kept.in_graph is distinct from false)
        or (
            customer_ids.node_id is not null
            and (
                kept.node_id is null
                or kept.in_graph = false
                or kept.customer_id <> customer_ids.customer_id
                or kept.customer_created_at is distinct from customer_ids.customer_created_at
            )
        )
    {%- else %}
        select
            node_id,
            customer_id,
            customer_created_at,
            true as in_graph
        from customer_ids
    {%- endif %}
),

final as (
    select
        node_id,
        customer_id,
        customer_created_at,
        {{ crosschannel.run_started_timestamp() }} as assigned_at,
        in_graph
    from changes
)

select * from final
