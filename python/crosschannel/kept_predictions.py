"""Predictions kept between runs: an incremental run predicts again only the rows whose inputs changed, or
that another model (or other prediction code) must score, and keeps the other rows' predictions.

A prediction table (`int_scores__propensity`) holds, beside each prediction, the fingerprint of the inputs
it was made from (`features_fingerprint`: an md5 of the values the prediction reads, computed here from the
same list of inputs the model reads) and the version that made it (`scoring_version`: the kept model's
training time and a digest of the prediction code). An incremental run:

- fingerprints the rows to score;
- deletes the kept predictions made by another version (every row when the model was trained again, the
  first run of a month; every row when there is no model to score with, as a full build would have none)
  or from features no row carries now (a customer with new activity, a late order, a merge, a cutoff of
  another month);
- predicts the rows whose key has no kept prediction left, and appends them.

Each row is predicted on its own (`crosschannel.scoring.predictions_by_batch`), so a kept prediction is the
one a full build of the same data makes, to the last digit.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final

import duckdb
import pyarrow as pa

from crosschannel.kept_models import kept_row

FINGERPRINT_COLUMN: Final = "features_fingerprint"
VERSION_COLUMN: Final = "scoring_version"


class KeptPredictionsError(ValueError):
    """The kept predictions cannot be used; the message says what to do."""


def fingerprinted(rows: duckdb.DuckDBPyRelation, inputs: Sequence[str]) -> duckdb.DuckDBPyRelation:
    """The rows with their features_fingerprint: an md5 of the named columns' values as text, each NULL
    written '~' (so that a value turning NULL changes the fingerprint)."""
    values = ", ".join(f"coalesce(cast({column} as varchar), '~')" for column in inputs)
    return rows.project(f"*, md5(concat_ws('|', {values})) as {FINGERPRINT_COLUMN}")


def scoring_version(kept_models: pa.Table, score_name: str, predict_code: Sequence[Callable[..., object]]) -> str:
    """What made a prediction: the kept model's training time (kept_models holds the kept-model table's
    rows) and a digest of the source of the functions that predict with it."""
    row = kept_row(kept_models, score_name)
    if row is None:
        raise KeptPredictionsError(f"0 kept models for {score_name}: nothing made the predictions")
    trained_at = row["trained_at"]
    assert isinstance(trained_at, datetime)
    source = "".join(inspect.getsource(function) for function in predict_code)
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return f"trained {trained_at.isoformat()}; code {digest}"


def rows_to_predict(
    session: Any, rows: duckdb.DuckDBPyRelation, this: object | None, keys: Sequence[str], version: str
) -> duckdb.DuckDBPyRelation:
    """The fingerprinted rows to predict: every row when nothing is kept (this None: a first or a full
    build). Else it first deletes from this (the kept predictions) every row made by another version or
    from a fingerprint no row of the key carries now (a key no longer scored among them), then gives the
    rows whose key has no kept prediction left. Keys compare NULL to NULL."""
    if this is None:
        return rows
    kept = session.table(str(this))
    missing = [column for column in (*keys, FINGERPRINT_COLUMN, VERSION_COLUMN) if column not in kept.columns]
    if missing:
        raise KeptPredictionsError(
            f"the kept predictions lack {', '.join(missing)} (a table built before they were kept):"
            f" rebuild it once with dbt build --full-refresh --select {kept.alias}"
        )
    same_key = " and ".join(f"scored.{column} is not distinct from kept.{column}" for column in keys)
    session.execute(
        f"delete from {this} as kept where kept.{VERSION_COLUMN} is distinct from $version"
        f" or not exists (select 1 from ({rows.sql_query()}) as scored where {same_key}"
        f" and scored.{FINGERPRINT_COLUMN} = kept.{FINGERPRINT_COLUMN})",
        {"version": version},
    )
    # kept reads the table as it is now, after the delete.
    kept_keys = kept.select(", ".join(keys)).distinct().set_alias("kept")
    return rows.set_alias("scored").join(kept_keys, same_key, how="anti")


def with_version(predict: Callable[[pa.Table], pa.Table], version: str) -> Callable[[pa.Table], pa.Table]:
    """predict, each prediction labelled with the scoring version (predict carries each row's fingerprint)."""

    def predict_and_label(rows: pa.Table) -> pa.Table:
        predictions = predict(rows)
        return predictions.append_column(VERSION_COLUMN, pa.array([version] * predictions.num_rows, pa.string()))

    return predict_and_label
