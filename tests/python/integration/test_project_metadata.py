"""The project parses without a single warning, and every model column the build writes is documented."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from crosschannel.runner import run_dbt


def test_dbt_parse_raises_no_warning(project_dir: Path, tmp_path: Path) -> None:
    run = run_dbt(["--warn-error", "parse", "--no-partial-parse"], project_dir, tmp_path / "parse.duckdb")
    assert run.success, run.error


def test_every_built_model_column_is_documented(built_database: Path, dbt_target_dir: Path) -> None:
    """Every column of every model the build wrote has a description in its folder's YAML
    (the raw seeds are described by the raw source instead)."""
    manifest = json.loads((dbt_target_dir / "manifest.json").read_text(encoding="utf-8"))
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


def test_every_bi_mart_is_read_by_an_exposure_and_has_an_enforced_contract(project_dir: Path, tmp_path: Path) -> None:
    """Marts are what dashboards read: each one names its dashboard (the `pii` schema, read by no
    BI tool, and the date dimension, read by all, excepted) and enforces its contract."""
    run = run_dbt(["parse", "--target-path", str(tmp_path / "target")], project_dir, tmp_path / "parse.duckdb")
    assert run.success, run.error
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))
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
