"""Uplift of a campaign on each customer: conversion if treated minus if held out (crosschannel.scoring)."""

from crosschannel.scoring import uplift_predictions


def model(dbt, session):
    dbt.config(materialized="table")
    return uplift_predictions(dbt.ref("int_scores__uplift_features").arrow().read_all())
