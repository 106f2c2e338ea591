{#- Every node with its customer_id, kept stable across runs by the previous run's registry
    (int_identity__customer_registry, read by name: it is built from this model). A cluster
    keeps the oldest customer_id among its nodes' previous ids; the other ids are merged into
    it. An id whose nodes now sit in several clusters stays with the cluster holding most of
    them; the other clusters are split off under new ids. A new cluster's id is derived from its
    smallest node id (a split-off part's also from the id it leaves), so a rebuild from nothing
    gives the same ids.

    The registry is read through adapter.get_relation, not ref(): it is built from this model, so
    a ref would be a cycle that dbt refuses. The read sees the table the previous run left (or
    nothing on a first build, when every id is derived afresh); the DAG does not show this edge. -#}
{{ config(uncompressed_columns=['node_id', 'component_id', 'customer_id']) }}
{%- set registry = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_identity__customer_registry'
) -%}

with

clusters as (
    select
        node_id,
        component_id
    from {{ ref('int_identity__customer_clusters') }}
),

previous_assignments as (
    {%- if registry is not none %}
    select
        node_id,
        customer_id,
        customer_created_at
    from {{ registry }}
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as node_id,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_timestamp() }}) as customer_created_at
        where false
    {%- endif %}
),

nodes_with_history as (
    select
        clusters.node_id,
        clusters.component_id,
        previous_assignments.customer_id as previous_customer_id,
        previous_assignments.customer_created_at as previous_customer_created_at
    from clusters
    left join previous_assignments on clusters.node_id = previous_assignments.node_id
),

previous_ids_by_cluster as (
    select
        component_id,
        previous_customer_id,
        min(previous_customer_created_at) as customer_created_at,
        count(*) as nodes_kept
    from nodes_with_history
    where previous_customer_id is not null
    group by component_id, previous_customer_id
),

previous_id_holders as (
    select
        *,
        row_number() over (
            partition by previous_customer_id order by nodes_kept desc, component_id asc
        ) as holder_rank
    from previous_ids_by_cluster
),

surviving_ids as (
    select
        component_id,
        previous_customer_id as customer_id,
        customer_created_at,
        row_number() over (
            partition by component_id order by customer_created_at, previous_customer_id
        ) as survivor_rank
    from previous_id_holders
    where holder_rank = 1
),

split_off_clusters as (
    select
        component_id,
        min(previous_customer_id) as left_customer_id
    from previous_id_holders
    where holder_rank > 1
    group by component_id
),

cluster_customers as (
    select
        clusters.component_id,
        coalesce(
            surviving_ids.customer_id,
            'CU' || upper(substr({{ dbt.hash(
                "clusters.component_id || coalesce('|' || split_off_clusters.left_customer_id, '')"
            ) }}, 1, 16))
        ) as customer_id,
        coalesce(
            surviving_ids.customer_created_at,
            cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
        ) as customer_created_at
    from (select distinct component_id from clusters) as clusters
    left join surviving_ids
        on clusters.component_id = surviving_ids.component_id and surviving_ids.survivor_rank = 1
    left join split_off_clusters on clusters.component_id = split_off_clusters.component_id
),

final as (
    select
        nodes_with_history.node_id,
        nodes_with_history.component_id,
        cluster_customers.customer_id,
        cluster_customers.customer_created_at,
        nodes_with_history.previous_customer_id
    from nodes_with_history
    inner join cluster_customers on nodes_with_history.component_id = cluster_customers.component_id
)

select * from final
