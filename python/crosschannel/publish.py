"""`crosschannel publish`: build beside the published file, gate, then swap atomically.

The published DuckDB file is what BI tools read (read-only), in the storage version of
`crosschannel__storage_version` (crosschannel.storage). A publish copies it (or starts empty) to
`<name>.building.duckdb`, builds and tests there with `dbt build`, runs the Great
Expectations checkpoints on it, which compare it with the published file (`crosschannel.gate`),
and only when both pass renames it over the published file: a rename is atomic, so a reader sees
the old warehouse or the new one, never half of one, and is never blocked (the build never writes
to the published file). A failed gate deletes the building copy and leaves the published file as
it was, byte for byte. Every attempt appends a line to `<published>.publish.log`: when, published
or refused, and why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from crosschannel.gate import GateSettings
from crosschannel.quality import CHECKS, CheckReport, TableCheck, run_checks
from crosschannel.runner import project_vars, run_dbt
from crosschannel.storage import STORAGE_VERSION_VAR, convert_database_file, create_database_file


@dataclass(frozen=True)
class PublishResult:
    published: bool
    reason: str
    checks: CheckReport | None


def building_path(published_path: Path) -> Path:
    return published_path.with_name(f"{published_path.stem}.building{published_path.suffix}")


def publish_log_path(published_path: Path) -> Path:
    return published_path.with_name(f"{published_path.name}.publish.log")


def publish(
    project_dir: Path,
    published_path: Path,
    data_docs_dir: Path,
    dbt_vars: Mapping[str, Any] | None = None,
    dbt_args: tuple[str, ...] = (),
    checks: tuple[TableCheck, ...] = CHECKS,
) -> PublishResult:
    """Build, test and check a copy of the published database; swap it in only if all passed."""
    result = _publish(project_dir, published_path, data_docs_dir, dbt_vars, dbt_args, checks)
    with publish_log_path(published_path).open("a", encoding="utf-8") as log:
        outcome = "published" if result.published else "refused"
        log.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {outcome}: {result.reason}\n")
    return result


def _publish(
    project_dir: Path,
    published_path: Path,
    data_docs_dir: Path,
    dbt_vars: Mapping[str, Any] | None,
    dbt_args: tuple[str, ...],
    checks: tuple[TableCheck, ...],
) -> PublishResult:
    building = building_path(published_path)
    _remove(building)
    was_published = published_path.exists()
    storage_version = str(project_vars(project_dir, dbt_vars)[STORAGE_VERSION_VAR])
    converted = ""
    if was_published:
        # The copy carries what a build keeps between runs: the customer id registry and merge log.
        shutil.copyfile(published_path, building)
        if convert_database_file(building, storage_version):
            converted = f" (converted to DuckDB storage {storage_version})"
    else:
        create_database_file(building, storage_version)
    try:
        run = run_dbt(["build", *dbt_args], project_dir, building, dbt_vars)
        if not run.success:
            failed = _failed_nodes(run.results)
            return PublishResult(False, f"dbt build failed: {failed or run.error or 'see the dbt log'}", None)
        report = run_checks(
            building,
            data_docs_dir,
            checks,
            published=published_path if was_published else None,
            settings=GateSettings.from_project(project_dir, dbt_vars),
        )
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
        notes = "".join(f" ({note})" for note in report.notes)
        return PublishResult(True, f"published {published_path}{converted}{notes}", report)
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
