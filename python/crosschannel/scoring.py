"""Propensity to buy (a gradient-boosted model against a recency-only baseline, on a time split),
lookalike scores of a seed audience and uplift scores from past randomised campaigns.

The features come one row per customer and cutoff date with a `cutoff_role`: training rows (older
cutoffs, outcomes known) in `int_scores__training_features`, validation rows (later cutoffs, outcomes
known, never trained on) and scoring rows (the current cutoff) in `int_scores__features`. Both models
learn from the training rows only and predict the validation and scoring rows; the marts measure them
on the validation rows the same way, so the model must beat the baseline on outcomes it never saw.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from datetime import date
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from scipy.special import expit
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from crosschannel.kept_models import TrainedModel, model_format
from crosschannel.kept_predictions import FINGERPRINT_COLUMN

FEATURES: Final = (
    "days_since_last_order",
    "orders_12m",
    "orders_3m",
    "web_orders_12m",
    "offline_orders_12m",
    "revenue_eur_12m",
    "days_since_last_session",
    "sessions_1m",
    "sessions_3m",
    "product_views_1m",
    "product_views_3m",
    "leads_3m",
    "quote_leads_3m",
    "campaign_touches_3m",
    "active_months_12m",
    "funnel_stage_rank",
    "has_email_opt_in",
)
LABEL: Final = "buys_in_horizon"
PROPENSITY: Final = "propensity"
RECENCY_BASELINE: Final = "recency_baseline"


class ScoringError(ValueError):
    """The features cannot train a model; the message says why."""


# Rows a Python model predicts at a time (predictions_by_batch).
PREDICTION_BATCH_ROWS: Final = 250_000


def predictions_by_batch(predict: Callable[[pa.Table], pa.Table], rows: pa.RecordBatchReader) -> pa.RecordBatchReader:
    """The predictions of each batch of rows as it is read: a Python model that returns this holds one
    batch of inputs and predictions at a time, whatever the rows (DuckDB writes each batch as it comes).
    predict must predict each row on its own (`linear_probability`, trees) and give a table of the same
    columns for no rows."""
    schema = predict(rows.schema.empty_table()).schema

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in rows:
            if batch.num_rows:
                yield from predict(pa.Table.from_batches([batch])).cast(schema).to_batches()

    return pa.RecordBatchReader.from_batches(schema, batches())


def linear_probability(model: Pipeline | LogisticRegression, inputs: NDArray[np.float64]) -> NDArray[np.float64]:
    """The probability of the positive class by a fitted logistic regression (after its StandardScaler,
    in a pipeline), each row computed by the same operations in the same order wherever it sits.
    scikit-learn's predict_proba goes through a matrix product, whose kernels round a row's last digit
    by how many rows are predicted with it: subjects with the same inputs then rank by that noise, and
    a prediction would change with the batch or the order rows arrive in."""
    steps = [step for _, step in model.steps] if isinstance(model, Pipeline) else [model]
    *scalers, regression = steps
    values = inputs
    for scaler in scalers:
        if not isinstance(scaler, StandardScaler):
            raise ScoringError(f"linear_probability reads StandardScaler steps only, not {type(scaler).__name__}")
        values = (values - scaler.mean_) / scaler.scale_
    if not isinstance(regression, LogisticRegression) or regression.coef_.shape[0] != 1:
        raise ScoringError("linear_probability needs a fitted two-class LogisticRegression as the last step")
    logits = np.full(len(values), regression.intercept_[0])
    for column, weight in enumerate(regression.coef_[0]):
        logits = logits + values[:, column] * weight
    return np.asarray(expit(logits), dtype=np.float64)


def _float_columns(table: pa.Table, names: tuple[str, ...], what: str) -> NDArray[np.float64]:
    """The named columns as a float matrix, one column per name; a clear error names those missing."""
    missing = [name for name in names if name not in table.column_names]
    if missing:
        raise ScoringError(f"{what} lack column(s): {', '.join(missing)}")
    # Arrow's cast, not numpy's: sums arrive as decimals, which numpy would convert one object at a time.
    # Filled column by column: stacking a list of columns held every value twice at once.
    matrix = np.empty((table.num_rows, len(names)))
    for index, name in enumerate(names):
        matrix[:, index] = table.column(name).cast(pa.float64()).to_numpy()
    return matrix


def feature_matrix(features: pa.Table) -> NDArray[np.float64]:
    """The model inputs, one column per name of FEATURES, as floats."""
    return _float_columns(features, FEATURES, "features")


def recency_input(features: pa.Table) -> NDArray[np.float64]:
    """The baseline's only input: log(1 + days since the last order)."""
    return np.log1p(_float_columns(features, ("days_since_last_order",), "features"))


