{#- One end of a 95% interval of a positive ratio by the delta method on the log scale:
    ratio x exp(-/+ z x sqrt(relative variance)), where the relative variance is var(ratio) /
    ratio^2. Never below zero, and wider above than below, as a ratio of sums is. -#}
{% macro log_scale_interval(ratio, relative_variance, end) -%}
    {%- if end not in ('low', 'high') -%}
        {{ exceptions.raise_compiler_error("log_scale_interval: end must be 'low' or 'high', got " ~ end) }}
    {%- endif -%}
    {{ ratio }} * exp({{ '-' if end == 'low' else '' }}{{ crosschannel.z_95() }} * sqrt({{ relative_variance }}))
{%- endmacro %}
