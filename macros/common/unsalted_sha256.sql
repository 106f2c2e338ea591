{#- The plain SHA-256 (hex) of a normalised contact value: the form advertising platforms match
    customer lists on. Unsalted, so it stays in the pii schema. -#}
{% macro unsalted_sha256(value_expression) -%}
    {{- return(adapter.dispatch('unsalted_sha256', 'crosschannel')(value_expression)) -}}
{%- endmacro %}

{% macro default__unsalted_sha256(value_expression) -%}
    sha256({{ value_expression }})
{%- endmacro %}

{% macro spark__unsalted_sha256(value_expression) -%}
    sha2({{ value_expression }}, 256)
{%- endmacro %}
