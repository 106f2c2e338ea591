"""`crosschannel validate-raw`: a delivery checked against the contract before anything is built.

For every contract table it looks for `<table>.parquet`, else `<table>.csv`, in the folder; reads
each CSV whole in its declared encoding (`crosschannel.raw_files`, the check a build makes); and
compares each file's columns with the contract. When every table is there and readable, staging's
own rules (the base models, one home for them) run on the delivery in a scratch database that is
deleted afterwards, and the rows they would quarantine are counted by table and reason, with one
example each. Nothing is written beside the delivery or into any warehouse.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from crosschannel.contract import RAW_TABLES
from crosschannel.raw_files import RawFileError, readable_csv
from crosschannel.runner import raw_files_vars, run_dbt
from crosschannel.sql import sql_string

# Staging's quarantine and everything it reads: the base models of the twelve tables.
_STAGING_RULES = "+stg_quality__quarantined_rows"


@dataclass(frozen=True)
class TableFinding:
    """One contract table in the delivery: its file and rows, or what is wrong with it."""

    table: str
    file: str | None
    rows: int | None
    problem: str | None
    extra_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleBreak:
    """Rows of one table that staging would quarantine for one reason, with one of them: its key and
    the value of the column at fault, as delivered."""

    table: str
    reason: str
    column: str | None
    rows: int
    example_key: str | None
    example_value: str | None


@dataclass(frozen=True)
class DeliveryReport:
    folder: Path
    tables: tuple[TableFinding, ...]
    rule_breaks: tuple[RuleBreak, ...]
    rules_checked: bool
    rules_error: str | None

    @property
    def readable(self) -> bool:
        """Every table present, readable and holding the contract's columns: a build can read it."""
        return all(finding.problem is None for finding in self.tables)


def _encoding(encodings: str | Mapping[str, str], table: str) -> str:
    return encodings.get(table, "utf-8") if isinstance(encodings, Mapping) else encodings


def _table_finding(
    connection: duckdb.DuckDBPyConnection, folder: Path, table: str, encoding: str, cache: Path
) -> TableFinding:
    parquet, csv = folder / f"{table}.parquet", folder / f"{table}.csv"
    if parquet.is_file():
        file, reader = parquet, f"read_parquet({sql_string(parquet)})"
    elif csv.is_file():
        try:
            readable = readable_csv(str(csv), encoding, str(cache))
        except (RawFileError, LookupError) as error:
            said = str(error).removeprefix("crosschannel: ").replace(str(csv), csv.name)
            return TableFinding(table, str(csv), None, said)
        file = csv
        reader = (
            f"read_csv({sql_string(readable.path)}, header = true, all_varchar = true,"
            f" encoding = {sql_string(readable.encoding)})"
        )
    else:
        return TableFinding(table, None, None, f"missing: no {parquet.name} or {csv.name} in {folder}")
    try:
        described = connection.execute(f"select * from {reader} limit 0").description or []
        (rows,) = connection.execute(f"select count(*) from {reader}").fetchone() or (0,)
    except duckdb.Error as error:
        return TableFinding(table, str(file), None, f"unreadable: {str(error).splitlines()[0]}")
    columns = [str(column[0]).lower() for column in described]
    missing = [column for column in RAW_TABLES[table] if column not in columns]
    extra = tuple(column for column in columns if column not in RAW_TABLES[table])
    problem = f"missing contract column(s): {', '.join(missing)}" if missing else None
    return TableFinding(table, str(file), int(rows), problem, extra)


def validate_delivery(
    project_dir: Path, folder: Path, encodings: str | Mapping[str, str] = "utf-8", examples_width: int = 60
) -> DeliveryReport:
    """Check the files of `folder` against the contract; run staging's rules on it when it is readable."""
    with tempfile.TemporaryDirectory(prefix="crosschannel-validate-") as scratch:
        scratch_dir = Path(scratch)
        with duckdb.connect() as connection:
            tables = tuple(
                _table_finding(connection, folder, table, _encoding(encodings, table), scratch_dir / "raw_cache")
                for table in RAW_TABLES
            )
        if not all(finding.problem is None for finding in tables):
            return DeliveryReport(folder, tables, (), rules_checked=False, rules_error=None)
        database = scratch_dir / "validate.duckdb"
        dbt_vars: dict[str, Any] = raw_files_vars(folder, crosschannel__raw_encoding=encodings)
        # build, not run: the base models read the erasure suppression list, a seed.
        only_nodes = ("--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")
        run = run_dbt(["build", "--select", _STAGING_RULES, *only_nodes], project_dir, database, dbt_vars)
        if not run.success:
            return DeliveryReport(folder, tables, (), rules_checked=False, rules_error=run.error or run.messages)
        with duckdb.connect(str(database), read_only=True) as connection:
            breaks = connection.execute(
                """
                select
                    source_table,
                    quarantine_reason,
                    quarantine_column,
                    count(*),
                    min(record_key),
                    left(arg_min(
                        json_extract_string(cast(raw_record as json), '$."' || quarantine_column || '"'), record_key
                    ), ?)
                from staging.stg_quality__quarantined_rows
                group by source_table, quarantine_reason, quarantine_column
                order by source_table, count(*) desc, quarantine_reason, quarantine_column
                """,
                [examples_width],
            ).fetchall()
    return DeliveryReport(
        folder, tables, tuple(RuleBreak(*row) for row in breaks), rules_checked=True, rules_error=None
    )
