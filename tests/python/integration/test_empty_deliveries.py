"""A delivery may hold any subset of the contract tables with no rows (a header only): every model
builds, every data test passes, and the marts are empty or zero-filled, never wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.runner import WITHOUT_UNIT_TESTS, raw_files_vars, run_dbt
from partial_parse import database_in

pytestmark = pytest.mark.slow

BACK_OFFICES = ("raw_web_accounts", "raw_store_customers", "raw_crm_contacts")
CAMPAIGN_TABLES = ("raw_campaigns", "raw_campaign_audience", "raw_campaign_touches")

# The tables each delivery leaves with a header and no rows.
EMPTY_TABLES = {
    "back_offices_only": tuple(set(RAW_TABLES) - {*BACK_OFFICES, "raw_stores", "raw_sites"}),
    "no_web_events": ("raw_web_events",),
    "no_campaigns": CAMPAIGN_TABLES,
    "no_orders": ("raw_orders",),
    "everything_empty": tuple(RAW_TABLES),
}

# What identity builds from the back offices alone; every other mart needs activity.
IDENTITY_MARTS = frozenset(
    {"dim_customers", "dim_customer_source_records", "fct_customer_links", "fct_identity_exclusions",
     "dim_customer_contacts"}
)  # fmt: skip


def _delivery(project_dir: Path, folder: Path, empty_tables: tuple[str, ...]) -> Path:
    """The bundled demo as files, with the given tables cut to their header line."""
    folder.mkdir(parents=True)
    for table in RAW_TABLES:
        seed = project_dir / "seeds" / f"{table}.csv"
        if table in empty_tables:
            with seed.open(encoding="utf-8", newline="") as source:
                (folder / f"{table}.csv").write_text(source.readline(), encoding="utf-8", newline="")
        else:
            shutil.copy(seed, folder / f"{table}.csv")
    return folder


def _tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        f"{schema}.{name}"
        for schema, name in connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('marts', 'pii') and table_name <> 'dim_dates' order by 1, 2"
        ).fetchall()
    ]


def _rows_with_a_measure(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows of a table holding a number other than zero or NULL: what an empty delivery must not produce."""
    schema, name = table.split(".")
    numeric = [
        column
        for (column,) in connection.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
            " and (data_type like 'DECIMAL%' or data_type in ('BIGINT', 'INTEGER', 'HUGEINT', 'DOUBLE', 'FLOAT'))",
            [schema, name],
        ).fetchall()
    ]
    if not numeric:
        return int(connection.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]
    measured = " or ".join(f"coalesce({column}, 0) <> 0" for column in numeric)
    return int(connection.execute(f"select count(*) from {table} where {measured}").fetchone()[0])  # type: ignore[index]


def _scalar(connection: duckdb.DuckDBPyConnection, query: str) -> object:
    row = connection.execute(query).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize("delivery", list(EMPTY_TABLES))
def test_a_delivery_with_empty_tables_builds_and_its_marts_are_empty_or_zero(
    project_dir: Path, tmp_path: Path, delivery: str
) -> None:
    folder = _delivery(project_dir, tmp_path / "raw", EMPTY_TABLES[delivery])
    database = database_in(tmp_path)
    run = run_dbt(
        ["build", *WITHOUT_UNIT_TESTS],
        project_dir,
        database,
        raw_files_vars(folder),
    )
    assert run.success, run.messages
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = _tables(connection)
        measured = {table: _rows_with_a_measure(connection, table) for table in tables}
        staged_orders_revenue = _scalar(
            connection,
            "select coalesce(sum(revenue_eur), 0) from intermediate.int_sales__orders_enriched"
            " where order_status = 'confirmed'",
        )
        daily = connection.execute(
            "select coalesce(sum(orders), 0), coalesce(sum(revenue_eur), 0), coalesce(sum(sessions), 0)"
            " from marts.mart_cross_channel_daily"
        ).fetchone()
        assert daily is not None
        if delivery == "everything_empty":
            assert {table: rows for table, rows in measured.items() if rows} == {}
        elif delivery == "back_offices_only":
            assert {
                table: rows for table, rows in measured.items() if rows and table.split(".")[1] not in IDENTITY_MARTS
            } == {}
            staged_records = sum(
                int(_scalar(connection, f"select count(*) from staging.{model}"))  # type: ignore[call-overload]
                for model in ("stg_web__accounts", "stg_store__customers", "stg_crm__contacts")
            )
            assert staged_records > 3000
            assert _scalar(connection, "select count(*) from marts.dim_customer_source_records") == staged_records
            assert 0 < _scalar(connection, "select count(*) from marts.dim_customers") < staged_records  # type: ignore[operator]
        elif delivery == "no_web_events":
            assert measured["marts.fct_web_sessions"] == measured["marts.fct_lookalike_scores"] == 0
            assert daily[2] == 0
            assert daily[1] == staged_orders_revenue
            assert staged_orders_revenue > 0  # type: ignore[operator]
        elif delivery == "no_campaigns":
            assert measured["marts.mart_campaign_incrementality"] == measured["marts.fct_customer_uplift"] == 0
            assert connection.execute(
                "select summary_level, campaigns, treatment_members, incremental_revenue_eur, cost_eur, iroas"
                " from marts.mart_incrementality_summary"
            ).fetchall() == [("network", 0, 0, 0, 0, None)]
            assert daily[1] == staged_orders_revenue
        else:
            assert delivery == "no_orders"
            for table in ("fct_ropo_orders", "mart_ropo_monthly", "mart_cohort_retention", "fct_customer_propensity"):
                assert measured[f"marts.{table}"] == 0, table
            assert daily[:2] == (0, 0)
            assert daily[2] > 0
            assert _scalar(
                connection, "select count(*) from marts.mart_campaign_incrementality where treatment_conversions > 0"
            ) == 0
