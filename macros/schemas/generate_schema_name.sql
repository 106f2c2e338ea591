{#- A folder's custom schema is used as written (staging, pii, marts...), not prefixed with the
    target schema, so BI tools and privacy rules can rely on fixed schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
