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


def test_summary_shows_rows_and_quarantine_per_table(built_database: Path) -> None:
    from crosschannel.cli import app
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["summary", "--database", str(built_database)], terminal_width=200)
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(built_database), read_only=True) as connection:
        staged_events = connection.execute("select count(*) from staging.stg_web__events").fetchone()
    assert staged_events is not None
    assert "raw_web_events" in result.output
    assert f"{staged_events[0]:,}" in result.output
    with duckdb.connect(str(built_database), read_only=True) as connection:
        missing_event_ids = connection.execute(
            "select count(*) from staging.stg_quality__quarantined_rows"
            " where source_table = 'raw_web_events' and quarantine_reason = 'missing_id'"
        ).fetchone()
    assert missing_event_ids is not None and missing_event_ids[0] > 0
    assert f"missing_id {missing_event_ids[0]:,}" in result.output
