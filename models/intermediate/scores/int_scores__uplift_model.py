"""The uplift models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import current_model, model_to_keep
from crosschannel.scoring import UPLIFT_SCORE, train_uplift, uplift_covers, uplift_format


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        full_refresh=False,
        unique_key="score_name",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    max_training_rows, seed = int(dbt.config.get("max_training_rows")), int(dbt.config.get("seed"))
    features = dbt.ref("int_scores__uplift_features")
    cutoffs = dbt.ref("int_scores__cutoffs").to_arrow_table()
    return model_to_keep(
        kept=session.sql(f"select * exclude (fitted_model) from {dbt.this}").to_arrow_table() if dbt.is_incremental else None,
        score_name=UPLIFT_SCORE,
        cutoffs=cutoffs,
        schedule=dbt.config.get("training_schedule"),
        expected_format=uplift_format(),
        train=lambda: train_uplift(features.to_arrow_table(), max_training_rows=max_training_rows, seed=seed),
        # A campaign delivered since the training whose fold has no model: train again.
        covers=lambda: uplift_covers(
            current_model(session.sql(f"select * from {dbt.this}").to_arrow_table(), UPLIFT_SCORE, cutoffs, uplift_format()),
            features.filter("subject_role = 'campaign_member'").project("subject_role, campaign_fold").to_arrow_table(),
        ),
    )