PROPENSITY_SCORE: Final = "propensity"


def propensity_format() -> str:
    """The kept propensity models' format: both models and their inputs."""
    return model_format(PROPENSITY_SCORE, FEATURES, (train_propensity,))


def train_propensity(training: pa.Table, seed: int) -> TrainedModel | None:
    """Both models (by name) learnt from the training rows; None when there are none."""
    if training.num_rows == 0:
        # A delivery without orders, or with too short a history, has nothing to learn from yet:
        # no scores rather than a failed build (the evaluation marts are then empty too).
        return None
    # Rows arrive in no set order: sorted, the fit is the same on every run.
    training = training.sort_by([("cutoff_date", "ascending"), ("customer_id", "ascending")])
    labels = np.asarray(training.column(LABEL).to_numpy(zero_copy_only=False), dtype=bool)
    if len(np.unique(labels)) < 2:
        raise ScoringError(
            f"the {len(labels)} training rows hold a single outcome: widen crosschannel__score_training_cutoffs"
        )
    model = HistGradientBoostingClassifier(
        learning_rate=0.05, max_iter=100, max_leaf_nodes=7, min_samples_leaf=80, l2_regularization=1.0,
        early_stopping=False, random_state=seed,
    )  # fmt: skip
    model.fit(feature_matrix(training), labels)
    baseline = LogisticRegression().fit(recency_input(training), labels)
    return TrainedModel(
        fitted={PROPENSITY: model, RECENCY_BASELINE: baseline},
        trained_through=max(training.column("cutoff_date").to_pylist()),
        training_rows=training.num_rows,
    )


def predict_propensity(fitted: object | None, scored: pa.Table) -> pa.Table:
    """Both models' probabilities of buying for every scored row (long format); no rows without models."""
    if fitted is None or scored.num_rows == 0:
        return _propensity_table(scored.slice(0, 0), [(PROPENSITY, np.empty(0)), (RECENCY_BASELINE, np.empty(0))])
    assert isinstance(fitted, dict)
    return _propensity_table(
        scored,
        [
            (PROPENSITY, fitted[PROPENSITY].predict_proba(feature_matrix(scored))[:, 1]),
            (RECENCY_BASELINE, linear_probability(fitted[RECENCY_BASELINE], recency_input(scored))),
        ],
    )


def _carried(rows: pa.Table) -> dict[str, pa.ChunkedArray]:
    """What a prediction carries from its row as it is: the fingerprint of the row's features, when the rows
    have one (crosschannel.kept_predictions)."""
    return {FINGERPRINT_COLUMN: rows.column(FINGERPRINT_COLUMN)} if FINGERPRINT_COLUMN in rows.column_names else {}


def _propensity_table(scored: pa.Table, predictions: list[tuple[str, NDArray[np.float64]]]) -> pa.Table:
    """The scored rows once per model (long format), each with that model's probabilities."""
    return pa.concat_tables(
        [
            pa.table(
                {
                    "customer_id": scored.column("customer_id"),
                    "cutoff_date": scored.column("cutoff_date"),
                    "cutoff_role": scored.column("cutoff_role"),
                    "model_name": pa.array([name] * scored.num_rows, pa.string()),
                    "probability": pa.array(probabilities, pa.float64()),
                    **_carried(scored),
                }
            )
            for name, probabilities in predictions
        ]
    )


def propensity_prediction_code() -> tuple[Callable[..., object], ...]:
    """The functions a propensity prediction runs through: a change to them scores every kept row again
    (crosschannel.kept_predictions)."""
    return (
        predict_propensity, _propensity_table, _carried, feature_matrix, recency_input, linear_probability,
        _float_columns,
    )  # fmt: skip


WEB_PROFILE: Final = (
    "web_events_3m",
    "product_views_3m",
    "seed_category_views_3m",
    "categories_viewed_3m",
    "add_to_carts_3m",
    "lead_form_events_3m",
    "active_days_3m",
    "days_since_last_visit",
)
HOLDOUT_SHARE: Final = 0.3


LOOKALIKE_SCORE: Final = "lookalike"


def lookalike_format() -> str:
    """The kept lookalike models' format: the web profile they read."""
    return model_format(LOOKALIKE_SCORE, WEB_PROFILE, (train_lookalike, held_out))


