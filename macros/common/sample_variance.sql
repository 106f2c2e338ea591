{#- The sample variance of a variable from its count, sum and sum of squares; NULL under two
    values. -#}
{% macro sample_variance(count, total, squares) -%}
    ({{ squares }} - {{ total }} * {{ total }} / nullif({{ count }}, 0)) / nullif({{ count }} - 1, 0)
{%- endmacro %}

{#- The sample covariance of two variables from their count, sums and sum of products; NULL under
    two values. -#}
{% macro sample_covariance(count, total_x, total_y, products) -%}
    ({{ products }} - {{ total_x }} * {{ total_y }} / nullif({{ count }}, 0)) / nullif({{ count }} - 1, 0)
{%- endmacro %}
