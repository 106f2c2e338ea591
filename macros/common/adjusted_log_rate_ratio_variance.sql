{#- The variance of adjusted_log_rate_ratio by the delta method: the sum over both groups of
    n p (1 - p) / (x + 0.25)^2, with p the group's shrunk rate ((1 - p) / x for large counts). -#}
{% macro adjusted_log_rate_ratio_variance(successes_1, trials_1, successes_2, trials_2) -%}
    {%- set groups = [successes_1, trials_1, successes_2, trials_2] -%}
    (
        {%- for successes, trials in [(successes_1, trials_1), (successes_2, trials_2)] %}
        {{ '+ ' if not loop.first }}{{ trials }} * {{ crosschannel.shrunk_rate(successes, trials, *groups) }}
        * (1 - {{ crosschannel.shrunk_rate(successes, trials, *groups) }})
        / (({{ successes }} + 0.25) * ({{ successes }} + 0.25))
        {%- endfor %}
    )
{%- endmacro %}
