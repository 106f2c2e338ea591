"""No mart holds a raw e-mail, phone or full name: contact details live only in the pii schema,
and no test stores the rows it found failing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from crosschannel.runner import WITHOUT_UNIT_TESTS, run_dbt
from partial_parse import database_in

EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
# Separators removed first: a date (2025-06-01) has 8 digits, a phone 9 to 15.
PHONE = r"^(\+|00)?[0-9]{9,15}$"


def _findings(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, int]:
    con.execute(
        """
        create or replace temp table full_names as
        select distinct lower(first_name || ' ' || last_name) as full_name
        from (
            select first_name, last_name from staging.stg_web__accounts
            union all select first_name, last_name from staging.stg_store__customers
            union all select first_name, last_name from staging.stg_crm__contacts
        ) as records
        where first_name is not null and last_name is not null
        """
    )
    columns = con.execute(
        """
        select table_name, column_name from information_schema.columns
        where table_schema = ? and data_type = 'VARCHAR'
        """,
        [schema],
    ).fetchall()
    findings: dict[str, int] = {}
    for table, column in columns:
        found = con.execute(
            f"""
            select count(*) from {schema}."{table}"
            where regexp_matches("{column}", ?)
                or regexp_matches(regexp_replace("{column}", '[ .()/-]', '', 'g'), ?)
                or lower("{column}") in (select full_name from full_names)
            """,
            [EMAIL, PHONE],
        ).fetchone()
        if found and found[0]:
            findings[f"{table}.{column}"] = int(found[0])
    return findings


def test_marts_hold_no_raw_contact_details_and_the_scan_finds_them_in_pii(built_database: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as con:
        assert _findings(con, "marts") == {}
        # The same scan over the golden contact details finds them: it is able to fail.
        found_in_pii = _findings(con, "pii")
    assert {"dim_customer_contacts.email", "dim_customer_contacts.phone"} <= set(found_in_pii)


# Runs the staging and intermediate data tests again: out of the fast loop.
@pytest.mark.slow
def test_no_test_stores_its_failing_rows(built_database: Path, project_dir: Path, tmp_path: Path) -> None:
    """A failing test's rows are what it read, raw contact details included: none is ever stored,
    even when `dbt test --store-failures` asks (the project's `store_failures: false` wins)."""
    database = database_in(tmp_path)
    shutil.copy(built_database, database)
    run = run_dbt(
        ["test", "--store-failures", *WITHOUT_UNIT_TESTS, "--select", "staging", "intermediate"],
        project_dir,
        database,
    )
    assert run.success, run.error
    with duckdb.connect(str(database), read_only=True) as con:
        stored = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name like '%dbt_test__audit%'"
        ).fetchall()
    assert not stored, f"{len(stored)} tables of test failures stored, for example {stored[:3]}"
