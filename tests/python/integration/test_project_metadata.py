"""The project parses without a single warning: macro arguments, configs and docs do not drift."""

from __future__ import annotations

from pathlib import Path

from crosschannel.runner import run_dbt


def test_dbt_parse_raises_no_warning(project_dir: Path, tmp_path: Path) -> None:
    run = run_dbt(["--warn-error", "parse", "--no-partial-parse"], project_dir, tmp_path / "parse.duckdb")
    assert run.success, run.error
