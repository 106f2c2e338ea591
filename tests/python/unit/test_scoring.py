"""The scoring package functions: inputs, the training cutoff_role, and models that learn what they can."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from crosschannel.scoring import (
    FEATURES,
    PROPENSITY,
    RECENCY_BASELINE,
    UPLIFT_FEATURES,
    WEB_PROFILE,
    ScoringError,
    feature_matrix,
    held_out,
    linear_probability,
    predict_lookalike,
    predict_propensity,
    predict_uplift,
    predictions_by_batch,
    train_lookalike,
    train_propensity,
    train_uplift,
)
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler


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


def _propensity(table: pa.Table) -> pa.Table:
    """The model's predictions as the dbt model makes them: trained on the training rows, in a set order."""
    is_training = pc.equal(table.column("cutoff_role"), "training")
    trained = train_propensity(table.filter(is_training), seed=7)
    return predict_propensity(trained.fitted if trained else None, table.filter(pc.invert(is_training))).sort_by(
        [("model_name", "ascending"), ("customer_id", "ascending")]
    )


def test_the_model_beats_recency_where_the_signal_is_elsewhere_and_predicts_only_unseen_rows() -> None:
    table = _features(6000, seed=3)
    predictions = _propensity(table)
    shuffled = table.take(pa.array(np.random.default_rng(1).permutation(table.num_rows)))
    assert _propensity(shuffled).equals(predictions)
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
        _propensity(table.set_column(table.num_columns - 1, "buys_in_horizon", nobody))


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
            "cutoff_role": ["scoring"] * rows,
            "seed_category": ["beach"] * rows,
            **columns,
            "is_seed_buyer": pa.array(member.tolist() + [None] * cookies, pa.bool_()),
        }
    )


def lookalike_scores(profiles: pa.Table, seed: int) -> pa.Table:
    """The scores as the dbt models make them: trained on the profiles, then asked for every subject."""
    trained = train_lookalike(profiles, seed=seed)
    return predict_lookalike(trained.fitted if trained else None, profiles, seed=seed)


def test_the_holdout_draw_is_a_subjects_own_whoever_else_arrives() -> None:
    subjects = pa.array([f"CU{row:016X}" for row in range(20_000)])
    draws = held_out(subjects, seed=7)
    assert 0.29 < draws.mean() < 0.31
    np.testing.assert_array_equal(held_out(subjects.slice(5_000, 100), seed=7), draws[5_000:5_100])
    assert not np.array_equal(held_out(subjects, seed=8), draws)


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


def test_lookalike_fits_one_model_per_cutoff() -> None:
    """The backtest cutoff's scores are those of a model fitted on that cutoff alone, and the same
    for the current one: neither cutoff's rows move the other's model."""
    current = _web_profiles(1500, 200, seed=5)
    earlier = _web_profiles(1200, 300, seed=6)
    earlier = earlier.set_column(2, "cutoff_date", pa.array([date(2025, 10, 1)] * earlier.num_rows))
    earlier = earlier.set_column(3, "cutoff_role", pa.array(["backtest"] * earlier.num_rows))
    both = lookalike_scores(pa.concat_tables([current, earlier]), seed=7)
    alone = pa.concat_tables([lookalike_scores(earlier, seed=7), lookalike_scores(current, seed=7)])
    assert both.equals(alone)
    assert both.column("cutoff_role").to_pylist().count("backtest") == earlier.num_rows


def test_lookalike_without_seed_buyers_says_so() -> None:
    profiles = _web_profiles(200, 10, seed=5)
    nobody = pa.array([False] * 200 + [None] * 10, pa.bool_())
    with pytest.raises(ScoringError, match="single seed membership"):
        lookalike_scores(profiles.set_column(profiles.num_columns - 1, "is_seed_buyer", nobody), seed=7)


