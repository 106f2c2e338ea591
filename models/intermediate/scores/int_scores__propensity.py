"""Propensity to buy and its recency-only baseline, by the month's kept models (crosschannel.scoring),
predicted batch by batch; an incremental run predicts only the rows whose features changed since, or all
of them with a new model (crosschannel.kept_predictions)."""

from crosschannel.kept_models import current_model
from crosschannel.kept_predictions import (
    delete_every_kept_row,
    fingerprinted,
    labelled,
    rows_to_predict,
    scoring_version,
)
from crosschannel.scoring import (
    FEATURES,
    PREDICTION_BATCH_ROWS,
    PROPENSITY_SCORE,
    predict_propensity,
    predictions_by_batch,
    propensity_format,
    propensity_prediction_code,
)

KEYS = ("customer_id", "cutoff_date")


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key=["customer_id", "cutoff_date", "model_name"],
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    kept_models = dbt.ref("int_scores__propensity_model").to_arrow_table()
    fitted = current_model(
        kept_models, PROPENSITY_SCORE, dbt.ref("int_scores__cutoffs").to_arrow_table(), propensity_format()
    )
    kept = session.table(str(dbt.this)) if dbt.is_incremental else None
    if fitted is None and kept is not None:
        delete_every_kept_row(session, dbt.this)
    version = scoring_version(kept_models, PROPENSITY_SCORE, propensity_prediction_code()) if fitted else ""
    # The inputs the models read, and the role the row is written with.
    features = fingerprinted(dbt.ref("int_scores__features"), ("cutoff_role", *FEATURES))
    return predictions_by_batch(
        labelled(lambda rows: predict_propensity(fitted, rows), KEYS, version),
        rows_to_predict(features, kept, KEYS, version).to_arrow_reader(PREDICTION_BATCH_ROWS),
    )
