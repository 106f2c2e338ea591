"""Propensity to buy and its recency-only baseline, by the month's kept models (crosschannel.scoring)."""

from crosschannel.kept_models import current_model
from crosschannel.scoring import PROPENSITY_SCORE, predict_propensity, propensity_format


def model(dbt, session):
    dbt.config(materialized="table")
    fitted = current_model(
        dbt.ref("int_scores__propensity_model").to_arrow_table(),
        PROPENSITY_SCORE,
        dbt.ref("int_scores__cutoffs").to_arrow_table(),
        propensity_format(),
    )
    return predict_propensity(
        fitted, dbt.ref("int_scores__features").filter("cutoff_role <> 'training'").to_arrow_table()
    )
