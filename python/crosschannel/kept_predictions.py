"""Predictions kept between runs: an incremental run predicts again only the rows whose inputs changed, or
that another model (or other prediction code) must score, and keeps the other rows' predictions.

A prediction table (`int_scores__propensity`) holds, beside each prediction, the fingerprint of the inputs
it was made from (`features_fingerprint`: an md5 of the values the prediction reads, computed here from the
same list of inputs the model reads) and the version that made it (`scoring_version`: the kept model's
training time and a digest of the prediction code). An incremental run:

- fingerprints the rows to score and predicts those without a kept prediction of the same key, fingerprint
  and version (every row when the model was trained again: the first run of a month);
- writes them over the kept rows of the same key (delete+insert on the table's unique key);
- deletes, in the model's post-hook, the kept rows whose key is no longer scored (a merged customer, a
  cutoff of another month);
- with no model to score with, deletes every kept row: a full build has none either.

Each row is predicted on its own (`crosschannel.scoring.predictions_by_batch`), so a kept prediction is the
one a full build of the same data makes, to the last digit.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Final

import duckdb
import pyarrow as pa

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
    trained_at = [
        row["trained_at"]
        for row in kept_models.select(["score_name", "trained_at"]).to_pylist()
        if row["score_name"] == score_name
    ]
    if len(trained_at) != 1:
        raise KeptPredictionsError(f"{len(trained_at)} kept models for {score_name}: the table keeps one per score")
    source = "".join(inspect.getsource(function) for function in predict_code)
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return f"trained {trained_at[0].isoformat()}; code {digest}"


def rows_to_predict(
    rows: duckdb.DuckDBPyRelation, kept: duckdb.DuckDBPyRelation | None, keys: Sequence[str], version: str
) -> duckdb.DuckDBPyRelation:
    """The fingerprinted rows without a kept prediction of the same key, fingerprint and version; every row
    when nothing is kept (a first or a full build)."""
    if kept is None:
        return rows
    missing = [column for column in (*keys, FINGERPRINT_COLUMN, VERSION_COLUMN) if column not in kept.columns]
    if missing:
        raise KeptPredictionsError(
            f"the kept predictions lack {', '.join(missing)} (a table built before they were kept):"
            f" rebuild it once with dbt build --full-refresh --select {kept.alias}"
        )
    matched = (
        kept.filter(f"{VERSION_COLUMN} = '{version.replace(chr(39), chr(39) * 2)}'")
        .select(", ".join([*keys, FINGERPRINT_COLUMN]))
        .distinct()
        .set_alias("kept")
    )
    condition = " and ".join(f"scored.{column} = kept.{column}" for column in (*keys, FINGERPRINT_COLUMN))
    return rows.set_alias("scored").join(matched, condition, how="anti")


def labelled(
    predict: Callable[[pa.Table], pa.Table], keys: Sequence[str], version: str
) -> Callable[[pa.Table], pa.Table]:
    """predict, its predictions labelled with the fingerprint of the row each was made from (joined on keys)
    and the scoring version."""

    def predict_and_label(rows: pa.Table) -> pa.Table:
        predictions = predict(rows)
        fingerprints = rows.select([*keys, FINGERPRINT_COLUMN])
        joined = predictions.join(fingerprints, keys=list(keys), join_type="inner")
        return joined.append_column(VERSION_COLUMN, pa.array([version] * joined.num_rows, pa.string()))

    return predict_and_label


def delete_every_kept_row(session: Any, this: object) -> None:
    """Without a model to score with, the kept predictions go: a full build has none."""
    session.execute(f"delete from {this}")
