"""Lookalike of the seed audience for every customer and anonymous cookie, by the month's kept models
(crosschannel.scoring)."""

from crosschannel.kept_models import current_model
from crosschannel.scoring import LOOKALIKE_SCORE, lookalike_format, predict_lookalike


def model(dbt, session):
    dbt.config(materialized="table")
    fitted = current_model(
        dbt.ref("int_scores__lookalike_model").to_arrow_table(),
        LOOKALIKE_SCORE,
        dbt.ref("int_scores__cutoffs").to_arrow_table(),
        lookalike_format(),
    )
    return predict_lookalike(fitted, dbt.ref("int_scores__web_profiles").to_arrow_table(), seed=int(dbt.config.get("seed")))
