"""`crosschannel publish`: build beside the published file, gate, then swap atomically.

The published DuckDB file is what BI tools read (read-only). A publish copies it (or starts
empty) to `<name>.building.duckdb`, builds and tests there with `dbt build`, runs the Great
Expectations checkpoints on it, and only when both pass renames it over the published file: a
rename is atomic, so a reader sees the old warehouse or the new one, never half of one, and is
never blocked (the build never writes to the published file). A failed gate deletes the building
copy and leaves the published file as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from crosschannel.quality import CHECKS, CheckReport, TableCheck, run_checks
from crosschannel.runner import run_dbt


@dataclass(frozen=True)
class PublishResult:
    published: bool
    reason: str
    checks: CheckReport | None


def building_path(published_path: Path) -> Path:
    return published_path.with_name(f"{published_path.stem}.building{published_path.suffix}")


def publish(
    project_dir: Path,
    published_path: Path,
    data_docs_dir: Path,
    dbt_vars: Mapping[str, Any] | None = None,
    dbt_args: tuple[str, ...] = (),
    checks: tuple[TableCheck, ...] = CHECKS,
) -> PublishResult:
    """Build, test and check a copy of the published database; swap it in only if all passed."""
    building = building_path(published_path)
    _remove(building)
    if published_path.exists():
        # The copy carries what a build keeps between runs: the customer id registry and merge log.
        shutil.copyfile(published_path, building)
    try:
        run = run_dbt(["build", *dbt_args], project_dir, building, dbt_vars)
        if not run.success:
            failed = _failed_nodes(run.results)
            return PublishResult(False, f"dbt build failed: {failed or run.error or 'see the dbt log'}", None)
        report = run_checks(building, data_docs_dir, checks)
        if not report.success:
            failed = "; ".join(
                f"{outcome.layer}.{outcome.name}: {', '.join(outcome.failed)}"
                for outcome in report.outcomes
                if not outcome.success
            )
            return PublishResult(False, f"quality checks failed: {failed}", report)
        with duckdb.connect(str(building)) as con:
            con.execute("checkpoint")
        os.replace(building, published_path)
        return PublishResult(True, f"published {published_path}", report)
    finally:
        _remove(building)


def _remove(database: Path) -> None:
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)


def _failed_nodes(results: tuple[Any, ...]) -> str:
    return "; ".join(
        f"{getattr(result.node, 'name', '?')} ({getattr(result, 'status', '')})"
        for result in results
        if str(getattr(result, "status", "")).lower() in {"error", "fail"}
    )
