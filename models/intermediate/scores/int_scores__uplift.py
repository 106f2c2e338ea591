"""Uplift of a campaign on each customer, by the month's kept models: conversion if treated minus if held
out (crosschannel.scoring), predicted batch by batch; an incremental run predicts only the subjects whose
features changed since, or all of them with a new model (crosschannel.kept_predictions)."""

from crosschannel.kept_models import current_model
from crosschannel.kept_predictions import fingerprinted, rows_to_predict, scoring_version, with_version
from crosschannel.scoring import (
    PREDICTION_BATCH_ROWS,
    UPLIFT_FEATURES,
    UPLIFT_SCORE,
    predict_uplift,
    predictions_by_batch,
    uplift_format,
    uplift_prediction_code,
)


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="append", on_schema_change="fail")
    kept_models = dbt.ref("int_scores__uplift_model").to_arrow_table()
    fitted = current_model(kept_models, UPLIFT_SCORE, dbt.ref("int_scores__cutoffs").to_arrow_table(), uplift_format())
    # Without a model every kept row goes (no version matches), and nothing is predicted.
    version = scoring_version(kept_models, UPLIFT_SCORE, uplift_prediction_code()) if fitted else ""
    # What the models read: a member's fold picks the model that never saw the member's campaign.
    features = fingerprinted(
        dbt.ref("int_scores__uplift_features"), ("subject_role", "campaign_fold", *UPLIFT_FEATURES)
    )
    kept = dbt.this if dbt.is_incremental else None
    rows = rows_to_predict(session, features, kept, ("subject_role", "customer_id", "campaign_id"), version)
    return predictions_by_batch(
        with_version(lambda scored: predict_uplift(fitted, scored), version),
        rows.to_arrow_reader(PREDICTION_BATCH_ROWS),
    )
