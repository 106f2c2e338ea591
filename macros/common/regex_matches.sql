{#- True when a value matches a regular expression anywhere (NULL when the value is NULL). -#}
{% macro regex_matches(value, pattern) -%}
    {{- return(adapter.dispatch('regex_matches', 'crosschannel')(value, pattern)) -}}
{%- endmacro %}

{% macro default__regex_matches(value, pattern) -%}
    regexp_matches({{ value }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(value, pattern) -%}
    ({{ value }} rlike {{ pattern }})
{%- endmacro %}
