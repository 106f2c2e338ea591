{#- A whole number from a string of digits with an optional sign; NULL for anything else,
    including `1.5`, which a plain cast would round. -#}
{% macro parse_integer(column_name) -%}
    {{- return(adapter.dispatch('parse_integer', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{% macro default__parse_integer(column_name) -%}
    case
        when regexp_full_match({{ column_name }}, '[+-]?\d+')
            then {{ crosschannel.cast_or_null(column_name, 'integer') }}
    end
{%- endmacro %}

{% macro spark__parse_integer(column_name) -%}
    case
        when {{ column_name }} rlike '^[+-]?\\d+$'
            then {{ crosschannel.cast_or_null(column_name, 'integer') }}
    end
{%- endmacro %}
