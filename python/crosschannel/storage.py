"""The storage version of the DuckDB files BI tools read.

DuckDB writes a new file in its own newest storage format, which older DuckDB libraries refuse to
open ("Trying to read a database file with version number 999, but we can only read versions
between 64 and 67"), and the DuckDB drivers BI tools ship (Evidence's, JDBC, ODBC, Node) lag the
Python library. A file created with an older storage version stays in it when a newer DuckDB
writes to it, so the build and publish commands create their database files in the version of
the var `crosschannel__storage_version` (default v1.4.0: DuckDB 1.4 and newer read it), and a
publish converts a published file written in another version, once.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from crosschannel.sql import sql_string

# DuckDB's file header: 8 bytes of checksum, the magic bytes, then the storage version number.
_MAGIC = b"DUCK"
_MAGIC_OFFSET = 8
_VERSION_OFFSET = 12
STORAGE_VERSION_VAR = "crosschannel__storage_version"


class StorageError(RuntimeError):
    """A storage version that DuckDB does not know, or a file that is not a DuckDB database."""


def storage_version_number(database: Path) -> int:
    """The storage version number a DuckDB file's header records (67 for v1.4)."""
    with database.open("rb") as file:
        header = file.read(_VERSION_OFFSET + 8)
    if header[_MAGIC_OFFSET:_VERSION_OFFSET] != _MAGIC:
        raise StorageError(f"{database} is not a DuckDB database file")
    return int.from_bytes(header[_VERSION_OFFSET:], "little")


def _attach(connection: duckdb.DuckDBPyConnection, database: Path, alias: str, storage_version: str) -> None:
    try:
        connection.execute(f"attach {sql_string(database)} as {alias} (storage_version {sql_string(storage_version)})")
    except duckdb.InvalidInputException as error:
        raise StorageError(f"{STORAGE_VERSION_VAR} {storage_version!r}: {error}") from None


def wanted_version_number(storage_version: str) -> int:
    """The header number of a storage version name, read off an empty file DuckDB writes in it."""
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"crosschannel-storage-probe-{os.getpid()}.duckdb"
    probe.unlink(missing_ok=True)
    try:
        with duckdb.connect() as connection:
            _attach(connection, probe, "probe", storage_version)
        return storage_version_number(probe)
    finally:
        for leftover in (probe, probe.with_name(probe.name + ".wal")):
            leftover.unlink(missing_ok=True)


def create_database_file(database: Path, storage_version: str) -> None:
    """An empty DuckDB file in `storage_version`, unless the file exists (it keeps its own)."""
    if database.exists():
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        _attach(connection, database, "created", storage_version)


def convert_database_file(database: Path, storage_version: str) -> bool:
    """Rewrite `database` in `storage_version` (every schema, table, view and comment) when it is in
    another one; returns whether it was rewritten."""
    if storage_version_number(database) == wanted_version_number(storage_version):
        return False
    converted = database.with_name(f"{database.stem}.converting{database.suffix}")
    converted.unlink(missing_ok=True)
    with duckdb.connect() as connection:
        connection.execute(f"attach {sql_string(database)} as source (read_only)")
        _attach(connection, converted, "converted", storage_version)
        connection.execute("copy from database source to converted")
        connection.execute("detach converted")
    os.replace(converted, database)
    return True
