{#- The value of a raw-file var for one table: the var itself, or its entry for the table when it
    is a mapping per table (tables it does not name get the default). -#}
{% macro raw_file_setting(var_name, table_name, default) -%}
    {%- set value = var(var_name, default) -%}
    {%- if value is mapping -%}
        {%- set value = value.get(table_name, default) -%}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