def held_out(subject_ids: pa.ChunkedArray | pa.Array, seed: int) -> NDArray[np.bool_]:
    """Whether each subject is in the holdout: HOLDOUT_SHARE of them, drawn from a hash of the id and the
    seed, so that a subject keeps its draw on every run and at every cutoff (a kept model's holdout
    stays unseen, whoever arrives after its training)."""
    draws = [
        int.from_bytes(hashlib.blake2b(f"{seed}|{subject}".encode(), digest_size=8).digest(), "big")
        for subject in subject_ids.to_pylist()
    ]
    return np.asarray(draws, dtype=np.float64) / 2.0**64 < HOLDOUT_SHARE


def _cutoff_slices(profiles: pa.Table) -> list[tuple[date, pa.Table]]:
    """The profiles of each look-alike cutoff, customers first, each sorted by subject (a fit's set order)."""
    profiles = profiles.sort_by(
        [("cutoff_date", "ascending"), ("subject_type", "ascending"), ("subject_id", "ascending")]
    )
    cutoffs = np.asarray(profiles.column("cutoff_date").to_numpy(zero_copy_only=False))
    _, firsts = np.unique(cutoffs, return_index=True)
    bounds = [*firsts.tolist(), len(cutoffs)]
    slices = [profiles.slice(start, end - start) for start, end in itertools.pairwise(bounds)]
    return [(table.column("cutoff_date")[0].as_py(), table) for table in slices]


