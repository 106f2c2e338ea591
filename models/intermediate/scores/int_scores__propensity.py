"""Propensity to buy and its recency-only baseline, trained on older cutoffs (crosschannel.scoring)."""

from crosschannel.scoring import propensity_predictions


def model(dbt, session):
    dbt.config(materialized="table")
    features = dbt.ref("int_scores__features")
    return propensity_predictions(
        features.filter("cutoff_role = 'training'").to_arrow_table(),
        features.filter("cutoff_role <> 'training'").to_arrow_table(),
        seed=int(dbt.config.get("seed")),
    )
