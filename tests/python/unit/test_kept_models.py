"""Kept score models: when a run trains again, what it keeps, and that a kept model scores as it did when fitted."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from crosschannel.kept_models import (
    KEPT_MODEL_SCHEMA,
    KeptModelError,
    TrainedModel,
    current_model,
    kept_model_table,
    model_format,
    model_to_keep,
    training_due,
)
from crosschannel.scoring import (
    PROPENSITY_SCORE,
    _fitted_rows,
    _uplift_fit,
    uplift_format,
    lookalike_covers,
    train_lookalike,
    UPLIFT_FEATURES,
    predict_propensity,
    predict_uplift,
    propensity_format,
    train_propensity,
    train_uplift,
    uplift_covers,
)

from test_scoring import _features, _uplift_subjects, _web_profiles

DECEMBER, JANUARY = date(2025, 12, 1), date(2026, 1, 1)
TRAINED_AT = datetime(2025, 12, 2, 6, 0)


def _cutoffs(scoring: date | None) -> pa.Table:
    dates = [date(2025, 9, 1), date(2025, 10, 1)] + ([scoring] if scoring else [])
    roles = ["training", "validation"] + (["scoring"] if scoring else [])
    return pa.table({"cutoff_date": pa.array(dates, pa.date32()), "cutoff_role": roles})


def _kept(cutoff: date, fitted: object = "a model", expected_format: str = "propensity; v1") -> pa.Table:
    trained = TrainedModel(fitted=fitted, trained_through=date(2025, 9, 1), training_rows=1200)
    return kept_model_table("propensity", cutoff, expected_format, trained, now=TRAINED_AT)


def test_a_monthly_schedule_trains_on_the_first_run_of_a_month_and_only_then() -> None:
    kept = _kept(DECEMBER)
    assert training_due(None, "propensity", DECEMBER, "monthly", "propensity; v1")
    assert not training_due(kept, "propensity", DECEMBER, "monthly", "propensity; v1")
    assert training_due(kept, "propensity", JANUARY, "monthly", "propensity; v1")
    # Another format (a new scikit-learn, other inputs), another score, or a kept model that cannot score the run.
    assert training_due(kept, "propensity", DECEMBER, "monthly", "propensity; v2")
    assert training_due(kept, "uplift", DECEMBER, "monthly", "propensity; v1")
    assert training_due(kept, "propensity", DECEMBER, "monthly", "propensity; v1", covers=lambda: False)
    assert training_due(kept, "propensity", DECEMBER, "every_run", "propensity; v1")
    with pytest.raises(KeptModelError, match="crosschannel__score_training_schedule is 'weekly'"):
        training_due(kept, "propensity", DECEMBER, "weekly", "propensity; v1")


def test_the_model_to_keep_is_a_new_row_when_training_is_due_and_none_otherwise() -> None:
    trainings: list[str] = []

    def train() -> TrainedModel:
        trainings.append("trained")
        return TrainedModel(fitted={"weights": [1, 2]}, trained_through=date(2025, 10, 1), training_rows=40)

    kept = _kept(DECEMBER)
    same_month = model_to_keep(kept, "propensity", _cutoffs(DECEMBER), "monthly", "propensity; v1", train)
    assert same_month.num_rows == 0 and same_month.schema == KEPT_MODEL_SCHEMA
    # covers is asked about the kept fitted model: one that can score the run's rows is kept.
    asked: list[object] = []
    covered = model_to_keep(
        kept, "propensity", _cutoffs(DECEMBER), "monthly", "propensity; v1", train, covers=lambda fitted: not asked.append(fitted)
    )
    assert covered.num_rows == 0 and asked == ["a model"] and trainings == []
    uncovered = model_to_keep(kept, "propensity", _cutoffs(DECEMBER), "monthly", "propensity; v1", train, covers=lambda _: False)
    assert uncovered.num_rows == 1 and trainings == ["trained"]
    trainings.clear()
    new_month = model_to_keep(kept, "propensity", _cutoffs(JANUARY), "monthly", "propensity; v1", train, now=TRAINED_AT)
    assert trainings == ["trained"]
    assert new_month.drop_columns(["fitted_model"]).to_pylist() == [
        {
            "score_name": "propensity",
            "trained_for_cutoff": JANUARY,
            "trained_at": TRAINED_AT,
            "trained_through": date(2025, 10, 1),
            "training_rows": 40,
            "model_format": "propensity; v1",
        }
    ]
    assert current_model(new_month, "propensity", _cutoffs(JANUARY), "propensity; v1") == {"weights": [1, 2]}
    # Without a scoring cutoff (no orders) nothing trains; with nothing to learn from, nothing is kept.
    assert model_to_keep(None, "propensity", _cutoffs(None), "monthly", "propensity; v1", train).num_rows == 0
    assert model_to_keep(None, "propensity", _cutoffs(JANUARY), "monthly", "propensity; v1", lambda: None).num_rows == 0
    assert trainings == ["trained"]


def test_a_kept_model_scores_only_the_month_and_format_it_was_trained_for() -> None:
    kept = _kept(DECEMBER)
    assert current_model(kept, "propensity", _cutoffs(DECEMBER), "propensity; v1") == "a model"
    assert current_model(kept, "propensity", _cutoffs(JANUARY), "propensity; v1") is None
    assert current_model(kept, "propensity", _cutoffs(DECEMBER), "propensity; v2") is None
    assert current_model(kept, "uplift", _cutoffs(DECEMBER), "propensity; v1") is None
    assert current_model(kept, "propensity", _cutoffs(None), "propensity; v1") is None


def test_the_format_names_the_score_the_library_every_input_in_order_and_the_training_code() -> None:
    uplift = model_format("uplift", UPLIFT_FEATURES, (train_uplift,))
    assert uplift.startswith("uplift; scikit-learn 1.")
    assert "; inputs " + ",".join(UPLIFT_FEATURES) + "; code " in uplift
    assert model_format("uplift", UPLIFT_FEATURES[::-1], (train_uplift,)) != uplift
    # A change to the training code (another hyperparameter) is another format.
    assert model_format("uplift", UPLIFT_FEATURES, (train_uplift,)) == model_format("uplift", UPLIFT_FEATURES, (train_uplift,))
    assert model_format("uplift", UPLIFT_FEATURES, (train_uplift,)) != model_format("uplift", UPLIFT_FEATURES, (train_propensity,))
    assert uplift_format() == model_format("uplift", UPLIFT_FEATURES, (train_uplift, _uplift_fit, _fitted_rows))


def test_a_kept_propensity_model_scores_as_the_model_it_was_before_keeping() -> None:
    table = _features(3000, seed=3)
    is_training = pc.equal(table.column("cutoff_role"), "training")
    trained = train_propensity(table.filter(is_training), seed=7)
    assert trained is not None and trained.training_rows == 2100 and trained.trained_through == date(2025, 6, 1)
    kept = kept_model_table(PROPENSITY_SCORE, JANUARY, propensity_format(), trained)
    scored = table.filter(pc.invert(is_training))
    fitted = current_model(kept, PROPENSITY_SCORE, _cutoffs(JANUARY), propensity_format())
    assert predict_propensity(fitted, scored).equals(predict_propensity(trained.fitted, scored))


def test_kept_uplift_models_cover_the_folds_they_were_fitted_for() -> None:
    subjects, _ = _uplift_subjects(members=3_000, scored=100, seed=5)
    folds = np.asarray(subjects.column("campaign_fold").to_numpy(zero_copy_only=False))
    without_fold_four = subjects.filter(pa.array(folds != 4))
    trained = train_uplift(without_fold_four, max_training_rows=1_000_000, seed=7)
    assert trained is not None and sorted(trained.fitted["by_fold"]) == [0, 1, 2, 3]
    assert uplift_covers(trained.fitted, without_fold_four)
    # A campaign delivered since, in a fold without a model: the schedule trains again.
    assert not uplift_covers(trained.fitted, subjects)
    assert not uplift_covers(None, subjects)
    with pytest.raises(ValueError, match="no kept uplift model for campaign fold 4"):
        predict_uplift(trained.fitted, subjects)


def test_kept_lookalike_models_cover_their_cutoffs_and_seed_category() -> None:
    profiles = _web_profiles(1500, 100, seed=5)
    trained = train_lookalike(profiles, seed=7)
    assert trained is not None and list(trained.fitted["by_cutoff"]) == [date(2026, 1, 1)]
    assert trained.trained_through == date(2026, 1, 1) and 1000 < trained.training_rows < 1100
    assert lookalike_covers(trained.fitted, profiles)
    # The seed category was changed (crosschannel__lookalike_seed_category), or a cutoff has no model: train again.
    other_category = profiles.set_column(4, "seed_category", pa.array(["ski"] * profiles.num_rows))
    assert not lookalike_covers(trained.fitted, other_category)
    later = profiles.set_column(2, "cutoff_date", pa.array([date(2026, 2, 1)] * profiles.num_rows))
    assert not lookalike_covers(trained.fitted, pa.concat_tables([profiles, later]))
    assert not lookalike_covers(None, profiles)
