{{ config(
    post_hook=["{{ crosschannel.drop_connected_components_work() }}"],
    uncompressed_columns=['node_id', 'component_id']
) }}
{#- Every node with its customer cluster: the first pass's cluster (int_identity__clusters), joined
    to the clusters the second pass links it to (int_identity__profile_candidates that are not
    rejected), transitively. Named by the smallest node id, as in the first pass. -#}
with

clusters as (
    select
        node_id,
        component_id
    from {{ ref('int_identity__clusters') }}
),

linked_clusters as (
    {{ crosschannel.connected_components(
        ref('int_identity__clusters'),
        ref('int_identity__profile_candidates'),
        edge_columns=['component_id_a', 'component_id_b'],
        edges_where='edges.rejection_reason is null'
    ) }}
),

final as (
    select
        clusters.node_id,
        linked_clusters.component_id
    from clusters
    inner join linked_clusters on clusters.component_id = linked_clusters.node_id
)

select * from final
