"""The lookalike models kept for the scoring month: trained on a schedule (crosschannel.kept_models)."""

from crosschannel.kept_models import current_model, model_to_keep
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
    cutoffs = dbt.ref("int_scores__cutoffs").to_arrow_table()
    return model_to_keep(
        kept=session.sql(f"select * exclude (fitted_model) from {dbt.this}").to_arrow_table() if dbt.is_incremental else None,
        score_name=LOOKALIKE_SCORE,
        cutoffs=cutoffs,
        schedule=dbt.config.get("training_schedule"),
        expected_format=lookalike_format(),
        train=lambda: train_lookalike(profiles.to_arrow_table(), seed=seed),
        # Another seed category (crosschannel__lookalike_seed_category changed), or a cutoff without a model.
        covers=lambda: lookalike_covers(
            current_model(session.sql(f"select * from {dbt.this}").to_arrow_table(), LOOKALIKE_SCORE, cutoffs, lookalike_format()),
            profiles.filter("subject_type = 'customer'").project("subject_type, subject_id, cutoff_date, seed_category").to_arrow_table(),
        ),
    )
