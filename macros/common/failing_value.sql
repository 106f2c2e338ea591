{#- An expression that fails the query with the message when it is evaluated: put it in a CASE
    branch taken only by the rows that must stop the run. -#}
{% macro failing_value(message) -%}
    {{- return(adapter.dispatch('failing_value', 'crosschannel')(message)) -}}
{%- endmacro %}

{#- Engines without a raise function fail on the cast, quoting the message. -#}
{% macro default__failing_value(message) -%}
    cast('{{ message | replace("'", "''") }}' as integer)
{%- endmacro %}

{% macro duckdb__failing_value(message) -%}
    error('{{ message | replace("'", "''") }}')
{%- endmacro %}
