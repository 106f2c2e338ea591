{#- The log of the ratio of two conversion rates, x1 / n1 over x2 / n2, on shrunk rates: defined at
    zero conversions, and nearly unbiased at small counts and unequal group sizes. -#}
{% macro adjusted_log_rate_ratio(successes_1, trials_1, successes_2, trials_2) -%}
    {%- set groups = [successes_1, trials_1, successes_2, trials_2] -%}
    ln(
        {{ crosschannel.shrunk_rate(successes_1, trials_1, *groups) }}
        / {{ crosschannel.shrunk_rate(successes_2, trials_2, *groups) }}
    )
{%- endmacro %}
