{#- The name of a look-alike cohort: <seed category>_decile_<decile> (beach_decile_1), as the
    visitor profiles, the audiences, the cohort backtest and the campaign lift all spell it. -#}
{% macro lookalike_cohort(seed_category, lookalike_decile) -%}
    {{ seed_category }} || '_decile_' || cast({{ lookalike_decile }} as {{ dbt.type_string() }})
{%- endmacro %}
