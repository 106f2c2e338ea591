{#- The suppression list of erased persons (the seed erasure_suppression_list); none in unit
    tests, whose fixtures erase nobody. While the list is empty its joins cost next to nothing:
    the engine skips probing an empty side. -#}
{% macro suppressed_keys_relation() -%}
    {%- if crosschannel.in_unit_test() -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(ref('erasure_suppression_list')) -}}
{%- endmacro %}
