{#- The connected components of a graph, as `select node_id, component_id`: component_id is the
    smallest node id of the component, so the answer does not depend on edge order or engine.

    Label propagation with contraction and pointer jumping: each round replaces every edge by the
    edge between its ends' current labels (edges inside a label vanish), hooks each label to its
    smallest neighbour and jumps twice along those hooks. Work shrinks with the contracted graph
    and the rounds grow with the log of the diameter, not with the diameter. The loop runs at
    execution time in work tables named after the model (dropped by drop_connected_components_work),
    and fails the model if it has not converged in max_rounds. -#}
{% macro connected_components(nodes_relation, edges_relation, max_rounds=40) -%}
    {{- return(adapter.dispatch('connected_components', 'crosschannel')(nodes_relation, edges_relation, max_rounds)) -}}
{%- endmacro %}

{% macro default__connected_components(nodes_relation, edges_relation, max_rounds) -%}
    {%- set labels = crosschannel.connected_components_work_relation('labels') -%}
    {%- set label_edges = crosschannel.connected_components_work_relation('label_edges') -%}
    {%- set hooks = crosschannel.connected_components_work_relation('hooks') -%}
    {#- Only a run materialises the model: compile, show and lint get the plain node list. -#}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- call statement('cc_start') -%}
            create or replace table {{ labels }} as
            select node_id, node_id as label from {{ nodes_relation }}
        {%- endcall -%}
        {%- set ns = namespace(rounds=0, converged=false) -%}
        {%- for round in range(max_rounds) if not ns.converged -%}
            {%- call statement('cc_contract') -%}
                create or replace table {{ label_edges }} as
                select distinct
                    least(label_a.label, label_b.label) as label_a,
                    greatest(label_a.label, label_b.label) as label_b
                from {{ edges_relation }} as edges
                inner join {{ labels }} as label_a on edges.node_id_a = label_a.node_id
                inner join {{ labels }} as label_b on edges.node_id_b = label_b.node_id
                where label_a.label <> label_b.label
            {%- endcall -%}
            {%- set remaining = run_query('select count(*) from ' ~ label_edges).columns[0].values()[0] -%}
            {%- if remaining == 0 -%}
                {%- set ns.converged = true -%}
            {%- else -%}
                {%- set ns.rounds = ns.rounds + 1 -%}
                {%- call statement('cc_hook') -%}
                    create or replace table {{ hooks }} as
                    select label_b as label, min(label_a) as parent
                    from {{ label_edges }}
                    group by label_b
                {%- endcall -%}
                {%- call statement('cc_jump') -%}
                    create or replace table {{ labels }} as
                    select
                        labels.node_id,
                        coalesce(second_hop.parent, first_hop.parent, labels.label) as label
                    from {{ labels }} as labels
                    left join {{ hooks }} as first_hop on labels.label = first_hop.label
                    left join {{ hooks }} as second_hop on first_hop.parent = second_hop.label
                {%- endcall -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not ns.converged -%}
            {{ exceptions.raise_compiler_error(
                "connected_components did not converge in " ~ max_rounds ~ " rounds on " ~ edges_relation
            ) }}
        {%- endif -%}
        {{ log("connected_components: " ~ ns.rounds ~ " rounds on " ~ edges_relation) }}
        select
            node_id,
            label as component_id
        from {{ labels }}
    {%- else %}
        select
            node_id,
            node_id as component_id
        from {{ nodes_relation }}
    {%- endif %}
{%- endmacro %}

{#- A work table of connected_components, in the schema of the model calling it. -#}
{% macro connected_components_work_relation(name) -%}
    {{- return(api.Relation.create(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__cc_' ~ name
    )) -}}
{%- endmacro %}

{#- Post-hook of a model calling connected_components: drops its work tables. -#}
{% macro drop_connected_components_work() -%}
    {%- for name in ['labels', 'label_edges', 'hooks'] %}
    drop table if exists {{ crosschannel.connected_components_work_relation(name) }};
    {%- endfor %}
{%- endmacro %}
