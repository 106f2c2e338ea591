{#- The plain SHA-256 (hex) of a normalised contact value: the form advertising platforms match
    customer lists on. Unsalted, so it stays in the pii schema. -#}
{% macro unsalted_sha256(value_expression) -%}
    {{- return(adapter.dispatch('unsalted_sha256', 'crosschannel')(value_expression)) -}}
{%- endmacro %}

{#- sha2(text, 256): hex text on Spark, Snowflake, MySQL, Redshift... (sha256 gives hex text on DuckDB
    only: bytes on PostgreSQL, Trino and BigQuery). -#}
{% macro default__unsalted_sha256(value_expression) -%}
    sha2({{ value_expression }}, 256)
{%- endmacro %}

{% macro duckdb__unsalted_sha256(value_expression) -%}
    sha256({{ value_expression }})
{%- endmacro %}

{% macro spark__unsalted_sha256(value_expression) -%}
    sha2({{ value_expression }}, 256)
{%- endmacro %}
