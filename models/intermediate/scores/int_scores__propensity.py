"""Propensity to buy and its recency-only baseline, trained on older cutoffs (crosschannel.scoring)."""

from crosschannel.scoring import propensity_predictions


def model(dbt, session):
    dbt.config(materialized="table")
    return propensity_predictions(
        dbt.ref("int_scores__features").arrow().read_all(),
        max_training_rows=int(dbt.config.get("max_training_rows")),
        seed=int(dbt.config.get("seed")),
    )
