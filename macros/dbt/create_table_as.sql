{#- dbt's create_table_as on DuckDB (dbt_project.yml's dispatch puts this project's bodies first for
    dbt's macros). A model whose config lists uncompressed_columns gets its table declared first,
    those columns stored without compression, then filled; any other table is dbt-duckdb's.
    Why: DuckDB compresses text with a dictionary and FSST, which costs three to five times the
    write on values that hardly repeat (salted keys, record ids: docs/benchmarks.md), and the
    compression of a column can only be chosen where the table is declared, never in a
    `create table as`. Incremental runs insert into the table so declared and keep its storage;
    their temporary tables are dbt-duckdb's. -#}
{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none) -%}
    {%- set uncompressed_columns = config.get('uncompressed_columns') or [] -%}
    {%- set contract_config = config.get('contract') -%}
    {%- if not uncompressed_columns or temporary or language != 'sql' or contract_config.enforced
        or partitioned_by or sorted_by -%}
        {{- dbt.duckdb__create_table_as(temporary, relation, compiled_code, language, partitioned_by, sorted_by) -}}
    {%- else -%}
        {#- On lines of its own: the compiled select may end in a line comment. -#}
        {%- set described = run_query('describe select * from (\n' ~ compiled_code ~ '\n) as model_subq') -%}
        {%- set column_names = described.columns['column_name'].values() | list -%}
        {%- set unknown = uncompressed_columns | reject('in', column_names) | list -%}
        {%- if unknown -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: " ~ model.name ~ " lists uncompressed_columns it does not select: " ~ unknown | join(', ')
            ) }}
        {%- endif -%}
        {%- set sql_header = config.get('sql_header', none) -%}
        {{ sql_header if sql_header is not none }}
        create table {{ relation }} (
            {%- for column in described.rows %}
            {{ adapter.quote(column['column_name']) }} {{ column['column_type'] }}
            {%- if column['column_name'] in uncompressed_columns %} using compression uncompressed{% endif %}
            {{- ',' if not loop.last }}
            {%- endfor %}
        );
        insert into {{ relation }}
            select * from (
                {{ compiled_code }}
            ) as model_subq;
    {%- endif -%}
{%- endmacro %}