def _customers(profiles: pa.Table) -> NDArray[np.bool_]:
    return np.asarray(pc.equal(profiles.column("subject_type"), "customer").fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def train_lookalike(profiles: pa.Table, seed: int) -> TrainedModel | None:
    """One model per look-alike cutoff (the current one, and the backtest one before it): a logistic
    regression of seed membership on web behaviour (log counts, standardised) learnt from the cutoff's
    customers outside the holdout (`held_out`). A cutoff without customers has no model; None without any."""
    by_cutoff: dict[date, Pipeline] = {}
    seed_categories: dict[date, str | None] = {}
    training_rows = 0
    for cutoff, table in _cutoff_slices(profiles):
        customers = _customers(table)
        trained_on = np.flatnonzero(customers)[~held_out(table.column("subject_id").filter(pa.array(customers)), seed)]
        if customers.sum() == 0:
            # No customer with a web profile (no web events, or no customers yet): nothing to learn
            # from, so nobody is scored rather than the build failing.
            continue
        members = np.asarray(table.column("is_seed_buyer").to_numpy(zero_copy_only=False), dtype=object)
        labels = members[trained_on].astype(bool)
        if len(np.unique(labels)) < 2:
            raise ScoringError(f"the {len(labels)} training customers hold a single seed membership: no lookalike to learn")
        inputs = np.log1p(_float_columns(table.take(pa.array(trained_on)), WEB_PROFILE, "web profiles"))
        by_cutoff[cutoff] = make_pipeline(StandardScaler(), LogisticRegression()).fit(inputs, labels)
        seed_categories[cutoff] = table.column("seed_category")[0].as_py()
        training_rows += len(labels)
    if not by_cutoff:
        return None
    return TrainedModel(
        fitted={"by_cutoff": by_cutoff, "seed_category": seed_categories},
        trained_through=max(by_cutoff),
        training_rows=training_rows,
    )


def lookalike_covers(fitted: object | None, profiles: pa.Table) -> bool:
    """Whether the kept models hold one for every cutoff with customers, of the same seed category."""
    if not isinstance(fitted, dict):
        return False
    for cutoff, table in _cutoff_slices(profiles):
        if _customers(table).any() and (
            cutoff not in fitted["by_cutoff"] or fitted["seed_category"][cutoff] != table.column("seed_category")[0].as_py()
        ):
            return False
    return True


def predict_lookalike(fitted: object | None, profiles: pa.Table, seed: int) -> pa.Table:
    """How much each customer and anonymous cookie behaves on the web like the seed audience, by the model
    of its cutoff: customers are `training` or `holdout` (the customers the model never learnt from, which
    measure it) by their draw, cookies, which have no membership, `cookie`. No rows for a cutoff without
    a model."""
    tables = []
    for cutoff, table in _cutoff_slices(profiles) if isinstance(fitted, dict) else []:
        if cutoff not in fitted["by_cutoff"]:
            continue
        customers = _customers(table)
        folds = np.full(table.num_rows, "cookie", dtype=object)
        holdout = held_out(table.column("subject_id").filter(pa.array(customers)), seed)
        folds[np.flatnonzero(customers)] = np.where(holdout, "holdout", "training")
        inputs = np.log1p(_float_columns(table, WEB_PROFILE, "web profiles"))
        tables.append(_lookalike_table(table, folds, linear_probability(fitted["by_cutoff"][cutoff], inputs)))
    return pa.concat_tables(tables) if tables else _lookalike_table(profiles.slice(0, 0), np.empty(0, dtype=object), np.empty(0))


def _lookalike_table(profiles: pa.Table, folds: NDArray[np.object_], scores: NDArray[np.float64]) -> pa.Table:
    return pa.table(
        {
            "subject_type": profiles.column("subject_type"),
            "subject_id": profiles.column("subject_id"),
            "cutoff_date": profiles.column("cutoff_date"),
            "cutoff_role": profiles.column("cutoff_role"),
            "seed_category": profiles.column("seed_category"),
            "fold": pa.array(folds.tolist(), pa.string()),
            "lookalike_score": pa.array(scores, pa.float64()),
        }
    )


UPLIFT_FEATURES: Final = (
    "days_since_last_order",
    "orders_24m",
    "web_orders_24m",
    "revenue_eur_24m",
    "leads_24m",
    "quote_leads_24m",
)


def _flags(features: pa.Table, name: str) -> NDArray[np.bool_]:
    """A boolean column as an array, NULL (a customer to score, not a campaign member) as False."""
    return np.asarray(features.column(name).fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _with_treatment(inputs: NDArray[np.float64], treated: NDArray[np.bool_]) -> NDArray[np.float64]:
    """The S-learner's inputs: the features, the treatment flag and each feature times the flag."""
    flag = treated.astype(np.float64).reshape(-1, 1)
    return np.hstack([inputs, flag, inputs * flag])


def _uplift_fit(
    inputs: NDArray[np.float64], treated: NDArray[np.bool_], converted: NDArray[np.bool_], where: str
) -> Pipeline:
    """A logistic regression of conversion on the features, the treatment and their interactions
    (the S-learner): both groups share what predicts buying anyway, the interactions learn whom
    the treatment moves; a model per group (two-model) was noisier on small control groups."""
    for group_name, group in (("treatment", treated), ("control", ~treated)):
        if len(np.unique(converted[group])) < 2:
            raise ScoringError(
                f"the {int(group.sum())} {group_name} members {where} hold a single outcome: "
                "no uplift to learn (fewer crosschannel__uplift_folds, or more campaigns)"
            )
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        _with_treatment(inputs, treated), converted
    )


def _if_treated_and_not(model: Pipeline, inputs: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each row's conversion probability if treated (column 0) and if held out (column 1)."""
    rows = len(inputs)
    return np.column_stack(
        [
            linear_probability(model, _with_treatment(inputs, np.ones(rows, dtype=bool))),
            linear_probability(model, _with_treatment(inputs, np.zeros(rows, dtype=bool))),
        ]
    )


def _fitted_rows(rows: NDArray[np.bool_], max_rows: int, seed: int, fit: int) -> NDArray[np.int64]:
    """Indexes of the rows a model fits: all of them, or a sample of max_rows seeded by the fit."""
    indexes = np.flatnonzero(rows)
    if len(indexes) > max_rows:
        indexes = np.sort(np.random.default_rng([seed, fit]).choice(indexes, size=max_rows, replace=False))
    return indexes


UPLIFT_SCORE: Final = "uplift"
# The columns of the campaign members' features that train_uplift reads: the subject, its fold, the
# inputs and the outcome.
UPLIFT_TRAINING_COLUMNS: Final = (
    "subject_role", "campaign_id", "customer_id", "campaign_fold", "is_treated", "is_converted", *UPLIFT_FEATURES,
)  # fmt: skip


def uplift_format() -> str:
    """The kept uplift models' format: the S-learner's inputs."""
    return model_format(UPLIFT_SCORE, UPLIFT_FEATURES, (train_uplift, _uplift_fit, _fitted_rows))


def _in_subject_order(features: pa.Table) -> pa.Table:
    """The rows sorted by subject (role, campaign, customer): rows arrive in no set order, and sorted the fits
    are the same on every run. The campaign and customer ids only order them and are not copied (at 1M
    persons, a sorted copy of every column took a gigabyte)."""
    order = pc.sort_indices(
        features, sort_keys=[("subject_role", "ascending"), ("campaign_id", "ascending"), ("customer_id", "ascending")]
    )
    return features.drop_columns(["campaign_id", "customer_id"]).take(order)


def _member_folds(features: pa.Table) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which rows are campaign members, and each row's campaign fold (-1 for the customers to score)."""
    # Compared in Arrow: turning millions of roles into Python strings first took seconds at 1M persons.
    members = pc.equal(features.column("subject_role"), "campaign_member").fill_null(False)
    folds = np.asarray(features.column("campaign_fold").fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.asarray(members.to_numpy(zero_copy_only=False), dtype=bool), folds


def train_uplift(features: pa.Table, max_training_rows: int, seed: int) -> TrainedModel | None:
    """The S-learners of the campaign members: one per fold, fitted on the other folds' members (to predict
    that fold's members, whose campaigns it never saw), and one fitted on every member (to score the
    customers). Each fits max_training_rows of its members at most (a seeded sample beyond): a logistic
    regression of thirteen inputs learns no more from millions. None when no member converted, or none
    was delivered: nothing to learn uplift from."""
    features = _in_subject_order(features)
    members, folds = _member_folds(features)
    inputs = _float_columns(features, UPLIFT_FEATURES, "uplift features")
    np.log1p(inputs, out=inputs)
    treated, converted = _flags(features, "is_treated"), _flags(features, "is_converted")
    member_folds = np.unique(folds[members])
    if len(np.unique(converted[members])) < 2:
        # No randomised campaign delivered yet, or no member converted (no orders or leads yet):
        # nothing to learn uplift from, so nobody is scored rather than the build failing.
        return None
    if len(member_folds) < 2:
        raise ScoringError(
            f"campaign members fall in {len(member_folds)} fold(s): at least two campaigns are needed to "
            "measure uplift on campaigns the model never saw"
        )
    by_fold = {}
    for fold in member_folds:
        fitted_on = _fitted_rows(members & (folds != fold), max_training_rows, seed, fit=int(fold) + 1)
        by_fold[int(fold)] = _uplift_fit(inputs[fitted_on], treated[fitted_on], converted[fitted_on], f"outside fold {fold}")
    fitted_on = _fitted_rows(members, max_training_rows, seed, fit=0)
    every_member = _uplift_fit(inputs[fitted_on], treated[fitted_on], converted[fitted_on], "of all campaigns")
    return TrainedModel(
        fitted={"by_fold": by_fold, "every_member": every_member}, trained_through=None, training_rows=int(members.sum())
    )


def uplift_covers(fitted: object | None, features: pa.Table) -> bool:
    """Whether the kept models hold one for the fold of every campaign member to predict."""
    if not isinstance(fitted, dict):
        return False
    members, folds = _member_folds(features)
    return set(np.unique(folds[members]).tolist()) <= set(fitted["by_fold"])


def predict_uplift(fitted: object | None, features: pa.Table) -> pa.Table:
    """Each subject's conversion probability if treated and if not, and their difference (the uplift).

    Campaign members (`subject_role` campaign_member) are predicted out of fold: by the model of their
    campaign's fold, fitted on the members of the other folds' campaigns, so the evaluation measures
    campaigns the model never saw. Customers to score (`subject_role` scoring) are predicted by the model
    fitted on every campaign member. Each row is predicted on its own (`linear_probability`), so the rows
    need no set order and may come batch by batch. No rows without models."""
    if fitted is None or features.num_rows == 0:
        return _uplift_table(features.slice(0, 0), np.empty((0, 2)))
    assert isinstance(fitted, dict)
    members, folds = _member_folds(features)
    inputs = np.log1p(_float_columns(features, UPLIFT_FEATURES, "uplift features"))
    probabilities = np.full((features.num_rows, 2), np.nan)
    for fold in np.unique(folds[members]):
        if int(fold) not in fitted["by_fold"]:
            raise ScoringError(f"no kept uplift model for campaign fold {fold}: train again (every_run)")
        predicted = members & (folds == fold)
        probabilities[predicted] = _if_treated_and_not(fitted["by_fold"][int(fold)], inputs[predicted])
    if (~members).any():
        probabilities[~members] = _if_treated_and_not(fitted["every_member"], inputs[~members])
    return _uplift_table(features, probabilities)


def _uplift_table(features: pa.Table, probabilities: NDArray[np.float64]) -> pa.Table:
    """Each row's keys with its probabilities if treated (column 0) and if not (column 1), and their difference."""
    return pa.table(
        {
            "subject_role": features.column("subject_role"),
            "customer_id": features.column("customer_id"),
            "campaign_id": features.column("campaign_id"),
            "treated_probability": pa.array(probabilities[:, 0], pa.float64()),
            "control_probability": pa.array(probabilities[:, 1], pa.float64()),
            "predicted_uplift": pa.array(probabilities[:, 0] - probabilities[:, 1], pa.float64()),
        }
    )
