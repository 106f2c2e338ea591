{#- The value cast to the type, or NULL where it does not convert (never a failed query):
    staging turns those NULLs into quarantine reasons. -#}
{% macro cast_or_null(expression, data_type) -%}
    {{- return(adapter.dispatch('cast_or_null', 'crosschannel')(expression, data_type)) -}}
{%- endmacro %}

{% macro default__cast_or_null(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__cast_or_null(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro spark__cast_or_null(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
