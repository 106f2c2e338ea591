{#- True when a value matches one of a list of regular expressions (false for NULL): the test
    behind every pattern var (placeholders, family addresses, fixed lines). -#}
{% macro matches_any_pattern(value, patterns) -%}
    coalesce(
        {%- for pattern in patterns %}
        {{ crosschannel.regex_matches(value, "'" ~ pattern ~ "'") }}{{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}
