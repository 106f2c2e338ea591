{#- One row per customer and validation or scoring cutoff (int_scores__cutoffs) for every customer
    active in the twelve months before it: recency, frequency and revenue by channel, web
    behaviour, leads, campaign exposure, last month's funnel stage and consent, all from activity
    strictly before the cutoff (nothing later leaks in); and, where the outcome is known, whether
    the customer bought in the crosschannel__propensity_horizon_days days from it. The training
    cutoffs' rows are int_scores__training_features: a view, computed only by a run that trains.
    The body (crosschannel.score_features) is the training rows' too. Incremental by customer (see
    the macro). -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('customer_id') -%}
{{ config(
    post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 'cutoff_date'),
    **incremental_config
) }}
{{ crosschannel.score_features(training=false) }}
