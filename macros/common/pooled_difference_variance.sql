{#- The variance of a difference of two conversion rates from the adjusted proportion of both
    groups pooled: p (1 - p) (1 / n1 + 1 / n2). Pooled, it does not shrink with the smaller group's
    own count as per-group variances do, which would make small control groups with no conversion
    look precise (and every estimate divided by it lean upwards); exact under no effect, and close
    under the small effects campaigns have. -#}
{% macro pooled_difference_variance(successes_1, trials_1, successes_2, trials_2) -%}
    {%- set pooled = crosschannel.adjusted_proportion(successes_1 ~ ' + ' ~ successes_2, trials_1 ~ ' + ' ~ trials_2) -%}
    ({{ pooled }} * (1 - {{ pooled }}) * (1.0 / nullif({{ trials_1 }}, 0) + 1.0 / nullif({{ trials_2 }}, 0)))
{%- endmacro %}
