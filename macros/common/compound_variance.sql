{#- The variance of a per-member amount that is zero unless the member converted: p x E[A^2] -
    (p x E[A])^2, with p an adjusted conversion rate and E[A], E[A^2] the mean and mean square of
    the amount among converters. It does not collapse when there are few or no converters, as the
    sample variance of mostly zeros does. -#}
{% macro compound_variance(successes, trials, converter_mean, converter_mean_square) -%}
    ({{ crosschannel.adjusted_proportion(successes, trials) }} * {{ converter_mean_square }}
    - {{ crosschannel.adjusted_proportion(successes, trials) }} * {{ crosschannel.adjusted_proportion(successes, trials) }}
    * {{ converter_mean }} * {{ converter_mean }})
{%- endmacro %}