def _uplift_subjects(members: int, scored: int, seed: int) -> tuple[pa.Table, np.ndarray]:
    """Members of ten campaigns (five folds) whose organic buying follows their orders and whom a
    campaign moves only when they sent leads; and customers to score. Returns the true uplift too."""
    rng = np.random.default_rng(seed)
    rows = members + scored
    columns = {name: rng.integers(0, 4, rows).astype(float) for name in UPLIFT_FEATURES}
    baseline = 0.02 + 0.02 * columns["orders_24m"]
    uplift = np.where(columns["leads_24m"] >= 2, 0.25, 0.0)
    treated = rng.random(rows) < 0.6
    converted = rng.random(rows) < baseline + treated * uplift
    campaign = rng.integers(0, 10, rows)
    is_member = np.arange(rows) < members
    return (
        pa.table(
            {
                "subject_role": np.where(is_member, "campaign_member", "scoring"),
                "customer_id": [f"CU{row:016X}" for row in range(rows)],
                "campaign_id": pa.array([f"CMP{c:03d}" if m else None for c, m in zip(campaign, is_member)], pa.string()),
                "campaign_fold": pa.array([int(c % 5) if m else None for c, m in zip(campaign, is_member)], pa.int32()),
                "is_treated": pa.array([bool(t) if m else None for t, m in zip(treated, is_member)], pa.bool_()),
                "is_converted": pa.array([bool(v) if m else None for v, m in zip(converted, is_member)], pa.bool_()),
                **columns,
            }
        ),
        uplift,
    )


UPLIFT_PROBABILITIES = ["treated_probability", "control_probability", "predicted_uplift"]


def _uplift(subjects: pa.Table, max_training_rows: int = 1_000_000) -> pa.Table:
    """The predictions as the dbt models make them: trained on the members, then asked for every subject."""
    trained = train_uplift(subjects, max_training_rows=max_training_rows, seed=7)
    return predict_uplift(trained.fitted if trained else None, subjects).sort_by("customer_id")


@pytest.mark.parametrize("max_training_rows", [1_000_000, 6_000])
def test_uplift_finds_whom_the_campaign_moves_not_who_buys_anyway(max_training_rows: int) -> None:
    subjects, true_uplift = _uplift_subjects(members=20_000, scored=2_000, seed=3)
    predicted = _uplift(subjects, max_training_rows)
    assert predicted.num_rows == subjects.num_rows
    uplift = np.asarray(predicted.column("predicted_uplift").to_numpy())
    treated = np.asarray(predicted.column("treated_probability").to_numpy())
    control = np.asarray(predicted.column("control_probability").to_numpy())
    np.testing.assert_allclose(uplift, treated - control)
    moved = true_uplift > 0
    for role in ("campaign_member", "scoring"):
        rows = np.asarray(predicted.column("subject_role").to_numpy(zero_copy_only=False)) == role
        assert roc_auc_score(moved[rows], uplift[rows]) > 0.9, role


def _with_flags_flipped(table: pa.Table, name: str, rows: np.ndarray) -> pa.Table:
    values = np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=bool)
    return table.set_column(table.column_names.index(name), name, pa.array(np.where(rows, ~values, values)))


def test_members_are_predicted_by_models_that_never_saw_their_campaigns() -> None:
    subjects, _ = _uplift_subjects(members=6_000, scored=0, seed=4)
    fold_zero = np.asarray(subjects.column("campaign_fold").to_numpy(zero_copy_only=False)) == 0
    flipped = _with_flags_flipped(subjects, "is_converted", fold_zero)
    before = _uplift(subjects)
    after = _uplift(flipped)
    uplift_before = np.asarray(before.column("predicted_uplift").to_numpy())
    uplift_after = np.asarray(after.column("predicted_uplift").to_numpy())
    # Customer ids follow the row order, so the sorted predictions line up with fold_zero.
    np.testing.assert_array_equal(uplift_before[fold_zero], uplift_after[fold_zero])
    assert not np.allclose(uplift_before[~fold_zero], uplift_after[~fold_zero])


