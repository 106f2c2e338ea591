{#- The sample covariance of two variables from their count, sums and sum of products; NULL under
    two values. -#}
{% macro sample_covariance(count, total_x, total_y, products) -%}
    ({{ products }} - {{ total_x }} * {{ total_y }} / nullif({{ count }}, 0)) / nullif({{ count }} - 1, 0)
{%- endmacro %}
