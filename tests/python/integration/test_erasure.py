"""`crosschannel erase` removes a person from every model and from the raw files, logs it, and a
re-sent delivery does not bring them back (the suppression list)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from crosschannel.cli import app
from crosschannel.runner import WITHOUT_UNIT_TESTS, run_dbt
from partial_parse import database_in
from project_copy import project_copy
from typer.testing import CliRunner

pytestmark = pytest.mark.slow

MODEL_SCHEMAS = ("staging", "intermediate", "marts", "pii")


@dataclass(frozen=True)
class Person:
    customer_id: str
    email: str
    traces: tuple[str, ...]  # customer, record, lead and cookie ids, e-mails
    phones: tuple[str, ...]  # last nine digits


@dataclass(frozen=True)
class Erased:
    project: Path
    database: Path
    person: Person
    customers_before: frozenset[str]
    models_trained_before: dict[str, object]
    exit_code: int
    output: str


def _person(database: Path) -> Person:
    """A customer known to the web shop, a store, the CRM, leads and cookies: one erasure must reach all.
    Their traces: every id of theirs, and the e-mails and phones (last 9 digits) no one else has."""
    with duckdb.connect(str(database), read_only=True) as con:
        customer_id = con.execute(
            """
            select customer_id from intermediate.int_identity__customer_ids
            group by customer_id
            having count(distinct split_part(node_id, ':', 1)) = 5
            order by customer_id
            limit 1
            """
        ).fetchone()[0]
        ids = con.execute(
            "select substr(node_id, strpos(node_id, ':') + 1) from intermediate.int_identity__customer_ids"
            " where customer_id = ?",
            [customer_id],
        ).fetchall()
        contacts = con.execute(
            """
            with contacts as (
                select ids.customer_id, records.normalized_email as email, right(records.normalized_phone, 9) as phone
                from intermediate.int_identity__keyed_records as records
                inner join intermediate.int_identity__customer_ids as ids on records.node_id = ids.node_id
            )
            select 'email', email from contacts group by email having bool_and(customer_id = ?)
            union all
            select 'phone', phone from contacts group by phone having bool_and(customer_id = ?)
            """,
            [customer_id, customer_id],
        ).fetchall()
    emails = sorted(value for kind, value in contacts if kind == "email" and value)
    phones = sorted(value for kind, value in contacts if kind == "phone" and value)
    return Person(customer_id, emails[0], (customer_id, *(row[0] for row in ids), *emails), tuple(phones))


def _traces_in(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...], person: Person) -> dict[str, int]:
    """Columns of the schemas holding one of the person's ids or e-mails, or the digits of a phone of theirs."""
    columns = con.execute(
        f"""
        select table_schema, table_name, column_name from information_schema.columns
        where table_schema in ({", ".join("?" for _ in schemas)}) and data_type = 'VARCHAR'
        """,
        list(schemas),
    ).fetchall()
    found: dict[str, int] = {}
    for schema, table, column in columns:
        value = f'lower("{column}")'
        digits = f"""regexp_replace("{column}", '[^0-9]', '', 'g')"""
        condition = " or ".join(
            [f"contains({value}, ?)" for _ in person.traces] + [f"contains({digits}, ?)" for _ in person.phones]
        )
        hits = con.execute(
            f'select count(*) from {schema}."{table}" where {condition}',
            [trace.lower() for trace in person.traces] + list(person.phones),
        ).fetchone()[0]
        if hits:
            found[f"{schema}.{table}.{column}"] = int(hits)
    return found


@pytest.fixture(scope="module")
def erased(built_database: Path, project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Erased]:
    """A copy of the project and its built database, with one person erased by their e-mail."""
    root = tmp_path_factory.mktemp("erasure")
    with project_copy(project_dir, root / "project") as project:
        yield _erase_someone(project, built_database, database_in(root))


def _erase_someone(project: Path, built_database: Path, database: Path) -> Erased:
    shutil.copyfile(built_database, database)
    person = _person(database)
    with duckdb.connect(str(database), read_only=True) as con:
        assert _traces_in(con, ("marts", "pii"), person), "the scan cannot find the person before the erasure"
        customers_before = frozenset(row[0] for row in con.execute("select customer_id from marts.dim_customers").fetchall())
        models_trained_before = _models_trained_at(con)
    # As typed by the person asking: mixed case and stray spaces.
    result = CliRunner().invoke(
        app, ["erase", "--email", f"  {person.email.upper()} ", "--project-dir", str(project), "--database", str(database)]
    )
    return Erased(project, database, person, customers_before, models_trained_before, result.exit_code, result.output)


