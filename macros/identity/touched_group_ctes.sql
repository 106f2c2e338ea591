{#- The CTEs of an incremental model that keeps, per record, the groups the record falls in (match
    keys, blocks) with what is known of each group from its carriers (how many records it has...):
    a run computes again only the touched groups, those a record keyed since the last run carries
    now (changed_record_groups) or carried before, or a record no longer keyed carried (left_groups),
    for all their carriers (carrier_nodes: the kept carriers and the changed records).

    Needs a CTE records (node_id, keyed_at and what unpivoted_sql reads) and {{ this }} with node_id,
    keyed_at and the group columns. unpivoted_sql gives one row per record of the CTE source_records
    and group it falls in; here it runs on the changed records. Emits kept_rows, kept_nodes,
    changed_records, changed_record_groups, left_groups, touched_groups and carrier_nodes, each
    followed by a comma. -#}
{% macro touched_group_ctes(group_columns, unpivoted_sql) -%}
kept_rows as (
    select
        node_id,
        {%- for column in group_columns %}
        {{ column }},
        {%- endfor %}
        keyed_at
    from {{ this }}
),

kept_nodes as (
    select distinct
        node_id,
        keyed_at
    from kept_rows
),

-- Records keyed since the last run (or in no group: computing them again finds nothing).
changed_records as (
    select records.*
    from records
    left join kept_nodes on records.node_id = kept_nodes.node_id and records.keyed_at = kept_nodes.keyed_at
    where kept_nodes.node_id is null
),

changed_record_groups as (
    {{ unpivoted_sql | replace('source_records', 'changed_records') }}
),

-- The kept groups of changed records and of records no longer keyed: their old values.
left_groups as (
    select
        {%- for column in group_columns %}
        kept_rows.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from kept_rows
    left join records on kept_rows.node_id = records.node_id and kept_rows.keyed_at = records.keyed_at
    where records.node_id is null
),

touched_groups as (
    select {{ group_columns | join(', ') }}
    from changed_record_groups
    union
    select {{ group_columns | join(', ') }}
    from left_groups
),

-- Every record in a touched group now: unchanged ones were in it before.
carrier_nodes as (
    select kept_rows.node_id
    from kept_rows
    inner join touched_groups
        on
        {%- for column in group_columns %}
            {{ 'and ' if not loop.first }}kept_rows.{{ column }} = touched_groups.{{ column }}
        {%- endfor %}
    union
    select node_id from changed_records
),
{%- endmacro %}
