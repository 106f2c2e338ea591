"""Uplift of a campaign on each customer, by the month's kept models: conversion if treated minus if held
out (crosschannel.scoring), predicted batch by batch."""

from crosschannel.kept_models import current_model
from crosschannel.scoring import PREDICTION_BATCH_ROWS, UPLIFT_SCORE, predict_uplift, predictions_by_batch, uplift_format


def model(dbt, session):
    dbt.config(materialized="table")
    fitted = current_model(
        dbt.ref("int_scores__uplift_model").to_arrow_table(),
        UPLIFT_SCORE,
        dbt.ref("int_scores__cutoffs").to_arrow_table(),
        uplift_format(),
    )
    features = dbt.ref("int_scores__uplift_features")
    return predictions_by_batch(lambda rows: predict_uplift(fitted, rows), features.to_arrow_reader(PREDICTION_BATCH_ROWS))
