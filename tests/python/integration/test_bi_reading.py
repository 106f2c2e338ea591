"""How BI tools read the warehouse: the DuckDB file read-only (several readers at once), or Parquet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
from crosschannel.export import export_marts

_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select sum(revenue_eur) from marts.mart_cross_channel_daily").fetchone()[0])
"""


def test_readers_in_other_processes_share_the_file_read_only(built_database: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as holder:
        expected = str(holder.execute("select sum(revenue_eur) from marts.mart_cross_channel_daily").fetchone()[0])
        readers = [
            subprocess.run(
                [sys.executable, "-c", _READER, str(built_database)], capture_output=True, text=True, check=False
            )
            for _ in range(2)
        ]
    for reader in readers:
        assert reader.returncode == 0, reader.stderr
        assert reader.stdout.strip() == expected
    # The way a BI tool's own DuckDB session reads it: ATTACH ... (READ_ONLY); writes are refused.
    with duckdb.connect() as session:
        session.execute(f"attach '{built_database}' as warehouse (read_only)")
        assert (
            str(session.execute("select sum(revenue_eur) from warehouse.marts.mart_cross_channel_daily").fetchone()[0])
            == expected
        )
        try:
            session.execute("create table warehouse.marts.scratch as select 1 as x")
        except duckdb.Error as error:
            assert "read-only" in str(error).lower()
        else:
            raise AssertionError("a read-only attach accepted a write")


def test_parquet_export_holds_every_mart_row_for_row_and_no_pii(built_database: Path, tmp_path: Path) -> None:
    files = export_marts(built_database, tmp_path / "export")
    with duckdb.connect(str(built_database), read_only=True) as con:
        marts = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        assert {file.stem for file in files} == marts
        assert not (tmp_path / "export" / "dim_customer_contacts.parquet").exists()
        for file in files:
            differing = con.execute(
                f"""
                select count(*) from (
                    (select * from marts.{file.stem} except all select * from read_parquet(?))
                    union all
                    (select * from read_parquet(?) except all select * from marts.{file.stem})
                )
                """,
                [str(file), str(file)],
            ).fetchone()
            assert differing == (0,), f"{file.name} differs from marts.{file.stem}"


def test_a_duckdb_client_sees_every_mart_and_column_described(built_database: Path) -> None:
    """persist_docs: the descriptions of the marts' YAML are the tables' and columns' comments, which
    DuckDB clients and BI tools show beside the data."""
    manifest = json.loads((built_database.parent / "manifest.json").read_text(encoding="utf-8"))
    described = {
        (node["schema"], node["name"]): node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] in ("marts", "pii")
    }
    with duckdb.connect(str(built_database), read_only=True) as con:
        tables = dict(
            ((schema, name), comment)
            for schema, name, comment in con.execute(
                "select schema_name, table_name, comment from duckdb_tables() where schema_name in ('marts', 'pii')"
            ).fetchall()
        )
        columns = {
            (schema, table, column): comment
            for schema, table, column, comment in con.execute(
                """
                select schema_name, table_name, column_name, comment
                from duckdb_columns() where schema_name in ('marts', 'pii')
                """
            ).fetchall()
        }
    assert set(tables) == set(described)
    for (schema, name), node in described.items():
        assert tables[schema, name] == node["description"], name
        for column, documented in node["columns"].items():
            assert columns[schema, name, column] == documented["description"], f"{name}.{column}"
    assert all(columns.values()), [key for key, comment in columns.items() if not comment]


def test_money_columns_of_the_marts_are_decimal_euros(built_database: Path) -> None:
    """One money type for BI tools: every column of the marts holding euros (named *_eur*) is a DECIMAL."""
    with duckdb.connect(str(built_database), read_only=True) as con:
        money = con.execute(
            """
            select table_name, column_name, data_type
            from information_schema.columns
            where table_schema = 'marts' and column_name like '%\\_eur%' escape '\\'
            """
        ).fetchall()
    assert len(money) > 50
    assert [column for column in money if not column[2].startswith("DECIMAL")] == []


def test_aggregate_marts_have_a_value_in_every_dimension(built_database: Path) -> None:
    """A BI tool groups and filters on the mart_* tables' text and date columns: an explicit member
    ('unallocated', 'none', 'all'...) instead of NULL, so that a filter's members add up to the total."""
    with duckdb.connect(str(built_database), read_only=True) as con:
        dimensions = con.execute(
            """
            select table_name, column_name
            from information_schema.columns
            where table_schema = 'marts' and table_name like 'mart\\_%' escape '\\'
                and data_type in ('VARCHAR', 'DATE')
                -- An id of the customer, not a dimension: NULL for an anonymous visitor's profile.
                and column_name != 'customer_id'
            order by table_name, column_name
            """
        ).fetchall()
        with_nulls = {
            f"{table}.{column}": nulls
            for table, column in dimensions
            if (nulls := con.execute(f'select count(*) from marts.{table} where "{column}" is null').fetchone()[0])
        }
    assert len(dimensions) > 40
    assert with_nulls == {}
