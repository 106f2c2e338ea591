{#- The columns the contract declares for a raw table, in order: those of the `raw` source.
    Needs the graph, so call it only at execution. -#}
{% macro contract_columns(table_name) -%}
    {%- set source_node = graph.sources.values() | selectattr('source_name', 'equalto', 'raw')
        | selectattr('name', 'equalto', table_name) | first -%}
    {{- return(source_node.columns.keys() | list) -}}
{%- endmacro %}
