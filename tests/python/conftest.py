"""Shared fixtures: the project's location and one dbt build of the bundled seeds per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crosschannel.runner import run_dbt

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT_DIR


@pytest.fixture(scope="session")
def built_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled seeds built with `dbt build` (models, unit and data tests) into a fresh file."""
    database_path = tmp_path_factory.mktemp("build") / "crosschannel.duckdb"
    run = run_dbt(["build"], PROJECT_DIR, database_path)
    assert run.success, f"dbt build of the bundled seeds failed: {run.error or _failures(run.results)}"
    yield database_path


def _failures(results: tuple[object, ...]) -> str:
    failed = [
        f"{getattr(result.node, 'name', '?')}: {getattr(result, 'message', '')}"
        for result in results
        if str(getattr(result, "status", "")).lower() in {"error", "fail"}
    ]
    return "; ".join(failed) or "no node failed (see the dbt log)"
