{#- The sample variance of a variable from its count, sum and sum of squares; NULL under two
    values. -#}
{% macro sample_variance(count, total, squares) -%}
    ({{ squares }} - {{ total }} * {{ total }} / nullif({{ count }}, 0)) / nullif({{ count }} - 1, 0)
{%- endmacro %}
