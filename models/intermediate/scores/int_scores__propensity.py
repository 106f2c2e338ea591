"""Propensity to buy and its recency-only baseline, trained on older cutoffs (crosschannel.scoring)."""

from crosschannel.scoring import propensity_predictions, training_sample


def model(dbt, session):
    dbt.config(materialized="table")
    features = dbt.ref("int_scores__features")
    seed = int(dbt.config.get("seed"))
    return propensity_predictions(
        training_sample(features, max_rows=int(dbt.config.get("max_training_rows")), seed=seed),
        features.filter("cutoff_role <> 'training'").to_arrow_table(),
        seed=seed,
    )
