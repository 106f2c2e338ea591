{#- The binomial share of a group shrunk towards its parent's (empirical Bayes, beta prior worth
    prior_orders orders): (successes + prior_orders x parent share) / (trials + prior_orders). -#}
{% macro pooled_share(successes, trials, parent_share, prior_orders) -%}
    ({{ successes }} + {{ prior_orders }} * {{ parent_share }}) / nullif({{ trials }} + {{ prior_orders }}, 0)
{%- endmacro %}
