"""The propensity models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import kept_rows, model_to_keep
from crosschannel.scoring import PROPENSITY_SCORE, propensity_format, train_propensity


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        full_refresh=False,
        unique_key="score_name",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    seed = int(dbt.config.get("seed"))
    # A view: computed only when the model trains (the first run of a month with the monthly schedule).
    training_features = dbt.ref("int_scores__training_features")
    return model_to_keep(
        kept=kept_rows(session, dbt.this, dbt.is_incremental),
        score_name=PROPENSITY_SCORE,
        cutoffs=dbt.ref("int_scores__cutoffs").to_arrow_table(),
        schedule=dbt.config.get("training_schedule"),
        expected_format=propensity_format(),
        train=lambda: train_propensity(training_features.to_arrow_table(), seed=seed),
    )
