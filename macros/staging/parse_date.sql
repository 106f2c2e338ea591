{#- A date from a `YYYY-MM-DD` string, the contract's only date format; NULL for anything else
    (`12/03/1985`, `1985-02-30`), which staging reports as invalid_date. The pattern is anchored
    and holds no backslash, so one definition serves every engine. -#}
{% macro parse_date(column_name) -%}
    case
        when {{ crosschannel.regex_matches(column_name, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'") }}
            then {{ crosschannel.cast_or_null(column_name, 'date') }}
    end
{%- endmacro %}
