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
    rows_to_predict,
    scoring_version,
    with_version,
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


def _predict(scored: pa.Table) -> pa.Table:
    """Two models' predictions of each row, carrying its fingerprint as crosschannel.scoring's predictions do."""
    return pa.concat_tables(
        scored.select([*KEYS, "cutoff_role", FINGERPRINT_COLUMN]).append_column(
            "model_name", pa.array([name] * scored.num_rows, pa.string())
        )
        for name in ("propensity", "recency_baseline")
    )


def _keep(connection: duckdb.DuckDBPyConnection, rows: duckdb.DuckDBPyRelation, version: str) -> str:
    """A prediction table as a run writes it: the name of the table."""
    written = with_version(_predict, version)(rows.to_arrow_table())
    connection.execute("create or replace table kept_predictions as select * from written")
    return "kept_predictions"


def _keys(rows: duckdb.DuckDBPyRelation) -> list[tuple[str, str]]:
    return sorted(rows.select("customer_id, cast(cutoff_date as varchar)").fetchall())


BEFORE = (
    "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 5.0),"
    " ('CU3', date '2025-12-01', 'validation', 1, 5.0), ('CU5', date '2025-12-01', 'validation', 1, 5.0)"
)
# CU2's revenue changed (a late order), CU3 gained a row of another cutoff, CU4 is new, CU5 is gone (merged).
NOW = (
    "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 7.0),"
    " ('CU3', date '2025-12-01', 'validation', 1, 5.0), ('CU3', date '2025-11-01', 'validation', 1, 5.0),"
    " ('CU4', date '2026-01-01', 'scoring', 1, 1.0)"
)
VERSION = "trained 2025-12-02T06:00:00; code abc"


def test_an_incremental_run_predicts_the_rows_whose_features_changed_and_deletes_the_stale_ones(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    kept = _keep(connection, _rows(connection, BEFORE), VERSION)
    now = _rows(connection, NOW)
    to_predict = rows_to_predict(connection, now, kept, KEYS, VERSION)
    assert _keys(to_predict) == [("CU2", "2026-01-01"), ("CU3", "2025-11-01"), ("CU4", "2026-01-01")]
    # The kept rows left are those still true: CU1's and CU3's December row, both models.
    assert _keys(connection.table(kept)) == [("CU1", "2026-01-01")] * 2 + [("CU3", "2025-12-01")] * 2
    # Written, the predictions are those of every row now, each once per model.
    written = with_version(_predict, VERSION)(to_predict.to_arrow_table())
    connection.execute("insert into kept_predictions by name select * from written")
    assert _keys(connection.table(kept)) == sorted(_keys(now) * 2)


def test_another_version_or_no_model_predicts_every_row_again(connection: duckdb.DuckDBPyConnection) -> None:
    now = _rows(connection, NOW)
    kept = _keep(connection, now, VERSION)
    # A model trained again (or other prediction code): every kept row goes, every row is predicted.
    again = rows_to_predict(connection, now, kept, KEYS, "trained 2026-01-02T06:00:00; code abc")
    assert again.count("*").fetchall() == [(5,)]
    assert connection.table(kept).count("*").fetchall() == [(0,)]
    # No model (version ""): the same, and the model predicts nothing of them.
    kept = _keep(connection, now, VERSION)
    assert rows_to_predict(connection, now, kept, KEYS, "").count("*").fetchall() == [(5,)]
    assert connection.table(kept).count("*").fetchall() == [(0,)]
    # Nothing kept (a first or a full build): every row, nothing deleted.
    assert rows_to_predict(connection, now, None, KEYS, VERSION).count("*").fetchall() == [(5,)]


def test_keys_with_null_match_their_kept_prediction(connection: duckdb.DuckDBPyConnection) -> None:
    """A customer to score has no campaign: its NULL campaign_id matches the kept prediction's."""
    rows = fingerprinted(
        connection.sql(
            "select * from (values ('scoring', 'CU1', null, 2), ('campaign_member', 'CU1', 'CA1', 2))"
            " as rows (subject_role, customer_id, campaign_id, orders)"
        ),
        ("subject_role", "orders"),
    )
    keys = ("subject_role", "customer_id", "campaign_id")
    written = rows.to_arrow_table().append_column(VERSION_COLUMN, pa.array([VERSION] * 2, pa.string()))
    connection.execute("create table kept_uplift as select * from written")
    assert rows_to_predict(connection, rows, "kept_uplift", keys, VERSION).count("*").fetchall() == [(0,)]
    assert connection.table("kept_uplift").count("*").fetchall() == [(2,)]


def test_predictions_carry_the_fingerprint_of_their_own_row_and_the_version(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    rows = _rows(
        connection, "('CU1', date '2026-01-01', 'scoring', 2, 10.5), ('CU2', date '2026-01-01', 'scoring', 1, 5.0)"
    )
    written = with_version(_predict, "v1")(rows.to_arrow_table())
    fingerprints = _fingerprints(rows)
    assert written.num_rows == 4
    for row in written.to_pylist():
        assert row[FINGERPRINT_COLUMN] == fingerprints[row["customer_id"]]
        assert row[VERSION_COLUMN] == "v1"


def test_kept_predictions_without_fingerprints_ask_for_a_full_refresh(connection: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(connection, "('CU1', date '2026-01-01', 'scoring', 2, 10.5)")
    connection.execute(
        "create table int_scores__propensity as"
        " select 'CU1' as customer_id, date '2026-01-01' as cutoff_date, 0.5 as probability"
    )
    with pytest.raises(KeptPredictionsError, match="lack features_fingerprint, scoring_version .*--full-refresh"):
        rows_to_predict(connection, rows, "int_scores__propensity", KEYS, "v1")


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
