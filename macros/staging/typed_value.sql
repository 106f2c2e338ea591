{#- A cleaned text column converted to its contract type: text, date, timestamp (to UTC),
    boolean, integer, money (decimal in currency units) or ratio. -#}
{% macro typed_value(column_name, column_type) -%}
    {%- if column_type == 'text' -%}
        {{ column_name }}
    {%- elif column_type == 'date' -%}
        {{ crosschannel.parse_date(column_name) }}
    {%- elif column_type == 'timestamp' -%}
        {{ crosschannel.parse_utc_timestamp(column_name) }}
    {%- elif column_type == 'boolean' -%}
        {{ crosschannel.parse_boolean(column_name) }}
    {%- elif column_type == 'integer' -%}
        {{ crosschannel.parse_integer(column_name) }}
    {%- elif column_type == 'money' -%}
        {{ crosschannel.parse_decimal(column_name, 'decimal(18, 2)') }}
    {%- elif column_type == 'ratio' -%}
        {{ crosschannel.parse_decimal(column_name, 'decimal(9, 6)') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("crosschannel: unknown column type '" ~ column_type ~ "' for " ~ column_name) }}
    {%- endif -%}
{%- endmacro %}
