{#- The relation a staging model reads one raw contract table from, chosen by
    crosschannel__raw_source: the bundled seeds, a folder of files, or a warehouse schema.
    At execution it fails with an error naming the table or column missing from the contract. -#}
{% macro raw_table(table_name) -%}
    {%- set raw_source = var('crosschannel__raw_source') -%}
    {#- Unit tests give their fixtures as the seeds, whichever way in a build reads. -#}
    {%- if raw_source == 'seeds' or crosschannel.in_unit_test() -%}
        {%- set relation = ref(table_name) -%}
    {%- elif raw_source == 'warehouse' -%}
        {%- set relation = source('raw', table_name) -%}
        {%- if execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: raw table '" ~ table_name ~ "' not found in schema '" ~ relation.schema
                ~ "' (crosschannel__raw_schema)") }}
        {%- endif -%}
    {%- elif raw_source == 'files' -%}
        {#- source() is called for lineage: the files stand for the same declared source. -#}
        {%- do source('raw', table_name) -%}
        {%- set relation = crosschannel.raw_file_relation(table_name) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "crosschannel: crosschannel__raw_source must be seeds, files or warehouse, got '" ~ raw_source ~ "'") }}
    {%- endif -%}
    {#- Unit tests feed hand-written fixtures, which are not deliveries to check against the contract. -#}
    {%- if execute and not crosschannel.in_unit_test() and var('crosschannel__check_raw_contract') -%}
        {%- do crosschannel.assert_contract_columns(relation, table_name) -%}
    {%- endif -%}
    {{- relation -}}
{%- endmacro %}
