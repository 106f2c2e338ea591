"""Comparing the staging layer of two built databases, for the tests of the ways in."""

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


def _differing(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Rows of one relation the other lacks, both ways, as a multiset."""
    found = connection.execute(
        f"""
        select count(*) from (
            (select * from {left} except all select * from {right})
            union all
            (select * from {right} except all select * from {left})
        )
        """
    ).fetchone()
    assert found is not None
    return int(found[0])


def differing_rows(left: Path, right: Path, models: tuple[str, ...]) -> dict[str, int]:
    """Per staging model, the rows found in one database and not the other (both ways, multiset)."""
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as left_db (read_only)")
        connection.execute(f"attach '{right}' as right_db (read_only)")
        return {
            model: _differing(connection, f"left_db.staging.{model}", f"right_db.staging.{model}") for model in models
        }


def row_count(database: Path, model: str) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(f"select count(*) from staging.{model}").fetchone()
    assert found is not None
    return int(found[0])


def differing_rows_from_parquet(folder: Path, database: Path, models: tuple[str, ...]) -> dict[str, int]:
    """Per staging model, the rows of `folder/<model>` (Parquet written by another engine) and of the
    database's model that the other lacks (both ways, multiset). Timestamps read as UTC."""
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{database}' as built (read_only)")
        return {
            model: _differing(connection, f"read_parquet('{folder / model}/*.parquet')", f"built.staging.{model}")
            for model in models
        }
