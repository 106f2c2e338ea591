"""Kept predictions: which rows an incremental run predicts again, and how the predictions it writes are labelled."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa
import pytest
from crosschannel.kept_models import KEPT_MODEL_SCHEMA
from crosschannel.kept_predictions import (
    FINGERPRINT_COLUMN,
    VERSION_COLUMN,
    KeptPredictionsError,
    fingerprinted,
    labelled,
    rows_to_predict,
    scoring_version,
)

KEYS = ("customer_id", "cutoff_date")
INPUTS = ("cutoff_role", "orders", "revenue")


@pytest.fixture
def connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def _rows(connection: duckdb.DuckDBPyConnection, values: str) -> duckdb.DuckDBPyRelation:
    return fingerprinted(
        connection.sql(
            f"select * from (values {values}) as rows (customer_id, cutoff_date, cutoff_role, orders, revenue)"
        ),
        INPUTS,
    )


def _fingerprints(rows: duckdb.DuckDBPyRelation) -> dict[str, str]:
    return dict(rows.select(f"customer_id, {FINGERPRINT_COLUMN}").fetchall())


def test_the_fingerprint_changes_with_any_input_and_with_a_value_turning_null(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    rows = _rows(
        connection,
        "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 2, 10.5),"
        " ('CU3', date '2026-01-01', 'scoring', 3, 10.5), ('CU4', date '2026-01-01', 'validation', 2, 10.5),"
        " ('CU5', date '2026-01-01', 'scoring', 2, null), ('CU6', date '2025-12-01', 'scoring', 2, 10.5)",
    )
    fingerprints = _fingerprints(rows)
    # The same inputs give the same fingerprint, whoever and whenever (keys are not inputs).
    assert fingerprints["CU1"] == fingerprints["CU2"] == fingerprints["CU6"]
    assert len({fingerprints[customer] for customer in ("CU1", "CU3", "CU4", "CU5")}) == 4
    assert all(len(fingerprint) == 32 for fingerprint in fingerprints.values())


def _kept(connection: duckdb.DuckDBPyConnection, rows: duckdb.DuckDBPyRelation, version: str) -> duckdb.DuckDBPyRelation:
    """What a run writes: two models' predictions of each row, labelled."""
    table = labelled(
        lambda scored: pa.concat_tables(
            scored.select([*KEYS, "cutoff_role"]).append_column("model_name", pa.array([name] * scored.num_rows))
            for name in ("propensity", "recency_baseline")
        ),
        KEYS,
        version,
    )(rows.to_arrow_table())
    return connection.from_arrow(table).set_alias("int_scores__propensity")


def test_an_incremental_run_predicts_the_rows_whose_features_or_version_changed_and_no_other(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    before = _rows(
        connection,
        "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 5.0),"
        " ('CU3', date '2025-12-01', 'validation', 1, 5.0)",
    )
    kept = _kept(connection, before, "trained 2025-12-02T06:00:00; code abc")
    # CU2's revenue changed (a late order), CU3 gained a validation row of another cutoff, CU4 is new.
    now = _rows(
        connection,
        "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 7.0),"
        " ('CU3', date '2025-12-01', 'validation', 1, 5.0), ('CU3', date '2025-11-01', 'validation', 1, 5.0),"
        " ('CU4', date '2026-01-01', 'scoring', 1, 1.0)",
    )
    same_version = rows_to_predict(now, kept, KEYS, "trained 2025-12-02T06:00:00; code abc")
    assert sorted(same_version.select("customer_id, cast(cutoff_date as varchar)").fetchall()) == [
        ("CU2", "2026-01-01"),
        ("CU3", "2025-11-01"),
        ("CU4", "2026-01-01"),
    ]
    # Another model (trained again) or other prediction code: every row.
    assert rows_to_predict(now, kept, KEYS, "trained 2026-01-02T06:00:00; code abc").count("*").fetchall() == [(5,)]
    # Nothing kept (a first or a full build): every row.
    assert rows_to_predict(now, None, KEYS, "trained 2025-12-02T06:00:00; code abc").count("*").fetchall() == [(5,)]


def test_predictions_carry_the_fingerprint_of_their_own_row_and_the_version(connection: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(connection, "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 5.0)")
    written = _kept(connection, rows, "v1").to_arrow_table()
    fingerprints = _fingerprints(rows)
    assert written.num_rows == 4
    for row in written.to_pylist():
        assert row[FINGERPRINT_COLUMN] == fingerprints[row["customer_id"]]
        assert row[VERSION_COLUMN] == "v1"


def test_kept_predictions_without_fingerprints_ask_for_a_full_refresh(connection: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(connection, "('CU1', date '2026-01-01', 'scoring', 2, 10.5)")
    old = connection.sql("select 'CU1' as customer_id, date '2026-01-01' as cutoff_date, 0.5 as probability").set_alias(
        "int_scores__propensity"
    )
    with pytest.raises(KeptPredictionsError, match="lack features_fingerprint, scoring_version .*--full-refresh"):
        rows_to_predict(rows, old, KEYS, "v1")


def test_the_scoring_version_names_the_kept_model_and_the_prediction_code() -> None:
    def predict(rows: object) -> object:
        return rows

    def predict_otherwise(rows: object) -> object:
        return None

    kept = pa.table(
        {
            "score_name": ["propensity", "uplift"],
            "trained_at": [datetime(2025, 12, 2, 6, 0), datetime(2025, 11, 2, 6, 0)],
        }
    )
    version = scoring_version(kept, "propensity", (predict,))
    assert version.startswith("trained 2025-12-02T06:00:00; code ")
    assert scoring_version(kept, "propensity", (predict_otherwise,)) != version
    assert scoring_version(kept, "uplift", (predict,)).startswith("trained 2025-11-02T06:00:00; code ")
    with pytest.raises(KeptPredictionsError, match="0 kept models for lookalike"):
        scoring_version(KEPT_MODEL_SCHEMA.empty_table(), "lookalike", (predict,))
