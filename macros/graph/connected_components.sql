{#- The connected components of a graph, as `select node_id, component_id`: component_id is the
    smallest node id of the component, so the answer does not depend on edge order or engine.

    Label propagation with contraction and pointer jumping, over integer node numbers: each round
    hooks each label to its smallest neighbour, jumps twice along those hooks, and replaces every
    edge by the edge between its ends' new labels (edges inside a label vanish). Work shrinks with
    the contracted graph and the rounds grow with the log of the diameter, not with the diameter.
    The loop runs at execution time in work tables named after the model (dropped by
    drop_connected_components_work), and fails the model if it has not converged in max_rounds. -#}
{% macro connected_components(
    nodes_relation, edges_relation, edge_columns=['node_id_a', 'node_id_b'], edges_where=none, max_rounds=40
) -%}
    {{- return(adapter.dispatch('connected_components', 'crosschannel')(
        nodes_relation, edges_relation, edge_columns, edges_where, max_rounds
    )) -}}
{%- endmacro %}

{% macro default__connected_components(nodes_relation, edges_relation, edge_columns, edges_where, max_rounds) -%}
    {%- set numbers = crosschannel.connected_components_work_relation('numbers') -%}
    {%- set labels = crosschannel.connected_components_work_relation('labels') -%}
    {%- set label_edges = crosschannel.connected_components_work_relation('label_edges') -%}
    {%- set hooks = crosschannel.connected_components_work_relation('hooks') -%}
    {%- set jumps = crosschannel.connected_components_work_relation('jumps') -%}
    {#- Only a run materialises the model: compile, show and lint get the plain node list. -#}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {#- Numbers in node id order: the rounds join integers, and the smallest number of a
            component is its smallest node id. -#}
        {%- set query -%}
            select
                node_id,
                row_number() over (order by node_id) as node_number
            from {{ nodes_relation }}
        {%- endset -%}
        {%- do crosschannel.replace_table(numbers, query) -%}
        {%- set query -%}
            select
                node_number,
                node_number as label
            from {{ numbers }}
        {%- endset -%}
        {%- do crosschannel.replace_table(labels, query) -%}
        {%- set query -%}
            select distinct
                least(number_a.node_number, number_b.node_number) as label_a,
                greatest(number_a.node_number, number_b.node_number) as label_b
            from {{ edges_relation }} as edges
            inner join {{ numbers }} as number_a on edges.{{ edge_columns[0] }} = number_a.node_id
            inner join {{ numbers }} as number_b on edges.{{ edge_columns[1] }} = number_b.node_id
            where number_a.node_number <> number_b.node_number
            {%- if edges_where %} and ({{ edges_where }}){% endif %}
        {%- endset -%}
        {%- do crosschannel.replace_table(label_edges, query) -%}
        {%- set ns = namespace(rounds=0, converged=false) -%}
        {#- A check before each round and one after the last: max_rounds rounds may converge. -#}
        {%- for round in range(max_rounds + 1) if not ns.converged -%}
            {%- set remaining = run_query('select count(*) from ' ~ label_edges).columns[0].values()[0] -%}
            {%- if remaining == 0 -%}
                {%- set ns.converged = true -%}
            {%- elif ns.rounds < max_rounds -%}
                {%- set ns.rounds = ns.rounds + 1 -%}
                {%- set query -%}
                    select
                        label_b as label,
                        min(label_a) as parent
                    from {{ label_edges }}
                    group by label_b
                {%- endset -%}
                {%- do crosschannel.replace_table(hooks, query) -%}
                {%- set query -%}
                    select
                        first_hop.label,
                        coalesce(second_hop.parent, first_hop.parent) as new_label
                    from {{ hooks }} as first_hop
                    left join {{ hooks }} as second_hop on first_hop.parent = second_hop.label
                {%- endset -%}
                {%- do crosschannel.replace_table(jumps, query) -%}
                {%- set query -%}
                    select
                        labels.node_number,
                        coalesce(jumps.new_label, labels.label) as label
                    from {{ labels }} as labels
                    left join {{ jumps }} as jumps on labels.label = jumps.label
                {%- endset -%}
                {%- do crosschannel.replace_table(labels, query) -%}
                {%- set query -%}
                    with relabelled as (
                        select
                            coalesce(jump_a.new_label, label_edges.label_a) as label_a,
                            coalesce(jump_b.new_label, label_edges.label_b) as label_b
                        from {{ label_edges }} as label_edges
                        left join {{ jumps }} as jump_a on label_edges.label_a = jump_a.label
                        left join {{ jumps }} as jump_b on label_edges.label_b = jump_b.label
                    )
                    select distinct
                        least(label_a, label_b) as label_a,
                        greatest(label_a, label_b) as label_b
                    from relabelled
                    where label_a <> label_b
                {%- endset -%}
                {%- do crosschannel.replace_table(label_edges, query) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if not ns.converged -%}
            {{ exceptions.raise_compiler_error(
                "connected_components did not converge in " ~ max_rounds ~ " rounds on " ~ edges_relation
            ) }}
        {%- endif -%}
        {{ log("connected_components: " ~ ns.rounds ~ " rounds on " ~ edges_relation) }}
        select
            numbers.node_id,
            roots.node_id as component_id
        from {{ labels }} as labels
        inner join {{ numbers }} as numbers on labels.node_number = numbers.node_number
        inner join {{ numbers }} as roots on labels.label = roots.node_number
    {%- else %}
        select
            node_id,
            node_id as component_id
        from {{ nodes_relation }}
    {%- endif %}
{%- endmacro %}
