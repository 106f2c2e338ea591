"""`crosschannel export`: the BI marts as Parquet files, for tools that prefer files to a database.

Only the `marts` schema is exported: the `pii` schema (contact details) never leaves the warehouse
this way. The database is opened read-only, as a BI reader would.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

EXPORTED_SCHEMA = "marts"


def export_marts(database_path: Path, output_dir: Path) -> list[Path]:
    """Write every table of the marts schema to output_dir/<table>.parquet; return the files written."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    output_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with duckdb.connect(str(database_path), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [EXPORTED_SCHEMA],
            ).fetchall()
        ]
        if not tables:
            raise FileNotFoundError(f"no table in schema {EXPORTED_SCHEMA} of {database_path}: build the project first")
        for table in tables:
            target = output_dir / f"{table}.parquet"
            quoted_target = str(target).replace("'", "''")
            con.execute(f"copy {EXPORTED_SCHEMA}.\"{table}\" to '{quoted_target}' (format parquet, compression zstd)")
            written.append(target)
    return written
