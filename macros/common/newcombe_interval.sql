{#- One end of Newcombe's hybrid score 95% interval of a difference of two proportions,
    x1 / n1 - x2 / n2, from the Wilson intervals of each (Newcombe 1998, method 10): right at
    small counts and at zero successes. -#}
{% macro newcombe_interval(successes_1, trials_1, successes_2, trials_2, end) -%}
    {%- if end not in ('low', 'high') -%}
        {{ exceptions.raise_compiler_error("newcombe_interval: end must be 'low' or 'high', got " ~ end) }}
    {%- endif -%}
    {%- set rate_1 = '(cast(' ~ successes_1 ~ ' as double) / nullif(' ~ trials_1 ~ ', 0))' -%}
    {%- set rate_2 = '(cast(' ~ successes_2 ~ ' as double) / nullif(' ~ trials_2 ~ ', 0))' -%}
    {%- set other = 'high' if end == 'low' else 'low' -%}
    {%- set far_1 = '(' ~ rate_1 ~ ' - ' ~ crosschannel.wilson_interval(successes_1, trials_1, end) ~ ')' -%}
    {%- set far_2 = '(' ~ crosschannel.wilson_interval(successes_2, trials_2, other) ~ ' - ' ~ rate_2 ~ ')' -%}
    ({{ rate_1 }} - {{ rate_2 }} {{ '-' if end == 'low' else '+' }} sqrt({{ far_1 }} * {{ far_1 }} + {{ far_2 }} * {{ far_2 }}))
{%- endmacro %}
