"""The three ways in read the same contract, and bad deliveries fail clearly or are quarantined."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.runner import DbtRun, raw_files_vars, run_dbt
from partial_parse import database_in
from staging_compare import QUALITY_MODELS, STAGED_MODELS, differing_rows, row_count

# Every test builds the staging from other raw files or fails such a build: out of the fast loop.
pytestmark = pytest.mark.slow


def _build_from_files(project_dir: Path, folder: Path, database: Path, **extra_vars: object) -> DbtRun:
    dbt_vars = raw_files_vars(folder, **extra_vars)
    # The staging models with what they read first: the erasure suppression list, a seed.
    return run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", "+path:models/staging"],
        project_dir,
        database,
        dbt_vars,
    )


def _copy_seeds(project_dir: Path, destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", destination / f"{table}.csv")
    return destination


def test_files_way_builds_the_same_staging_as_the_seeds(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    folder = _copy_seeds(project_dir, tmp_path / "raw")
    database = database_in(tmp_path)
    run = _build_from_files(project_dir, folder, database)
    assert run.success, run.messages
    assert row_count(database, "stg_web__events") > 0
    models = STAGED_MODELS + QUALITY_MODELS
    assert differing_rows(built_database, database, models) == dict.fromkeys(models, 0)


def test_warehouse_way_builds_the_same_staging_as_the_seeds(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    # The seeds of the session's build sit in schema raw: read them there as warehouse tables.
    database = database_in(tmp_path)
    shutil.copy(built_database, database)
    run = run_dbt(
        ["run", "--select", "path:models/staging"],
        project_dir,
        database,
        {"crosschannel__raw_source": "warehouse", "crosschannel__raw_schema": "raw"},
    )
    assert run.success, run.messages
    models = STAGED_MODELS + QUALITY_MODELS
    assert differing_rows(built_database, database, models) == dict.fromkeys(models, 0)


def test_a_missing_warehouse_table_fails_naming_it(project_dir: Path, built_database: Path, tmp_path: Path) -> None:
    database = database_in(tmp_path)
    shutil.copy(built_database, database)
    with duckdb.connect(str(database)) as connection:
        connection.execute("drop table raw.raw_leads")
    run = run_dbt(
        ["run", "--select", "base_sales__leads"],
        project_dir,
        database,
        {"crosschannel__raw_source": "warehouse", "crosschannel__raw_schema": "raw"},
    )
    assert not run.success
    assert "raw table 'raw_leads' not found in schema 'raw'" in run.messages


def test_a_missing_contract_column_fails_naming_it(project_dir: Path, tmp_path: Path) -> None:
    folder = _copy_seeds(project_dir, tmp_path / "raw")
    orders = folder / "raw_orders.csv"
    with orders.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    kept = [column for column in RAW_TABLES["raw_orders"] if column != "margin"]
    with orders.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=kept, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    run = _build_from_files(project_dir, folder, database_in(tmp_path))
    assert not run.success
    assert "raw table 'raw_orders' is missing contract column(s): margin" in run.messages


def test_a_missing_table_fails_naming_it(project_dir: Path, tmp_path: Path) -> None:
    folder = _copy_seeds(project_dir, tmp_path / "raw")
    (folder / "raw_sites.csv").unlink()
    run = _build_from_files(project_dir, folder, database_in(tmp_path))
    assert not run.success
    assert "raw table 'raw_sites' not found" in run.messages


def test_an_unknown_raw_source_fails_clearly(project_dir: Path, tmp_path: Path) -> None:
    run = run_dbt(
        ["run", "--select", "stg_web__sites"],
        project_dir,
        database_in(tmp_path),
        {"crosschannel__raw_source": "ftp"},
    )
    assert not run.success
    assert "crosschannel__raw_source must be seeds, files or warehouse, got 'ftp'" in run.messages


def test_a_latin1_file_fails_clearly_unless_its_encoding_is_given(project_dir: Path, tmp_path: Path) -> None:
    folder = _copy_seeds(project_dir, tmp_path / "raw")
    stores = folder / "raw_stores.csv"
    with stores.open("w", encoding="latin-1", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(RAW_TABLES["raw_stores"])
        writer.writerow(["ST9999", "Agence Hélène", "member", "Auvergne-Rhône-Alpes", "Lyon", "69001", "2001-05-01", ""])

    failed = _build_from_files(project_dir, folder, database_in(tmp_path))
    assert not failed.success
    # Checked before DuckDB reads it: the file, the line and the var to set are named.
    assert f"{stores} line 2: bytes b'\\xe9' are not utf-8; set crosschannel__raw_encoding" in failed.messages

    database = database_in(tmp_path)
    loaded = _build_from_files(
        project_dir, folder, database, crosschannel__raw_encoding={"raw_stores": "latin-1"}
    )
    assert loaded.success, loaded.messages
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select store_name, region from staging.stg_store__stores").fetchall() == [
            ("Agence Hélène", "Auvergne-Rhône-Alpes")
        ]


@pytest.mark.parametrize("table", ["raw_orders", "raw_web_accounts", "raw_campaign_touches"])
def test_a_duplicate_delivery_adds_nothing(
    project_dir: Path, built_database: Path, tmp_path: Path, table: str
) -> None:
    folder = _copy_seeds(project_dir, tmp_path / "raw")
    delivered = folder / f"{table}.csv"
    with delivered.open(encoding="utf-8", newline="") as source:
        lines = source.read().splitlines(keepends=True)
    with delivered.open("a", encoding="utf-8", newline="") as target:
        target.writelines(lines[1:])
    database = database_in(tmp_path)
    run = _build_from_files(project_dir, folder, database)
    assert run.success, run.messages
    assert differing_rows(built_database, database, STAGED_MODELS) == dict.fromkeys(STAGED_MODELS, 0)
    once = _balance(built_database, table)
    twice = _balance(database, table)
    assert twice["raw_rows"] == 2 * once["raw_rows"]
    assert twice["unaccounted_rows"] == 0
    # The same records are staged; every copy of a valid row beyond the first is superseded and
    # every copy of a broken row is quarantined.
    assert twice["staged_rows"] == once["staged_rows"]
    assert twice["quarantined_rows"] == 2 * once["quarantined_rows"]
    assert twice["superseded_rows"] == 2 * once["superseded_rows"] + once["staged_rows"]


def _balance(database: Path, table: str) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select raw_rows, staged_rows, superseded_rows, quarantined_rows, unaccounted_rows"
            " from staging.stg_quality__row_reconciliation where source_table = ?",
            [table],
        ).fetchone()
    assert found is not None
    return dict(zip(("raw_rows", "staged_rows", "superseded_rows", "quarantined_rows", "unaccounted_rows"), found, strict=True))
