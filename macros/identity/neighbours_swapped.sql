{#- The value with its characters at position and position + 1 (1-based) swapped: the one typing error
    a Levenshtein distance counts twice, spelt out for engines without a Damerau distance (Spark). -#}
{% macro neighbours_swapped(value, position) -%}
    concat(
        substr({{ value }}, 1, {{ position }} - 1),
        substr({{ value }}, {{ position }} + 1, 1),
        substr({{ value }}, {{ position }}, 1),
        substr({{ value }}, {{ position }} + 2)
    )
{%- endmacro %}
