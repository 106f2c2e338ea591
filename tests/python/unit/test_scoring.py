"""The propensity package functions: inputs, the training cutoff_role, and models that learn what they can."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pytest
from crosschannel.scoring import (
    FEATURES,
    PROPENSITY,
    RECENCY_BASELINE,
    WEB_PROFILE,
    ScoringError,
    feature_matrix,
    lookalike_scores,
    propensity_predictions,
    training_rows,
)
from sklearn.metrics import roc_auc_score


def _features(rows: int, seed: int) -> pa.Table:
    """Customers whose buying depends on product views (invisible to recency) and a little on recency."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {name: rng.integers(0, 5, rows).astype(float) for name in FEATURES}
    columns["days_since_last_order"] = rng.integers(1, 367, rows).astype(float)
    views = rng.poisson(2.0, rows).astype(float)
    columns["product_views_1m"] = views
    chance = 1 / (1 + np.exp(-(-4.0 + 0.9 * views - 0.002 * columns["days_since_last_order"])))
    samples = np.where(np.arange(rows) < rows * 0.7, "training", "validation")
    samples[-50:] = "scoring"
    bought = rng.random(rows) < chance
    return pa.table(
        {
            "customer_id": [f"CU{row:016X}" for row in range(rows)],
            "cutoff_date": [date(2025, 6, 1)] * rows,
            "cutoff_role": samples,
            **columns,
            "buys_in_horizon": pa.array(np.where(samples == "scoring", None, bought), pa.bool_()),
        }
    )


def test_feature_matrix_follows_the_feature_list_and_names_what_is_missing() -> None:
    table = _features(100, seed=1)
    assert feature_matrix(table).shape == (100, len(FEATURES))
    with pytest.raises(ScoringError, match="features lack column\\(s\\): leads_3m"):
        feature_matrix(table.drop_columns(["leads_3m"]))


def test_training_rows_are_the_training_sample_or_a_seeded_subset() -> None:
    samples = np.array(["training", "validation", "training", "scoring", "training"])
    assert training_rows(samples, max_rows=10, seed=1).tolist() == [0, 2, 4]
    sampled = training_rows(samples, max_rows=2, seed=1)
    assert len(sampled) == 2 and set(sampled) <= {0, 2, 4}
    assert sampled.tolist() == training_rows(samples, max_rows=2, seed=1).tolist()


def test_the_model_beats_recency_where_the_signal_is_elsewhere_and_predicts_only_unseen_rows() -> None:
    table = _features(6000, seed=3)
    predictions = propensity_predictions(table, max_training_rows=100_000, seed=7)
    shuffled = table.take(pa.array(np.random.default_rng(1).permutation(table.num_rows)))
    assert propensity_predictions(shuffled, max_training_rows=100_000, seed=7).equals(predictions)
    assert set(predictions.column("cutoff_role").to_pylist()) == {"validation", "scoring"}
    assert predictions.num_rows == 2 * (6000 - 4200)
    outcome = dict(zip(table.column("customer_id").to_pylist(), table.column("buys_in_horizon").to_pylist(), strict=True))
    auc = {}
    for name in (PROPENSITY, RECENCY_BASELINE):
        rows = [
            (outcome[customer], probability)
            for customer, cutoff_role, model, probability in zip(*(predictions.column(c).to_pylist() for c in (
                "customer_id", "cutoff_role", "model_name", "probability")), strict=True)
            if model == name and cutoff_role == "validation"
        ]  # fmt: skip
        auc[name] = roc_auc_score([bought for bought, _ in rows], [probability for _, probability in rows])
    assert auc[PROPENSITY] > 0.75
    assert auc[PROPENSITY] > auc[RECENCY_BASELINE] + 0.15


def test_a_training_sample_with_one_outcome_cannot_train() -> None:
    table = _features(300, seed=2)
    nobody = pa.array([False if cutoff_role != "scoring" else None for cutoff_role in table.column("cutoff_role").to_pylist()])
    with pytest.raises(ScoringError, match="single outcome"):
        propensity_predictions(table.set_column(table.num_columns - 1, "buys_in_horizon", nobody), 1000, seed=7)


def _web_profiles(customers: int, cookies: int, seed: int) -> pa.Table:
    """Seed buyers view the seed category far more; everything else is noise."""
    rng = np.random.default_rng(seed)
    rows = customers + cookies
    columns: dict[str, object] = {name: rng.poisson(3.0, rows).astype(float) for name in WEB_PROFILE}
    member = rng.random(customers) < 0.1
    columns["seed_category_views_3m"] = rng.poisson(np.r_[np.where(member, 6.0, 0.5), np.full(cookies, 1.0)])
    return pa.table(
        {
            "subject_type": ["customer"] * customers + ["cookie"] * cookies,
            "subject_id": [f"S{row}" for row in range(rows)],
            "cutoff_date": [date(2026, 1, 1)] * rows,
            "seed_category": ["beach"] * rows,
            **columns,
            "is_seed_buyer": pa.array(member.tolist() + [None] * cookies, pa.bool_()),
        }
    )


def test_lookalike_learns_the_seed_audience_and_scores_cookies_too() -> None:
    profiles = _web_profiles(3000, 500, seed=5)
    scores = lookalike_scores(profiles, seed=7)
    fold = dict(zip(scores.column("subject_id").to_pylist(), scores.column("fold").to_pylist(), strict=True))
    score = dict(zip(scores.column("subject_id").to_pylist(), scores.column("lookalike_score").to_pylist(), strict=True))
    subjects = profiles.column("subject_id").to_pylist()
    assert [fold[subject] for subject in subjects[3000:]] == ["cookie"] * 500
    assert 0.25 < [fold[subject] for subject in subjects[:3000]].count("holdout") / 3000 < 0.35
    # The same rows in another order give the same folds and scores.
    shuffled = profiles.take(pa.array(np.random.default_rng(1).permutation(profiles.num_rows)))
    assert lookalike_scores(shuffled, seed=7).equals(scores)
    member = dict(zip(subjects, profiles.column("is_seed_buyer").to_pylist(), strict=True))
    holdout = [subject for subject in subjects if fold[subject] == "holdout"]
    assert roc_auc_score([member[subject] for subject in holdout], [score[subject] for subject in holdout]) > 0.85


def test_lookalike_without_seed_buyers_says_so() -> None:
    profiles = _web_profiles(200, 10, seed=5)
    nobody = pa.array([False] * 200 + [None] * 10, pa.bool_())
    with pytest.raises(ScoringError, match="single seed membership"):
        lookalike_scores(profiles.set_column(profiles.num_columns - 1, "is_seed_buyer", nobody), seed=7)
