{#- Text as delivered, trimmed, with empty strings as NULL: the contract treats both as missing. -#}
{% macro clean_text(column_name) -%}
    nullif(trim(cast({{ column_name }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
