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
    features = dbt.ref("int_scores__features")
    return model_to_keep(
        kept=kept_rows(session, dbt.this, dbt.is_incremental),
        score_name=PROPENSITY_SCORE,
        cutoffs=dbt.ref("int_scores__cutoffs").to_arrow_table(),
        schedule=dbt.config.get("training_schedule"),
        expected_format=propensity_format(),
        train=lambda: train_propensity(features.filter("cutoff_role = 'training'").to_arrow_table(), seed=seed),
    )
