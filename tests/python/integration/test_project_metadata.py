"""The project parses without a single warning, every model column the build writes is documented, and
the DAG flows one way: sources, staging, intermediate, marts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from crosschannel.benchmark import MEMORY_LIMIT_ENV_VAR
from crosschannel.runner import raw_files_vars, run_dbt
from partial_parse import RUN_TIME_ONLY_VARS, database_in

LAYERS = ("staging", "intermediate", "marts")


@pytest.fixture(scope="module")
def manifest(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The project's manifest from one full `dbt parse` in which any warning is an error, shared by
    the tests that read the project's structure."""
    folder = tmp_path_factory.mktemp("parsed")
    run = run_dbt(
        ["--warn-error", "parse", "--write-json", "--no-partial-parse", "--target-path", str(folder / "target")],
        project_dir,
        database_in(folder),
    )
    assert run.success, run.error
    return json.loads((folder / "target" / "manifest.json").read_text(encoding="utf-8"))


def test_the_database_path_and_the_raw_folder_do_not_shape_the_parse(project_dir: Path, tmp_path: Path) -> None:
    """What lets the suite share one parse across builds (partial_parse.py): two full parses that differ
    in the database's folder and in every run-time-only var give the same manifest."""
    parsed = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        dbt_vars = raw_files_vars(folder / "raw", **{var: str(folder / var) for var in RUN_TIME_ONLY_VARS})
        run = run_dbt(
            ["parse", "--write-json", "--no-partial-parse", "--target-path", str(folder / "target")],
            project_dir,
            database_in(folder),
            dbt_vars,
        )
        assert run.success, run.error
        manifest = json.loads((folder / "target" / "manifest.json").read_text(encoding="utf-8"))
        parsed.append(_without_parse_times({part: content for part, content in manifest.items() if part != "metadata"}))
    assert parsed[0] == parsed[1]


def _without_parse_times(content: Any) -> Any:
    """A manifest's content without the `created_at` times of its nodes."""
    if isinstance(content, dict):
        return {key: _without_parse_times(value) for key, value in content.items() if key != "created_at"}
    if isinstance(content, list):
        return [_without_parse_times(value) for value in content]
    return content


def _layer(node: dict[str, Any]) -> str:
    return node["original_file_path"].split("/")[1]


def test_dbt_parse_raises_no_warning(manifest: dict[str, Any]) -> None:
    # The fixture's parse fails on any warning; a parse that succeeded has read the models.
    assert any(node["resource_type"] == "model" for node in manifest["nodes"].values())


def test_every_built_model_column_is_documented(built_database: Path) -> None:
    """Every column of every model the build wrote has a description in its folder's YAML
    (the raw seeds are described by the raw source instead)."""
    manifest = json.loads((built_database.parent / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(built_database), read_only=True) as con:
        built: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall():
            built.setdefault((schema, table), []).append(column)
    undocumented = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["package_name"] != "crosschannel":
            continue
        if not node["description"].strip():
            undocumented.append(f"{node['name']} (the model)")
        described = {name.lower() for name, column in node["columns"].items() if column["description"].strip()}
        columns = built.get((node["schema"], node["alias"]))
        assert columns is not None, f"{node['name']} was not built"
        undocumented += [f"{node['name']}.{column}" for column in columns if column.lower() not in described]
    assert undocumented == []


def test_every_bi_mart_is_read_by_an_exposure_and_has_an_enforced_contract(manifest: dict[str, Any]) -> None:
    """Marts are what dashboards read: each one names its dashboard (the `pii` schema, read by no
    BI tool, and the date dimension, read by all, excepted) and enforces its contract."""
    exposed = {
        dependency for exposure in manifest["exposures"].values() for dependency in exposure["depends_on"]["nodes"]
    }
    marts = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
        and not node["original_file_path"].startswith("models/marts/pii/")
    ]
    assert len(marts) > 25
    unexposed = sorted(node["name"] for node in marts if node["unique_id"] not in exposed and node["name"] != "dim_dates")
    uncontracted = sorted(node["name"] for node in marts if not node["config"]["contract"]["enforced"])
    assert unexposed == []
    assert uncontracted == []


def test_models_read_only_their_own_layer_or_the_ones_before(manifest: dict[str, Any]) -> None:
    """Staging reads sources, intermediate models read staging and intermediate models, and marts are
    the end of the line: no staging or intermediate model refs a mart (nor staging an intermediate)."""
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "crosschannel"
    }
    assert {_layer(node) for node in models.values()} == set(LAYERS)
    upstream_reads = sorted(
        f"{node['name']} ({_layer(node)}) refs {models[parent]['name']} ({_layer(models[parent])})"
        for node in models.values()
        for parent in node["depends_on"]["nodes"]
        if parent in models and LAYERS.index(_layer(models[parent])) > LAYERS.index(_layer(node))
    )
    assert upstream_reads == []


MEMORY_LIMIT_QUERY = "select current_setting('memory_limit') as memory_limit"


def _memory_limit(connection: duckdb.DuckDBPyConnection) -> str:
    row = connection.execute(MEMORY_LIMIT_QUERY).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("configured", [None, "1GB"])
def test_the_profile_holds_duckdb_to_fifteen_percent_of_the_machine_unless_told_otherwise(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, configured: str | None
) -> None:
    """DuckDB's own default (80%) leaves no room for the dbt Python models' data in the same process."""
    if configured:
        monkeypatch.setenv(MEMORY_LIMIT_ENV_VAR, configured)
    else:
        monkeypatch.delenv(MEMORY_LIMIT_ENV_VAR, raising=False)
    run = run_dbt(["show", "--inline", MEMORY_LIMIT_QUERY], project_dir, database_in(tmp_path))
    assert run.success, run.error
    (shown,) = run.results[0].agate_table.rows[0]
    with duckdb.connect() as connection:
        duckdb_default = _memory_limit(connection)
        connection.execute(f"set memory_limit = '{configured or '15%'}'")
        expected = _memory_limit(connection)
    assert shown == expected
    assert shown != duckdb_default
