{#- A date from a `YYYY-MM-DD` string, the contract's only date format; NULL for anything else
    (`12/03/1985`, `1985-02-30`), which staging reports as invalid_date. -#}
{% macro parse_date(column_name) -%}
    {{- return(adapter.dispatch('parse_date', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{% macro default__parse_date(column_name) -%}
    case
        when regexp_full_match({{ column_name }}, '\d{4}-\d{2}-\d{2}')
            then {{ crosschannel.cast_or_null(column_name, 'date') }}
    end
{%- endmacro %}

{#- Spark's SQL string literals unescape backslashes: the pattern's are doubled. -#}
{% macro spark__parse_date(column_name) -%}
    case
        when {{ column_name }} rlike '^\\d{4}-\\d{2}-\\d{2}$'
            then {{ crosschannel.cast_or_null(column_name, 'date') }}
    end
{%- endmacro %}
