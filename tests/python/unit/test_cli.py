"""The command line fails with clear messages on bad input, and hands its options to dbt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from crosschannel.cli import app
from crosschannel.runner import DbtRun
from typer.testing import CliRunner

runner = CliRunner()


def _said(output: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(output.split())


def test_generate_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--persons", "10", "--out", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 1
    assert "--format must be csv or parquet, got 'xml'" in _said(result.output)


def test_generate_names_an_unknown_parameter(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--persons", "10", "--out", str(tmp_path), "--set", "logins=0.3"])
    assert result.exit_code == 1
    assert "unknown generator parameter 'logins'" in _said(result.output)
    assert not (tmp_path / "truth").exists()


def test_summary_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--database", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "run `crosschannel build` first" in _said(result.output)


def test_build_full_refresh_is_passed_to_dbt(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[list[str]] = []

    def stopped_run(args: list[str], *_: Any) -> DbtRun:
        commands.append(list(args))
        return DbtRun(success=False, results=(), error="stopped by the test")

    monkeypatch.setattr("crosschannel.cli.run_dbt", stopped_run)
    database = str(tmp_path / "none.duckdb")
    for options in ([], ["--full-refresh"]):
        runner.invoke(app, ["build", *options, "--project-dir", str(project_dir), "--database", database])
    assert commands == [["build"], ["build", "--full-refresh"]]


def test_build_outside_a_project_says_where_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--project-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "no dbt_project.yml" in _said(result.output)


def test_erase_needs_exactly_one_way_to_name_the_person(project_dir: Path, tmp_path: Path) -> None:
    database = tmp_path / "none.duckdb"
    for options in ([], ["--email", "a@b.fr", "--customer-id", "CU0123456789ABCDEF"]):
        result = runner.invoke(app, ["erase", "--project-dir", str(project_dir), "--database", str(database), *options])
        assert result.exit_code == 1
        assert "nothing erased: name the person by exactly one of a customer id or an e-mail" in _said(result.output)


def test_erase_rejects_what_is_not_a_customer_id_before_touching_anything(project_dir: Path, tmp_path: Path) -> None:
    suppression_list = project_dir / "privacy" / "erasure_suppression_list.csv"
    listed = suppression_list.read_bytes()
    result = runner.invoke(
        app, ["erase", "--project-dir", str(project_dir), "--database", str(tmp_path / "x.duckdb"), "--customer-id", "42"]
    )
    assert result.exit_code == 1
    assert "nothing erased: not a customer id: '42'" in _said(result.output)
    assert suppression_list.read_bytes() == listed


def _one_line_error(result: Any) -> str:
    """The error a command printed, asserting that it failed and said so in exactly one line."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def test_a_missing_database_is_one_line_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # read-only commands work with --database from any folder
    missing = tmp_path / "none.duckdb"
    for command in ("summary", "dashboards", "export", "audience", "check"):
        said = _one_line_error(runner.invoke(app, [command, "--database", str(missing)]))
        assert f"no database at {missing}: run `crosschannel build` first" in said, command


def test_an_empty_database_is_one_line_saying_to_build_it(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    for command in ("summary", "dashboards", "export", "audience", "check"):
        said = _one_line_error(runner.invoke(app, [command, "--database", str(empty)]))
        assert f"{empty} holds no crosschannel build" in said, command


def test_an_unwritable_output_folder_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "built.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts; create table marts.mart_demo as select 1 as n")
    not_a_folder = tmp_path / "a_file"
    not_a_folder.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", "--database", str(database), "--out", str(not_a_folder / "out")])
    said = _one_line_error(result)
    assert str(not_a_folder) in said


def test_an_unforeseen_database_error_is_one_line_unless_debug(tmp_path: Path) -> None:
    """A database that is not a build of this project fails in the middle of a command: one line, or the
    traceback with --debug."""
    database = tmp_path / "other.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema staging; create table staging.unrelated as select 1 as n")
    said = _one_line_error(runner.invoke(app, ["summary", "--database", str(database)]))
    assert "database: Catalog Error" in said and "--debug shows the traceback" in said
    debugged = runner.invoke(app, ["--debug", "summary", "--database", str(database)])
    assert isinstance(debugged.exception, duckdb.CatalogException)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("[1, 2]", "--vars must be a mapping of vars to values"),
        ("{crosschannel__ropo_lookback_days: [1", "--vars is not YAML"),
        ("{ropo_lookback_days: 10}", "--vars names no var of the project: ropo_lookback_days"),
    ],
)
def test_bad_vars_are_one_line_before_dbt_runs(
    given: str, said: str, project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused_run(*_: Any) -> DbtRun:
        raise AssertionError("dbt must not run with bad --vars")

    monkeypatch.setattr("crosschannel.cli.run_dbt", refused_run)
    for command in ("build", "publish"):
        options = ["--project-dir", str(project_dir), "--database", str(tmp_path / "x.duckdb"), "--vars", given]
        result = runner.invoke(app, [command, *options])
        assert said in _one_line_error(result), command


def test_build_hands_the_raw_options_and_vars_to_dbt(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], Any]] = []

    def stopped_run(args: list[str], _project: Path, _database: Path, dbt_vars: Any = None) -> DbtRun:
        calls.append((list(args), dbt_vars))
        return DbtRun(success=False, results=(), error="stopped by the test")

    monkeypatch.setattr("crosschannel.cli.run_dbt", stopped_run)
    database = str(tmp_path / "x.duckdb")
    base = ["build", "--project-dir", str(project_dir), "--database", database]
    runner.invoke(
        app, [*base, "--raw-source", "warehouse", "--raw-schema", "erp", "--vars", "{crosschannel__source_timezone: UTC}"]
    )
    runner.invoke(app, [*base, "--raw-path", str(tmp_path), "--raw-encoding", "cp1252"])
    assert calls == [
        (
            ["build", "--exclude-resource-type", "unit_test"],
            {
                "crosschannel__raw_source": "warehouse",
                "crosschannel__raw_schema": "erp",
                "crosschannel__source_timezone": "UTC",
            },
        ),
        (
            ["build", "--exclude-resource-type", "unit_test"],
            {
                "crosschannel__raw_source": "files",
                "crosschannel__raw_path": str(tmp_path.resolve()),
                "crosschannel__raw_encoding": "cp1252",
            },
        ),
    ]
    refused = runner.invoke(app, [*base, "--raw-source", "files"])
    assert "--raw-source files reads a folder: pass --raw-path <folder>" in _one_line_error(refused)