def test_uplift_does_not_depend_on_the_order_rows_arrive_in_and_samples_only_beyond_its_cap() -> None:
    subjects, _ = _uplift_subjects(members=3_000, scored=300, seed=5)
    shuffled = subjects.take(pa.array(np.random.default_rng(0).permutation(subjects.num_rows)))
    # The same rows in another order train the same models: they predict the same rows alike, exactly.
    for cap in (1_000_000, 1_000):
        models = [train_uplift(rows, max_training_rows=cap, seed=7) for rows in (shuffled, subjects)]
        assert predict_uplift(models[0].fitted, subjects).equals(predict_uplift(models[1].fitted, subjects)), cap
    # Predictions are made row by row, in the order rows arrive: the same, bit for bit.
    assert _uplift(subjects).equals(_uplift(shuffled))
    assert _uplift(subjects, max_training_rows=3_000).equals(_uplift(subjects))
    assert not _uplift(subjects, max_training_rows=1_000).equals(_uplift(subjects))


def test_uplift_needs_two_folds_and_both_outcomes_in_each_group() -> None:
    subjects, _ = _uplift_subjects(members=2_000, scored=0, seed=6)
    one_fold = subjects.set_column(
        subjects.column_names.index("campaign_fold"), "campaign_fold", pa.array([0] * subjects.num_rows, pa.int32())
    )
    with pytest.raises(ScoringError, match="at least two campaigns"):
        _uplift(one_fold)
    treated = np.asarray(subjects.column("is_treated").to_pylist(), dtype=bool)
    converted = np.asarray(subjects.column("is_converted").to_pylist(), dtype=bool)
    no_treated_member_converts = subjects.set_column(
        subjects.column_names.index("is_converted"), "is_converted", pa.array(converted & ~treated)
    )
    with pytest.raises(ScoringError, match="treatment members outside fold 0 hold a single outcome"):
        _uplift(no_treated_member_converts)


def test_no_delivered_history_scores_nobody_instead_of_failing() -> None:
    """A delivery with no orders, web events or campaigns yet (staged back offices only), or
    campaigns nobody converted from, builds: each model returns no rows, with the columns and
    types of its scores."""
    features = _features(200, seed=3)
    assert train_propensity(features.slice(0, 0), seed=7) is None
    propensity = predict_propensity(None, features.slice(0, 10))
    assert propensity.num_rows == 0
    assert propensity.schema.field("probability").type == pa.float64()
    assert propensity.column_names == ["customer_id", "cutoff_date", "cutoff_role", "model_name", "probability"]
    profiles = _web_profiles(0, 25, seed=5)
    lookalike = lookalike_scores(profiles, seed=7)
    assert lookalike.num_rows == 0
    assert lookalike.column_names == lookalike_scores(_web_profiles(200, 10, seed=5), seed=7).column_names
    subjects, _ = _uplift_subjects(members=0, scored=40, seed=6)
    uplift = _uplift(subjects)
    assert uplift.num_rows == 0
    members, _ = _uplift_subjects(members=500, scored=40, seed=6)
    nobody_converts = members.set_column(
        members.column_names.index("is_converted"), "is_converted", pa.array([False] * members.num_rows)
    )
    assert _uplift(nobody_converts).num_rows == 0
    assert uplift.column_names == _uplift(_uplift_subjects(members=2_000, scored=5, seed=6)[0]).column_names



def _in_small_batches_backwards(predict: Callable[[pa.Table], pa.Table], rows: pa.Table, key: list[str]) -> pa.Table:
    """The predictions of the rows asked seven at a time, last rows first, in the rows' set order."""
    batches = [predict(rows.slice(start, 7)) for start in reversed(range(0, rows.num_rows, 7))]
    return pa.concat_tables(batches).sort_by([(name, "ascending") for name in key])


