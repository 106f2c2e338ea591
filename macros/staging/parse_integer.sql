{#- A whole number from a string of digits with an optional sign; NULL for anything else,
    including `1.5`, which a plain cast would round. -#}
{% macro parse_integer(column_name) -%}
    case
        when {{ crosschannel.regex_matches(column_name, "'^[+-]?[0-9]+$'") }}
            then {{ crosschannel.cast_or_null(column_name, 'integer') }}
    end
{%- endmacro %}
