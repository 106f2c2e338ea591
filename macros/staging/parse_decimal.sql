{#- A decimal of the given SQL type from a string written with crosschannel__raw_decimal_separator
    ('.' by default, ',' for French Excel exports: 12,50); NULL for anything else (`12,5O`,
    `1 200 EUR`, and with ',' any value holding a dot, which may be a thousands separator:
    1.234 is never read as 1.234), which staging reports as invalid_number. -#}
{% macro parse_decimal(column_name, data_type) -%}
    {%- set separator = var('crosschannel__raw_decimal_separator') -%}
    {%- if separator == '.' -%}
        {{ crosschannel.cast_or_null(column_name, data_type) }}
    {%- elif separator == ',' -%}
        case
            when {{ column_name }} not like '%.%'
                then {{ crosschannel.cast_or_null("replace(" ~ column_name ~ ", ',', '.')", data_type) }}
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "crosschannel: crosschannel__raw_decimal_separator must be '.' or ',', got '" ~ separator ~ "'") }}
    {%- endif -%}
{%- endmacro %}
