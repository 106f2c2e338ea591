{#- One end of a 95% normal interval, estimate -/+ z_95 x standard error. -#}
{% macro normal_interval(estimate, std_error, end) -%}
    {%- if end not in ('low', 'high') -%}
        {{ exceptions.raise_compiler_error("normal_interval: end must be 'low' or 'high', got " ~ end) }}
    {%- endif -%}
    ({{ estimate }} {{ '-' if end == 'low' else '+' }} {{ crosschannel.z_95() }} * {{ std_error }})
{%- endmacro %}
