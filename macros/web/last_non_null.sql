{#- The last non-null value of an expression over a window frame (the frame is the caller's
    `over (...)`): `ignore nulls` is written differently by each engine. -#}
{% macro last_non_null(expression) -%}
    {{- return(adapter.dispatch('last_non_null', 'crosschannel')(expression)) -}}
{%- endmacro %}

{#- Standard SQL puts ignore nulls after the call (DuckDB only takes it inside). -#}
{% macro default__last_non_null(expression) -%}
    last_value({{ expression }}) ignore nulls
{%- endmacro %}

{% macro duckdb__last_non_null(expression) -%}
    last_value({{ expression }} ignore nulls)
{%- endmacro %}

{% macro spark__last_non_null(expression) -%}
    last_value({{ expression }}, true)
{%- endmacro %}
