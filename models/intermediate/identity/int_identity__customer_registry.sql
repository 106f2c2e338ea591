{{ config(
    materialized='incremental',
    full_refresh=false,
    unique_key='node_id',
    incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
    post_hook="{{ crosschannel.erased_rows_deletion('node', ['node_id']) }}",
) }}
{#- The node -> customer_id assignment of the last run: what int_identity__customer_ids reads to
    keep ids stable. Incremental so that it outlives rebuilds, --full-refresh included (dropping
    the table forgets it: ids are then derived afresh from the clusters). The nodes of erased persons are deleted from it.
    A run writes only the nodes whose assignment it changed (a new node, a merge, a split), so
    assigned_at tells a later model which nodes changed customer since its own last run.
    Spark's Parquet tables offer no delete+insert (merge needs Delta or Iceberg): there the
    registry is rewritten whole each run, forgetting nodes absent from the run. -#}
with

customer_ids as (
    select
        node_id,
        customer_id,
        customer_created_at
    from {{ ref('int_identity__customer_ids') }}
),

final as (
    select
        customer_ids.node_id,
        customer_ids.customer_id,
        customer_ids.customer_created_at,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
            as assigned_at
    from customer_ids
    {%- if is_incremental() and target.type != 'spark' %}
    left join {{ this }} as kept on customer_ids.node_id = kept.node_id
    where
        kept.node_id is null
        or kept.customer_id <> customer_ids.customer_id
        or kept.customer_created_at is distinct from customer_ids.customer_created_at
    {%- endif %}
)

select * from final