def _models_trained_at(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    return dict(
        con.execute(
            "select score_name, trained_at from intermediate.int_scores__propensity_model"
            " union all select score_name, trained_at from intermediate.int_scores__uplift_model"
            " union all select score_name, trained_at from intermediate.int_scores__lookalike_model"
        ).fetchall()
    )


def test_erase_trains_the_kept_score_models_again_without_the_person(erased: Erased) -> None:
    assert erased.exit_code == 0, erased.output
    with duckdb.connect(str(erased.database), read_only=True) as con:
        trained_after = _models_trained_at(con)
    assert set(trained_after) == set(erased.models_trained_before) == {"lookalike", "propensity", "uplift"}
    assert all(trained_after[score] > erased.models_trained_before[score] for score in trained_after), trained_after


def test_erase_removes_the_person_from_every_model_and_the_raw_tables(erased: Erased) -> None:
    assert erased.exit_code == 0, erased.output
    with duckdb.connect(str(erased.database), read_only=True) as con:
        assert _traces_in(con, (*MODEL_SCHEMAS, "raw"), erased.person) == {}
        customers_after = frozenset(row[0] for row in con.execute("select customer_id from marts.dim_customers").fetchall())
        registry = con.execute(
            "select count(*) from intermediate.int_identity__customer_registry where customer_id = ?",
            [erased.person.customer_id],
        ).fetchone()[0]
    # Everyone else keeps their customer id.
    assert customers_after == erased.customers_before - {erased.person.customer_id}
    assert registry == 0


def test_erase_rewrites_the_raw_files_and_logs_without_contact_details(erased: Erased) -> None:
    assert erased.exit_code == 0, erased.output
    seeds = "\n".join(path.read_text(encoding="utf-8").lower() for path in (erased.project / "seeds").glob("raw_*.csv"))
    assert [trace for trace in erased.person.traces if trace.lower() in seeds] == []
    seed_digits = "".join(character for character in seeds if character.isdigit() or character == "\n")
    assert [phone for phone in erased.person.phones if phone in seed_digits] == []
    (logged,) = [json.loads(line) for line in (erased.project / "privacy" / "erasure_log.jsonl").read_text().splitlines()]
    assert logged["customer_ids"] == [erased.person.customer_id]
    assert logged["requested_by"] == "email" and logged["published"] is True
    assert logged["raw_rows_removed"]["raw_web_events"] > 0 and logged["raw_rows_removed"]["raw_orders"] > 0
    suppression_list = (erased.project / "privacy" / "erasure_suppression_list.csv").read_text()
    for text in (json.dumps(logged), suppression_list):
        assert erased.person.email not in text.lower()
    assert {"node", "customer", "email"} <= set(logged["keys_suppressed"])


def test_a_resent_delivery_does_not_bring_the_person_back(erased: Erased, project_dir: Path) -> None:
    """Every model reads the raw tables through staging: if staging keeps nothing of the person,
    no model can."""
    assert erased.exit_code == 0, erased.output
    for delivery in (project_dir / "seeds").glob("raw_*.csv"):
        shutil.copyfile(delivery, erased.project / "seeds" / delivery.name)
    run = run_dbt(
        ["build", "--select", "+path:models/staging", *WITHOUT_UNIT_TESTS],
        erased.project,
        erased.database,
    )
    assert run.success, run.error
    with duckdb.connect(str(erased.database), read_only=True) as con:
        # The re-sent raw tables hold the person again; staging does not.
        assert _traces_in(con, ("raw",), erased.person)
        assert _traces_in(con, ("staging",), erased.person) == {}
        balance = dict(
            con.execute(
                "select source_table, erased_rows from staging.stg_quality__row_reconciliation where unaccounted_rows = 0"
            ).fetchall()
        )
    # Staging erases, from the re-sent delivery, exactly the rows the erasure removed from the files.
    (logged,) = [json.loads(line) for line in (erased.project / "privacy" / "erasure_log.jsonl").read_text().splitlines()]
    assert len(balance) == 12
    assert {table: rows for table, rows in balance.items() if rows} == logged["raw_rows_removed"]
