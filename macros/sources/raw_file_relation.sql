{#- A table function reading <crosschannel__raw_path>/<table>.parquet, or <table>.csv when there
    is no Parquet file. CSV columns are read as text so that staging does the typing. A CSV goes
    through crosschannel_readable_csv first (the dbt-duckdb plugin crosschannel.dbt_plugin): it
    checks the file in its encoding and, for an encoding DuckDB cannot read (cp1252) or mixed line
    endings, reads a UTF-8 copy converted once into <database>.raw_cache, which the log says. -#}
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
    {%- set encoding = crosschannel.raw_file_setting('crosschannel__raw_encoding', table_name, 'utf-8') -%}
    {%- set delimiter = crosschannel.raw_file_setting('crosschannel__raw_delimiter', table_name, none) -%}
    {%- set file_format = 'csv' -%}
    {%- set read_path = csv_path -%}
    {%- set read_encoding = encoding -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select (select count(*) from glob('" ~ parquet_path ~ "')) as parquet_files,"
            ~ " (select count(*) from glob('" ~ csv_path ~ "')) as csv_files,"
            ~ " (select count(*) from duckdb_functions() where function_name = 'crosschannel_readable_csv')"
            ~ " as plugin_functions") -%}
        {%- if found.rows[0][0] > 0 -%}
            {%- set file_format = 'parquet' -%}
        {%- elif found.rows[0][1] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: raw table '" ~ table_name ~ "' not found: expected " ~ csv_path
                ~ " or " ~ parquet_path ~ " (crosschannel__raw_path)") }}
        {%- elif found.rows[0][2] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: reading raw CSV files needs the plugin crosschannel.dbt_plugin: add"
                ~ " `plugins: [{module: crosschannel.dbt_plugin}]` to the DuckDB output of your profile") }}
        {%- else -%}
            {#- Beside the database file; an in-memory database keeps it in dbt's target folder. -#}
            {%- set cache_folder = target.path ~ '.raw_cache' if target.path != ':memory:'
                else env_var('DBT_TARGET_PATH', 'target') ~ '/raw_cache' -%}
            {%- set readable = run_query(
                "select readable.path, readable.encoding, readable.note from (select crosschannel_readable_csv('"
                ~ csv_path ~ "', '" ~ encoding | replace("'", "''") ~ "', '" ~ cache_folder | replace("'", "''")
                ~ "') as readable)").rows[0] -%}
            {%- set read_path = readable[0] | replace("'", "''") -%}
            {%- set read_encoding = readable[1] -%}
            {%- if readable[2] -%}
                {{ log("crosschannel: " ~ readable[2], info=true) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {%- if file_format == 'parquet' -%}
        read_parquet('{{ parquet_path }}')
    {%- else -%}
        read_csv('{{ read_path }}', header = true, all_varchar = true,
            {%- if delimiter is not none %} delim = '{{ delimiter | replace("'", "''") }}',{% endif %}
            quote = '"', escape = '"', encoding = '{{ read_encoding }}')
    {%- endif -%}
{%- endmacro %}
