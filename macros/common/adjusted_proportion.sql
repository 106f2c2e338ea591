{#- A proportion with one success and one failure added, (x + 1) / (n + 2) (Agresti and Caffo
    2000): never zero nor one, so no variance built on it collapses at zero or all successes. -#}
{% macro adjusted_proportion(successes, trials) -%}
    ((cast({{ successes }} as double) + 1) / ({{ trials }} + 2))
{%- endmacro %}

{#- The variance of a difference of two conversion rates from the adjusted proportion of both
    groups pooled: p (1 - p) (1 / n1 + 1 / n2). Pooled, it does not shrink with the smaller group's
    own count as per-group variances do, which would make small control groups with no conversion
    look precise (and every estimate divided by it lean upwards); exact under no effect, and close
    under the small effects campaigns have. -#}
{% macro pooled_difference_variance(successes_1, trials_1, successes_2, trials_2) -%}
    {%- set pooled = crosschannel.adjusted_proportion(successes_1 ~ ' + ' ~ successes_2, trials_1 ~ ' + ' ~ trials_2) -%}
    ({{ pooled }} * (1 - {{ pooled }}) * (1.0 / nullif({{ trials_1 }}, 0) + 1.0 / nullif({{ trials_2 }}, 0)))
{%- endmacro %}

{#- The variance of a per-member amount that is zero unless the member converted: p x E[A^2] -
    (p x E[A])^2, with p an adjusted conversion rate and E[A], E[A^2] the mean and mean square of
    the amount among converters. It does not collapse when there are few or no converters, as the
    sample variance of mostly zeros does. -#}
{% macro compound_variance(successes, trials, converter_mean, converter_mean_square) -%}
    ({{ crosschannel.adjusted_proportion(successes, trials) }} * {{ converter_mean_square }}
    - {{ crosschannel.adjusted_proportion(successes, trials) }} * {{ crosschannel.adjusted_proportion(successes, trials) }}
    * {{ converter_mean }} * {{ converter_mean }})
{%- endmacro %}
