"""The lookalike models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import kept_rows, model_to_keep
from crosschannel.scoring import LOOKALIKE_SCORE, lookalike_covers, lookalike_format, train_lookalike


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        full_refresh=False,
        unique_key="score_name",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    seed = int(dbt.config.get("seed"))
    profiles = dbt.ref("int_scores__web_profiles")
    customers = profiles.filter("subject_type = 'customer'").project("subject_type, subject_id, cutoff_date, seed_category")
    return model_to_keep(
        kept=kept_rows(session, dbt.this, dbt.is_incremental),
        score_name=LOOKALIKE_SCORE,
        cutoffs=dbt.ref("int_scores__cutoffs").to_arrow_table(),
        schedule=dbt.config.get("training_schedule"),
        expected_format=lookalike_format(),
        train=lambda: train_lookalike(profiles.to_arrow_table(), seed=seed),
        # Another seed category (crosschannel__lookalike_seed_category changed), or a cutoff without a model.
        covers=lambda fitted: lookalike_covers(fitted, customers.to_arrow_table()),
    )
