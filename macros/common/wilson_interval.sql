{#- One end of the 95% Wilson score interval of a proportion, successes out of trials: it keeps
    its coverage with few or no successes, where the Wald interval collapses to a point. NULL
    without trials. -#}
{% macro wilson_interval(successes, trials, end) -%}
    {%- if end not in ('low', 'high') -%}
        {{ exceptions.raise_compiler_error("wilson_interval: end must be 'low' or 'high', got " ~ end) }}
    {%- endif -%}
    {%- set z = crosschannel.z_95() | float -%}
    {%- set n = 'nullif(' ~ trials ~ ', 0)' -%}
    {%- set rate = '(cast(' ~ successes ~ ' as double) / ' ~ n ~ ')' -%}
    (({{ rate }} + {{ z * z / 2 }} / {{ n }})
    {{ '-' if end == 'low' else '+' }} {{ z }} * sqrt({{ rate }} * (1 - {{ rate }}) / {{ n }} + {{ z * z / 4 }} / ({{ n }} * {{ n }})))
    / (1 + {{ z * z }} / {{ n }})
{%- endmacro %}
