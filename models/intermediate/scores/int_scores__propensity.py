"""Propensity to buy and its recency-only baseline, by the month's kept models (crosschannel.scoring),
predicted batch by batch; an incremental run predicts only the rows whose features changed since, or all
of them with a new model (crosschannel.kept_predictions)."""

from crosschannel.kept_models import current_model
from crosschannel.kept_predictions import fingerprinted, rows_to_predict, scoring_version, with_version
from crosschannel.scoring import (
    FEATURES,
    PREDICTION_BATCH_ROWS,
    PROPENSITY_SCORE,
    predict_propensity,
    predictions_by_batch,
    propensity_format,
    propensity_prediction_code,
)


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append", on_schema_change="fail")
    kept_models = dbt.ref("int_scores__propensity_model").to_arrow_table()
    fitted = current_model(
        kept_models, PROPENSITY_SCORE, dbt.ref("int_scores__cutoffs").to_arrow_table(), propensity_format()
    )
    # Without a model every kept row goes (no version matches), and nothing is predicted.
    version = scoring_version(kept_models, PROPENSITY_SCORE, propensity_prediction_code()) if fitted else ""
    # What the models read, and the role each row is written with.
    features = fingerprinted(dbt.ref("int_scores__features"), ("cutoff_role", *FEATURES))
    kept = dbt.this if dbt.is_incremental else None
    rows = rows_to_predict(session, features, kept, ("customer_id", "cutoff_date"), version)
    return predictions_by_batch(
        with_version(lambda scored: predict_propensity(fitted, scored), version),
        rows.to_arrow_reader(PREDICTION_BATCH_ROWS),
    )
