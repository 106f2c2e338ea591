{#- True when a value matches a regular expression anywhere (NULL when the value is NULL). -#}
{% macro regex_matches(value, pattern) -%}
    {{- return(adapter.dispatch('regex_matches', 'crosschannel')(value, pattern)) -}}
{%- endmacro %}

{#- regexp_like: Oracle, MySQL, PostgreSQL 15+, Snowflake, Trino, Databricks... (not DuckDB, whose
    regexp_matches is its own). -#}
{% macro default__regex_matches(value, pattern) -%}
    regexp_like({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regex_matches(value, pattern) -%}
    regexp_matches({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(value, pattern) -%}
    ({{ value }} rlike {{ pattern }})
{%- endmacro %}
