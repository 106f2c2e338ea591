"""What a build produced, read back from the DuckDB file: the one-screen summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class TableBalance:
    """Where the rows of one raw table went."""

    source_table: str
    raw_rows: int
    staged_rows: int
    superseded_rows: int
    quarantined_rows: int
    erased_rows: int
    unaccounted_rows: int


@dataclass(frozen=True)
class QuarantineCount:
    """Quarantined rows of one table for one reason."""

    source_table: str
    quarantine_reason: str
    rows: int


@dataclass(frozen=True)
class BuildSummary:
    database_path: Path
    balances: tuple[TableBalance, ...]
    quarantine: tuple[QuarantineCount, ...]


def read_summary(database_path: Path) -> BuildSummary:
    """Row balance per raw table and quarantine counts per reason, from a built database."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no database at {database_path}: run `crosschannel build` first")
    with duckdb.connect(str(database_path), read_only=True) as connection:
        balances = connection.execute(
            """
            select source_table, raw_rows, staged_rows, superseded_rows, quarantined_rows,
                erased_rows, unaccounted_rows
            from staging.stg_quality__row_reconciliation
            order by source_table
            """
        ).fetchall()
        quarantine = connection.execute(
            """
            select source_table, quarantine_reason, count(*) as rows
            from staging.stg_quality__quarantined_rows
            group by all
            order by source_table, quarantine_reason
            """
        ).fetchall()
    return BuildSummary(
        database_path=database_path,
        balances=tuple(TableBalance(*row) for row in balances),
        quarantine=tuple(QuarantineCount(*row) for row in quarantine),
    )
