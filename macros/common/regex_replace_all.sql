{#- Every match of a regular expression in a value replaced (DuckDB, like PostgreSQL, replaces the
    first only unless told 'g'; Spark and most engines replace all). -#}
{% macro regex_replace_all(value, pattern, replacement) -%}
    {{- return(adapter.dispatch('regex_replace_all', 'crosschannel')(value, pattern, replacement)) -}}
{%- endmacro %}

{% macro default__regex_replace_all(value, pattern, replacement) -%}
    regexp_replace({{ value }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regex_replace_all(value, pattern, replacement) -%}
    regexp_replace({{ value }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(value, pattern, replacement) -%}
    regexp_replace({{ value }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
