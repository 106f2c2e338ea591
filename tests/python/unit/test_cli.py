"""The command line fails with clear messages on bad input, and hands its options to dbt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
