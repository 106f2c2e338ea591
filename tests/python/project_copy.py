"""A copy of the project for tests that change its files or read dbt artifacts from its `target/`."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Installs, version control, build artifacts and what the CLI writes beside the project.
LEFT_OUT = frozenset({".venv", ".git", "target", "logs", "quality", "generated"})


@contextlib.contextmanager
def project_copy(project_dir: Path, destination: Path) -> Iterator[Path]:
    """The project's files copied to `destination`, without LEFT_OUT or any DuckDB file; while the
    copy is in use, dbt keeps its artifacts in the copy's own `target/` (the suite's partial parse
    belongs to the original project)."""
    shutil.copytree(
        project_dir,
        destination,
        ignore=lambda folder, names: [
            name for name in names if (Path(folder) == project_dir and name in LEFT_OUT) or ".duckdb" in name
        ],
    )
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DBT_TARGET_PATH", str(destination / "target"))
        yield destination
