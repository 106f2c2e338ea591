"""The propensity models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import model_to_keep
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
        kept=session.sql(f"select * exclude (fitted_model) from {dbt.this}").to_arrow_table() if dbt.is_incremental else None,
        score_name=PROPENSITY_SCORE,
        cutoffs=dbt.ref("int_scores__cutoffs").to_arrow_table(),
        schedule=dbt.config.get("training_schedule"),
        expected_format=propensity_format(),
        train=lambda: train_propensity(features.filter("cutoff_role = 'training'").to_arrow_table(), seed=seed),
    )
