"""`crosschannel validate-raw` checks a delivery against the contract before anything is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from crosschannel.cli import app
from crosschannel.contract import RAW_TABLES
from crosschannel.validate_raw import validate_delivery
from typer.testing import CliRunner

pytestmark = pytest.mark.slow


def _bundled_delivery(project_dir: Path, folder: Path) -> Path:
    folder.mkdir()
    for table in RAW_TABLES:
        shutil.copyfile(project_dir / "seeds" / f"{table}.csv", folder / f"{table}.csv")
    return folder


def test_the_rule_breaks_of_a_delivery_are_those_a_build_quarantines(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    delivery = _bundled_delivery(project_dir, tmp_path / "delivery")
    report = validate_delivery(project_dir, delivery)
    assert report.readable and report.rules_checked and report.rules_error is None
    assert [finding.table for finding in report.tables] == list(RAW_TABLES)
    with duckdb.connect(str(built_database), read_only=True) as con:
        quarantined = {
            (table, reason, column): rows
            for table, reason, column, rows in con.execute(
                """
                select source_table, quarantine_reason, quarantine_column, count(*)
                from staging.stg_quality__quarantined_rows group by all
                """
            ).fetchall()
        }
        raw_rows = dict(
            con.execute("select source_table, raw_rows from staging.stg_quality__row_reconciliation").fetchall()
        )
    assert {(item.table, item.reason, item.column): item.rows for item in report.rule_breaks} == quarantined
    assert {finding.table: finding.rows for finding in report.tables} == raw_rows
    device = next(item for item in report.rule_breaks if (item.table, item.column) == ("raw_web_events", "device"))
    assert device.reason == "invalid_enum" and device.example_key and device.example_value
    # Nothing was written beside the delivery.
    assert sorted(path.name for path in delivery.iterdir()) == sorted(f"{table}.csv" for table in RAW_TABLES)


def test_a_delivery_that_cannot_be_built_is_named_table_by_table(project_dir: Path, tmp_path: Path) -> None:
    delivery = _bundled_delivery(project_dir, tmp_path / "delivery")
    (delivery / "raw_sites.csv").unlink()
    stores = delivery / "raw_stores.csv"
    stores.write_text(stores.read_text(encoding="utf-8").replace("closed_at", "closing_date", 1), encoding="utf-8")
    products = delivery / "raw_products.csv"
    # A French export in CP1252 (the euro sign is byte 0x80), declared UTF-8 as by default.
    products.write_bytes(products.read_text(encoding="utf-8").replace("Caraïbes", "Caraïbes \u20ac").encode("cp1252"))
    result = CliRunner().invoke(app, ["validate-raw", "--raw-path", str(delivery), "--project-dir", str(project_dir)])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "missing: no raw_sites.parquet or raw_sites.csv" in said
    assert "missing contract column(s): closed_at" in said
    assert "extra columns ignored: closing_date" in said
    assert "raw_products.csv line" in said and "are not utf-8" in said
    assert "error: the delivery cannot be built as it is" in said
    assert "Rows staging would quarantine" not in said  # staging's rules run only on a readable delivery
