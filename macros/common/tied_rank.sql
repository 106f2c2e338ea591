{#- The rank of a value within its partition, ascending from 1, tied values sharing the mean of
    their ranks (what the Mann-Whitney statistic needs). -#}
{% macro tied_rank(value, partition_by) -%}
    rank() over (partition by {{ partition_by }} order by {{ value }})
    + (count(*) over (partition by {{ partition_by }}, {{ value }}) - 1) / 2.0
{%- endmacro %}
