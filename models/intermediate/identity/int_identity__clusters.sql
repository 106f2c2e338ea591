{{ config(
    post_hook=["{{ crosschannel.drop_connected_components_work() }}"],
    uncompressed_columns=['node_id', 'component_id']
) }}
{#- Every node of the identity graph with its cluster: the connected component of the graph's
    edges that holds it, named by its smallest node id. -#}
{{ crosschannel.connected_components(ref('int_identity__nodes'), ref('int_identity__edges')) }}
