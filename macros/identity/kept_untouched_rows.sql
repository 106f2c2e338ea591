{#- The rows an incremental model of crosschannel.touched_group_ctes keeps as they were for the
    carriers it computes again: their rows in groups that were not touched. delete+insert replaces a
    carrier's rows whole, so these go into the batch beside the computed ones. Reads {{ this }} and
    the CTEs carrier_nodes, changed_records and touched_groups; a query, to follow a union all. -#}
{% macro kept_untouched_rows(group_columns, columns) -%}
    select
        {%- for column in columns %}
        kept.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this }} as kept
    inner join carrier_nodes on kept.node_id = carrier_nodes.node_id
    left join changed_records on kept.node_id = changed_records.node_id
    left join touched_groups
        on
        {%- for column in group_columns %}
            {{ 'and ' if not loop.first }}kept.{{ column }} = touched_groups.{{ column }}
        {%- endfor %}
    where changed_records.node_id is null and touched_groups.{{ group_columns[-1] }} is null
{%- endmacro %}
