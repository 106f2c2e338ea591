{#- Replaces a table with the result of a query, which may read the table itself. -#}
{% macro replace_table(relation, query) -%}
    {{- return(adapter.dispatch('replace_table', 'crosschannel')(relation, query)) -}}
{%- endmacro %}

{#- Portable: create or replace table is not standard SQL, so the next version is written beside the
    table and swapped in, dropped and renamed by dbt's drop_relation and rename_relation (each
    engine's own syntax, which may name the relation's type; dbt's relation cache kept right). -#}
{% macro default__replace_table(relation, query) -%}
    {%- set table = relation.incorporate(type='table') -%}
    {%- set next_version = table.incorporate(path={'identifier': relation.identifier ~ '__next'}) -%}
    {%- do adapter.drop_relation(next_version) -%}
    {%- do run_query('create table ' ~ next_version ~ ' as ' ~ query) -%}
    {%- do adapter.drop_relation(table) -%}
    {%- do adapter.rename_relation(next_version, table) -%}
{%- endmacro %}

{% macro duckdb__replace_table(relation, query) -%}
    {%- do run_query('create or replace table ' ~ relation ~ ' as ' ~ query) -%}
{%- endmacro %}

{#- Spark's Parquet tables cannot be replaced in place, nor overwritten from themselves: the next
    version is written beside the table, then swapped in (one statement per call). -#}
{% macro spark__replace_table(relation, query) -%}
    {%- set next_version = relation.incorporate(path={'identifier': relation.identifier ~ '__next'}) -%}
    {%- do run_query('drop table if exists ' ~ next_version) -%}
    {%- do run_query('create table ' ~ next_version ~ ' as ' ~ query) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query('alter table ' ~ next_version ~ ' rename to ' ~ relation) -%}
{%- endmacro %}
