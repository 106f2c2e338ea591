{#- The standard normal quantile of a two-sided 95% interval, Phi^-1(0.975), to six decimals:
    every 95% interval of the marts multiplies its standard error by it. -#}
{% macro z_95() -%}
    1.959964
{%- endmacro %}
