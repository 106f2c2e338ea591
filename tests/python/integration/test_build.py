"""The bundled seeds build, with every dbt test passing, and no raw row is lost."""

from __future__ import annotations

from pathlib import Path

import duckdb


def test_every_raw_row_is_staged_superseded_or_quarantined(built_database: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as connection:
        balances = connection.execute(
            "select source_table, raw_rows, staged_rows + superseded_rows + quarantined_rows"
            " from staging.stg_quality__row_reconciliation"
        ).fetchall()
    assert len(balances) == 12
    assert all(raw == accounted for _, raw, accounted in balances), balances
