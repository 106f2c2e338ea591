{#- A table function reading <crosschannel__raw_path>/<table>.parquet, or <table>.csv when there
    is no Parquet file; CSV columns are read as text so that staging does the typing, in the
    encoding crosschannel__raw_encoding gives for all files or, as a mapping, per table. -#}
{% macro raw_file_relation(table_name) -%}
    {{- return(adapter.dispatch('raw_file_relation', 'crosschannel')(table_name)) -}}
{%- endmacro %}

{% macro default__raw_file_relation(table_name) -%}
    {{ exceptions.raise_compiler_error(
        "crosschannel: crosschannel__raw_source 'files' is supported on DuckDB only; on "
        ~ adapter.type() ~ " load the files into a schema and use 'warehouse'") }}
{%- endmacro %}

{% macro duckdb__raw_file_relation(table_name) -%}
    {%- set folder = var('crosschannel__raw_path') | replace("'", "''") -%}
    {%- set parquet_path = folder ~ '/' ~ table_name ~ '.parquet' -%}
    {%- set csv_path = folder ~ '/' ~ table_name ~ '.csv' -%}
    {%- set encoding = var('crosschannel__raw_encoding') -%}
    {%- if encoding is mapping -%}
        {%- set encoding = encoding.get(table_name, 'utf-8') -%}
    {%- endif -%}
    {%- set file_format = 'csv' -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select (select count(*) from glob('" ~ parquet_path ~ "')) as parquet_files,"
            ~ " (select count(*) from glob('" ~ csv_path ~ "')) as csv_files") -%}
        {%- if found.rows[0][0] > 0 -%}
            {%- set file_format = 'parquet' -%}
        {%- elif found.rows[0][1] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: raw table '" ~ table_name ~ "' not found: expected " ~ csv_path
                ~ " or " ~ parquet_path ~ " (crosschannel__raw_path)") }}
        {%- endif -%}
    {%- endif -%}
    {%- if file_format == 'parquet' -%}
        read_parquet('{{ parquet_path }}')
    {%- else -%}
        read_csv('{{ csv_path }}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', encoding = '{{ encoding }}')
    {%- endif -%}
{%- endmacro %}
