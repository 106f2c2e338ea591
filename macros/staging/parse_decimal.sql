{#- A decimal of the given SQL type from a string with a dot as decimal separator; NULL for
    anything else (`12,5O`, `1 200 EUR`), which staging reports as invalid_number. -#}
{% macro parse_decimal(column_name, data_type) -%}
    {{ crosschannel.cast_or_null(column_name, data_type) }}
{%- endmacro %}
