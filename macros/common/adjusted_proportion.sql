{#- A proportion with one success and one failure added, (x + 1) / (n + 2) (Agresti and Caffo
    2000): never zero nor one, so no variance built on it collapses at zero or all successes. -#}
{% macro adjusted_proportion(successes, trials) -%}
    ((cast({{ successes }} as double) + 1) / ({{ trials }} + 2))
{%- endmacro %}
