{#- The training cutoffs' rows of the propensity's features (int_scores__cutoffs), computed as
    int_scores__features computes the others (crosschannel.score_features): a sample of
    crosschannel__score_max_training_rows customer-cutoff pairs at most, those whose md5 with
    crosschannel__score_seed is smallest (the models learn no better from millions of rows, and the
    features of the others are never computed).

    A view: only a run that trains the propensity models (int_scores__propensity_model, the first
    run of a month with the monthly schedule) computes it, so a daily run that scores with the
    kept models does not. No data test reads it for the same reason; its unit tests pin the
    sample. -#}
{{ config(materialized='view') }}
{{ crosschannel.score_features(training=true) }}
