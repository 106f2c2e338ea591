"""A copy of the project for tests that change its files or read dbt artifacts from its `target/`."""

from __future__ import annotations

import shutil
from pathlib import Path

# Installs, version control, build artifacts and what the CLI writes beside the project.
LEFT_OUT = frozenset({".venv", ".git", "target", "logs", "quality", "generated"})


def copy_project(project_dir: Path, destination: Path) -> Path:
    """The project's files copied to `destination`, without LEFT_OUT or any DuckDB file."""
    shutil.copytree(
        project_dir,
        destination,
        ignore=lambda folder, names: [
            name for name in names if (Path(folder) == project_dir and name in LEFT_OUT) or ".duckdb" in name
        ],
    )
    return destination
