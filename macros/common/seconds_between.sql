{#- Whole seconds from one timestamp to a later one (negative when it is earlier). -#}
{% macro seconds_between(start_at, end_at) -%}
    {{- return(adapter.dispatch('seconds_between', 'crosschannel')(start_at, end_at)) -}}
{%- endmacro %}

{% macro default__seconds_between(start_at, end_at) -%}
    {{ dbt.datediff(start_at, end_at, 'second') }}
{%- endmacro %}

{% macro duckdb__seconds_between(start_at, end_at) -%}
    date_diff('second', {{ start_at }}, {{ end_at }})
{%- endmacro %}

{% macro spark__seconds_between(start_at, end_at) -%}
    (unix_timestamp({{ end_at }}) - unix_timestamp({{ start_at }}))
{%- endmacro %}
