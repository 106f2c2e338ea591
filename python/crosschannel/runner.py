"""Running the dbt project in-process and reading what it built."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

DATABASE_ENV_VAR = "CROSSCHANNEL_DUCKDB_PATH"
DEFAULT_DATABASE_NAME = "crosschannel.duckdb"


# Unit tests run on fixtures shaped like the bundled seeds: a build of other data leaves them to CI.
WITHOUT_UNIT_TESTS: Final = ("--exclude-resource-type", "unit_test")


def raw_files_vars(folder: Path, **extra_vars: Any) -> dict[str, Any]:
    """The dbt vars of a build that reads the raw tables from a folder of files instead of the seeds."""
    return {"crosschannel__raw_source": "files", "crosschannel__raw_path": str(folder), **extra_vars}


def project_vars(project_dir: Path, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The vars dbt_project.yml declares, with a run's --vars on top: what the models see."""
    declared = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8")).get("vars") or {}
    return {**declared, **(overrides or {})}


class ProjectError(RuntimeError):
    """The dbt project cannot be found or its run failed; the message says which and why."""


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt command: whether it succeeded and the node results it reported."""

    success: bool
    results: tuple[Any, ...]
    error: str | None

    @property
    def messages(self) -> str:
        """What the run said: every node's message, then the error that stopped it, as one text."""
        return " ".join(str(getattr(result, "message", "")) for result in self.results) + (self.error or "")


def find_project_dir(start: Path) -> Path:
    """The directory holding dbt_project.yml: `start` or one of its parents."""
    for candidate in (start, *start.parents):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    raise ProjectError(
        f"no dbt_project.yml in {start} or its parents: run from the crosschannel project "
        "or pass --project-dir"
    )


def default_database_path(project_dir: Path) -> Path:
    """The DuckDB file a build writes: $CROSSCHANNEL_DUCKDB_PATH, else one beside the project."""
    configured = os.environ.get(DATABASE_ENV_VAR)
    return Path(configured) if configured else project_dir / DEFAULT_DATABASE_NAME


@contextlib.contextmanager
def _environment(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _release_duckdb() -> None:
    """Close dbt-duckdb's shared connection so that the file can be opened again (one writer)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()  # type: ignore[no-untyped-call]
    gc.collect()


def run_dbt(
    args: Sequence[str],
    project_dir: Path,
    database_path: Path,
    dbt_vars: Mapping[str, Any] | None = None,
    target: str | None = None,
) -> DbtRun:
    """Invoke a dbt command on the project, writing to `database_path`."""
    from dbt.cli.main import dbtRunner

    command = [
        *args,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
    ]
    if dbt_vars:
        command += ["--vars", yaml.safe_dump(dict(dbt_vars), default_flow_style=True).strip()]
    if target:
        command += ["--target", target]
    with _environment({DATABASE_ENV_VAR: str(database_path)}):
        try:
            result = dbtRunner().invoke(command)
        finally:
            _release_duckdb()
    results = tuple(result.result) if result.result is not None and hasattr(result.result, "__iter__") else ()
    error = str(result.exception) if result.exception is not None else None
    return DbtRun(success=result.success, results=results, error=error)
