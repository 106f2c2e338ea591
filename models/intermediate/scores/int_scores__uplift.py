"""Uplift of a campaign on each customer: conversion if treated minus if held out (crosschannel.scoring)."""

from crosschannel.scoring import uplift_predictions


def model(dbt, session):
    dbt.config(materialized="table")
    return uplift_predictions(
        dbt.ref("int_scores__uplift_features").to_arrow_table(),
        max_training_rows=int(dbt.config.get("max_training_rows")),
        seed=int(dbt.config.get("seed")),
    )
