"""The command line fails with clear messages on bad input."""

from __future__ import annotations

from pathlib import Path

from crosschannel.cli import app
from typer.testing import CliRunner

runner = CliRunner()


def _said(output: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(output.split())


def test_generate_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--persons", "10", "--out", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 1
    assert "--format must be csv or parquet, got 'xml'" in _said(result.output)


def test_summary_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--database", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "run `crosschannel build` first" in _said(result.output)


def test_build_outside_a_project_says_where_to_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--project-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "no dbt_project.yml" in _said(result.output)