def test_every_score_predicts_a_row_the_same_bit_for_bit_whatever_rows_come_with_it() -> None:
    """Scores are predicted batch by batch and in no set order: a row's score must not depend on either,
    or subjects with the same inputs would rank by rounding noise (scikit-learn's predict_proba of a
    logistic regression differs in the last digit between a batch of 13 rows and one of 2,000)."""
    table = _features(3000, seed=3)
    is_training = pc.equal(table.column("cutoff_role"), "training")
    propensity = train_propensity(table.filter(is_training), seed=7).fitted
    scored = table.filter(pc.invert(is_training))
    key = ["model_name", "customer_id"]
    whole = predict_propensity(propensity, scored).sort_by([(name, "ascending") for name in key])
    assert _in_small_batches_backwards(lambda rows: predict_propensity(propensity, rows), scored, key).equals(whole)

    subjects, _ = _uplift_subjects(members=3_000, scored=300, seed=5)
    uplift = train_uplift(subjects, max_training_rows=1_000_000, seed=7).fitted
    whole = predict_uplift(uplift, subjects).sort_by("customer_id")
    assert _in_small_batches_backwards(lambda rows: predict_uplift(uplift, rows), subjects, ["customer_id"]).equals(whole)

    profiles = _web_profiles(2_000, 200, seed=5)
    lookalike = train_lookalike(profiles, seed=7).fitted
    key = ["cutoff_date", "subject_type", "subject_id"]
    whole = predict_lookalike(lookalike, profiles, seed=7).sort_by([(name, "ascending") for name in key])
    by_batch = _in_small_batches_backwards(lambda rows: predict_lookalike(lookalike, rows, seed=7), profiles, key)
    assert by_batch.equals(whole)


def test_linear_probability_is_predict_proba_to_the_last_digits_and_reads_only_what_it_knows() -> None:
    subjects, _ = _uplift_subjects(members=3_000, scored=0, seed=5)
    model = train_uplift(subjects, max_training_rows=1_000_000, seed=7).fitted["every_member"]
    inputs = np.random.default_rng(1).lognormal(size=(500, model[-1].coef_.shape[1]))
    np.testing.assert_allclose(linear_probability(model, inputs), model.predict_proba(inputs)[:, 1], rtol=0, atol=1e-14)
    with pytest.raises(ScoringError, match="StandardScaler steps only, not MinMaxScaler"):
        linear_probability(make_pipeline(MinMaxScaler(), model[-1]), inputs)


def test_predictions_by_batch_are_the_predictions_of_the_whole_one_batch_at_a_time() -> None:
    table = _features(3000, seed=3)
    is_training = pc.equal(table.column("cutoff_role"), "training")
    fitted = train_propensity(table.filter(is_training), seed=7).fitted
    scored = table.filter(pc.invert(is_training))
    whole = predict_propensity(fitted, scored)
    batches_read: list[int] = []

    def predict(rows: pa.Table) -> pa.Table:
        batches_read.append(rows.num_rows)
        return predict_propensity(fitted, rows)

    reader = predictions_by_batch(predict, pa.RecordBatchReader.from_batches(scored.schema, scored.to_batches(max_chunksize=250)))
    assert batches_read == [0]  # only the columns, until the predictions are read
    by_batch = reader.read_all()
    assert batches_read == [0, 250, 250, 250, 150]
    # The same rows and probabilities, batch by batch rather than model by model.
    key = [("model_name", "ascending"), ("customer_id", "ascending")]
    assert by_batch.sort_by(key).equals(whole.sort_by(key))
    empty = predictions_by_batch(predict, pa.RecordBatchReader.from_batches(scored.schema, [])).read_all()
    assert empty.num_rows == 0 and empty.schema == whole.schema


def test_uplift_trains_the_same_models_from_its_members_alone() -> None:
    """int_scores__uplift_model hands the training its campaign members only, not the customers to score."""
    subjects, _ = _uplift_subjects(members=3_000, scored=300, seed=5)
    members_only = subjects.filter(pc.equal(subjects.column("subject_role"), "campaign_member"))
    for cap in (1_000_000, 1_000):
        from_all = train_uplift(subjects, max_training_rows=cap, seed=7)
        from_members = train_uplift(members_only, max_training_rows=cap, seed=7)
        assert from_all.training_rows == from_members.training_rows == 3_000
        assert predict_uplift(from_all.fitted, subjects).equals(predict_uplift(from_members.fitted, subjects)), cap
