"""The uplift models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import kept_rows, model_to_keep
from crosschannel.scoring import UPLIFT_SCORE, UPLIFT_TRAINING_COLUMNS, train_uplift, uplift_covers, uplift_format


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
    # Only campaign members train (the customers to score sort after them: the same fits, less memory).
    members = features.filter("subject_role = 'campaign_member'")
    return model_to_keep(
        kept=kept_rows(session, dbt.this, dbt.is_incremental),
        score_name=UPLIFT_SCORE,
        cutoffs=dbt.ref("int_scores__cutoffs").to_arrow_table(),
        schedule=dbt.config.get("training_schedule"),
        expected_format=uplift_format(),
        # Only the columns the training reads: the others held 400 MiB more at 1M persons.
        train=lambda: train_uplift(
            members.project(", ".join(UPLIFT_TRAINING_COLUMNS)).to_arrow_table(),
            max_training_rows=max_training_rows,
            seed=seed,
        ),
        # A campaign delivered since the training whose fold has no model: train again.
        covers=lambda fitted: uplift_covers(fitted, members.project("subject_role, campaign_fold").to_arrow_table()),
    )
