"""The reference pages in docs/ are what their declarations generate: editing a var's comment in
dbt_project.yml or a command's option without running `crosschannel reference` fails here."""

from __future__ import annotations

from pathlib import Path

import typer
from crosschannel.cli import app
from crosschannel.reference import cli_reference, vars_reference

PROJECT_DIR = Path(__file__).resolve().parents[3]


def test_vars_page_is_generated_from_dbt_project() -> None:
    page = vars_reference(PROJECT_DIR)
    assert (PROJECT_DIR / "docs/vars.md").read_text(encoding="utf-8") == page
    single = "## `crosschannel__session_timeout_minutes`\n\n- default: `crosschannel__session_timeout_minutes: 30`"
    assert single in page
    # Two vars under one comment share it.
    assert "## `crosschannel__ropo_estimate_draws`, `crosschannel__ropo_estimate_seed`" in page


def test_cli_page_is_generated_from_the_commands() -> None:
    page = cli_reference(typer.main.get_command(app))
    assert (PROJECT_DIR / "docs/cli.md").read_text(encoding="utf-8") == page
    assert "| `--vars` |  | More dbt vars as a YAML mapping" in page
    assert "| `--truth` (required) |" in page
