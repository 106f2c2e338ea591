"""Propensity to buy and its recency-only baseline, by the month's kept models (crosschannel.scoring),
predicted batch by batch."""

from crosschannel.kept_models import current_model
from crosschannel.scoring import (
    PREDICTION_BATCH_ROWS,
    PROPENSITY_SCORE,
    predict_propensity,
    predictions_by_batch,
    propensity_format,
)


def model(dbt, session):
    dbt.config(materialized="table")
    fitted = current_model(
        dbt.ref("int_scores__propensity_model").to_arrow_table(),
        PROPENSITY_SCORE,
        dbt.ref("int_scores__cutoffs").to_arrow_table(),
        propensity_format(),
    )
    features = dbt.ref("int_scores__features")
    return predictions_by_batch(
        lambda rows: predict_propensity(fitted, rows), features.to_arrow_reader(PREDICTION_BATCH_ROWS)
    )
