"""Database files in a storage version older DuckDB readers open, and the conversion of one that is not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from crosschannel.storage import (
    StorageError,
    convert_database_file,
    create_database_file,
    storage_version_number,
    wanted_version_number,
)

V1_4 = 67  # the header number of DuckDB's v1.4.0 storage, the newest that DuckDB 1.4 reads


def test_a_new_file_is_created_in_the_wanted_version_and_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    created = tmp_path / "created.duckdb"
    create_database_file(created, "v1.4.0")
    assert storage_version_number(created) == V1_4 == wanted_version_number("v1.4.0")
    newest = tmp_path / "newest.duckdb"
    duckdb.connect(str(newest)).close()
    create_database_file(newest, "v1.4.0")
    assert storage_version_number(newest) == wanted_version_number("latest") > V1_4


def test_conversion_keeps_schemas_tables_views_and_comments(tmp_path: Path) -> None:
    database = tmp_path / "newest.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            """
            create schema marts;
            create table marts.mart_demo as select 1 as n, 2.50::decimal(18, 2) as revenue_eur;
            comment on table marts.mart_demo is 'A demo mart.';
            comment on column marts.mart_demo.revenue_eur is 'Revenue (EUR).';
            create view marts.demo_view as select n from marts.mart_demo;
            """
        )
    assert convert_database_file(database, "v1.4.0")
    assert storage_version_number(database) == V1_4
    assert not convert_database_file(database, "v1.4.0")  # already there: left as it is
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select n, revenue_eur from marts.demo_view join marts.mart_demo using (n)").fetchall()
        assert connection.execute(
            "select comment from duckdb_tables() where table_name = 'mart_demo'"
        ).fetchone() == ("A demo mart.",)
        assert connection.execute(
            "select comment from duckdb_columns() where column_name = 'revenue_eur'"
        ).fetchone() == ("Revenue (EUR).",)


def test_an_unknown_version_or_a_file_that_is_not_duckdb_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="crosschannel__storage_version 'v0.0.1'"):
        create_database_file(tmp_path / "x.duckdb", "v0.0.1")
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("not a database, but long enough to hold a header", encoding="utf-8")
    with pytest.raises(StorageError, match="is not a DuckDB database file"):
        storage_version_number(not_duckdb)

