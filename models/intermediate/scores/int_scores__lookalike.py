"""Lookalike of the seed audience for every customer and anonymous cookie (crosschannel.scoring)."""

from crosschannel.scoring import lookalike_scores


def model(dbt, session):
    dbt.config(materialized="table")
    return lookalike_scores(dbt.ref("int_scores__web_profiles").to_arrow_table(), seed=int(dbt.config.get("seed")))
