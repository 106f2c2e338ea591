"""Uplift of a campaign on each customer, by the month's kept models: conversion if treated minus if held
out (crosschannel.scoring)."""

from crosschannel.kept_models import current_model
from crosschannel.scoring import UPLIFT_SCORE, predict_uplift, uplift_format


def model(dbt, session):
    dbt.config(materialized="table")
    fitted = current_model(
        dbt.ref("int_scores__uplift_model").to_arrow_table(),
        UPLIFT_SCORE,
        dbt.ref("int_scores__cutoffs").to_arrow_table(),
        uplift_format(),
    )
    return predict_uplift(fitted, dbt.ref("int_scores__uplift_features").to_arrow_table())
