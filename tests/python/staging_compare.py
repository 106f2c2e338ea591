"""Comparing what two builds wrote: the tables of two databases (the tests of the ways in, of incremental
runs), or the tables another engine wrote as Parquet with a database's (the Spark test)."""

from __future__ import annotations

from pathlib import Path

import duckdb

STAGED_MODELS = (
    "stg_web__accounts",
    "stg_store__customers",
    "stg_crm__contacts",
    "stg_web__events",
    "stg_sales__leads",
    "stg_sales__orders",
    "stg_store__stores",
    "stg_web__sites",
    "stg_sales__products",
    "stg_marketing__campaigns",
    "stg_marketing__campaign_audience",
    "stg_marketing__campaign_touches",
)
QUALITY_MODELS = ("stg_quality__quarantined_rows", "stg_quality__row_reconciliation")


# When the run that staged a row started: incremental models take their new rows by it, and it differs
# from one build to the next.
STAGED_AT = "staged_at"


def differing_rows(
    left: Path, right: Path, models: tuple[str, ...], schema: str = "staging", ignored_columns: tuple[str, ...] = ()
) -> dict[str, int]:
    """Per model of the schema, the rows found in one database and not the other (both ways, multiset);
    every column compared exactly but `staged_at`, the given ones, and doubles (within 1e-9 relative)."""
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as left_db (read_only)")
        connection.execute(f"attach '{right}' as built (read_only)")
        return {
            model: _differing_within_tolerance(
                connection, f"left_db.{schema}.{model}", schema, model, (STAGED_AT, *ignored_columns)
            )
            for model in models
        }


def row_count(database: Path, model: str) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(f"select count(*) from staging.{model}").fetchone()
    assert found is not None
    return int(found[0])


def differing_rows_from_parquet(
    folder: Path, database: Path, schema: str, tables: tuple[str, ...], ignored_columns: tuple[str, ...] = ()
) -> dict[str, int]:
    """Per table, the rows of `folder/<table>` (Parquet written by another engine) and of the database's
    `schema.<table>` that the other lacks (both ways, multiset). Every column but `staged_at` and the ignored
    ones must be equal except doubles, which may differ by 1e-9 relative (engines sum in different orders);
    timestamps read as UTC."""
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{database}' as built (read_only)")
        return {
            table: _differing_within_tolerance(
                connection, f"read_parquet('{folder / table}/*.parquet')", schema, table, (STAGED_AT, *ignored_columns)
            )
            for table in tables
        }


def _differing_within_tolerance(
    connection: duckdb.DuckDBPyConnection,
    other: str,
    schema: str,
    table: str,
    ignored_columns: tuple[str, ...],
) -> int:
    described = connection.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = 'built' and table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    assert described, f"{schema}.{table} is not in the database"
    columns = [name for name, _ in described if name not in ignored_columns]
    doubles = [name for name, data_type in described if name in columns and data_type in {"DOUBLE", "FLOAT"}]
    exact = [name for name in columns if name not in doubles]
    # Rows pair up by their exact columns; among rows equal on those, in the order of their doubles.
    numbered = (
        "select {columns}, row_number() over (partition by {exact} order by {doubles}) as row_in_group from {relation}"
    )
    listed = {"columns": ", ".join(columns), "exact": ", ".join(exact) or "1", "doubles": ", ".join(doubles) or "1"}
    paired = " and ".join(f"left_rows.{name} is not distinct from right_rows.{name}" for name in [*exact, "row_in_group"])
    apart = " or ".join(
        f"not (left_rows.{name} is not distinct from right_rows.{name}"
        f" or abs(left_rows.{name} - right_rows.{name}) <= 1e-9 * greatest(1, abs(left_rows.{name})))"
        for name in doubles
    )
    found = connection.execute(
        f"""
        select count(*)
        from ({numbered.format(relation=other, **listed)}) as left_rows
        full join ({numbered.format(relation=f"built.{schema}.{table}", **listed)}) as right_rows on {paired}
        where left_rows.row_in_group is null or right_rows.row_in_group is null {f"or {apart}" if apart else ""}
        """
    ).fetchone()
    assert found is not None
    return int(found[0])
