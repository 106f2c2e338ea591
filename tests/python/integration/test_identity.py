"""Identity resolution against the generator's truth, and customer ids across runs."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import generate
from crosschannel.generator.config import preset
from crosschannel.generator.truth import ERROR_KINDS
from crosschannel.identity_report import identity_report
from crosschannel.runner import DbtRun, raw_files_vars, run_dbt
from partial_parse import database_in

IDENTITY_MODELS = "+dim_customer_source_records +fct_customer_merges int_identity__customer_registry"

# Targets of the identity work at default noise. Measured (bundled 2k; 100k seed 7): precision
# 0.9984 / 0.9982, recall 0.9828 / 0.9750. The 100k pairs still missed mostly join a record that
# shares nothing with its person's other records but a name several people carry (Thomas Richard
# on a CRM contact without e-mail, phone or postal code): the term-frequency rule will not link
# those, and no rule should (of the full names two customers carry at 100k, 83 in 3,715 are one
# person). identity-report counts those name-only misses: the recall ceiling, were every other
# missed pair found, is 0.9924 / 0.9862, and the recall of the pairs within reach 0.9903 / 0.9887.
PRECISION_TARGET = 0.998
RECALL_TARGET_2K = 0.98
RECALL_TARGET_100K = 0.974
RECALL_WITHIN_REACH_TARGET = 0.98
# The messy world (generate --preset messy) at 100k, seed 7: precision 0.9971, recall 0.9232 (0.9966 /
# 0.9174 before last names two typing errors apart stopped conflicting on a shared e-mail or phone, a
# lone last name typed as the other's first name too, names were counted in either order and namesakes
# living far apart with nothing else in common kept apart); recall ceiling 0.9672, within reach 0.9545.
MESSY_PRECISION_TARGET = 0.995
MESSY_RECALL_TARGET = 0.92
MESSY_RECALL_WITHIN_REACH_TARGET = 0.95


def test_bundled_seeds_recover_the_truth(built_database: Path, project_dir: Path) -> None:
    report = identity_report(built_database, project_dir / "seeds" / "truth")
    assert report.records > 4500
    assert report.precision >= PRECISION_TARGET
    assert report.recall >= RECALL_TARGET_2K
    assert report.recall_within_reach >= RECALL_WITHIN_REACH_TARGET
    assert report.recall < report.recall_ceiling < 1
    assert report.exact_share >= 0.90
    assert report.largest_customer_records <= 20
    # The default world has typos, swapped days and months and mistyped e-mails only.
    kinds = {error.error_kind: error for error in report.recall_by_error}
    assert set(kinds) == {"none", "first_name_typo", "last_name_typo", "birth_date_day_month_swapped", "email_typo"}
    assert kinds["none"].recall >= 0.98 and kinds["birth_date_day_month_swapped"].recall >= 0.9
    # Each false pair comes from a link joining two people, traced to its rule; no rule with a hundred
    # links or more joins two people once in a hundred.
    false_links = sum(rule.false_links for rule in report.links_by_rule)
    assert (false_links > 0) == (report.predicted_pairs > report.correct_pairs)
    assert {("shared_match_key", "email"), ("unique_profile_key", "name_postal_code")} <= {
        (rule.link_rule, rule.key_type) for rule in report.links_by_rule
    }
    assert all(rule.false_share < 0.01 for rule in report.links_by_rule if rule.links >= 100)


# Builds a generated world: out of the fast loop.
@pytest.mark.slow
def test_a_messy_world_of_one_hundred_thousand_persons(project_dir: Path, tmp_path: Path) -> None:
    """Names misheard and mistyped, dates, postal codes and names swapped, 30% of e-mails missing."""
    generate(persons=100_000, seed=7, out_dir=tmp_path / "raw", file_format="parquet", parameters=preset("messy"))
    database = database_in(tmp_path)
    run = _build_identity(project_dir, tmp_path / "raw", database)
    assert run.success, run.error
    report = identity_report(database, tmp_path / "raw" / "truth")
    assert report.precision >= MESSY_PRECISION_TARGET
    assert report.recall >= MESSY_RECALL_TARGET
    assert report.recall_within_reach >= MESSY_RECALL_WITHIN_REACH_TARGET
    kinds = {error.error_kind: error for error in report.recall_by_error}
    assert set(kinds) == {"none", *ERROR_KINDS}
    # Every kind of error is recovered most of the time; a left-out e-mail least often (0.817).
    assert all(error.true_pairs > 5000 and error.recall >= 0.80 for error in kinds.values())
    with duckdb.connect(str(database), read_only=True) as con:
        rules = dict(
            con.execute(
                "select key_type, count(*) from marts.fct_customer_links where link_rule = 'one_typing_error' group by 1"
            ).fetchall()
        )
    assert {"last_name_sounds_alike", "first_last_names_swapped", "birth_date_day_month_swapped", "email_one_edit"} <= set(rules)


def _build_identity(project_dir: Path, folder: Path, database: Path, *options: str) -> DbtRun:
    dbt_vars = raw_files_vars(folder)
    return run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", IDENTITY_MODELS, *options],
        project_dir,
        database,
        dbt_vars,
    )


def _customer_ids(database: Path) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select source_system, source_record_id, customer_id from marts.dim_customer_source_records"
        ).fetchall()
    return {(system, record): customer for system, record, customer in rows}


def _merges(database: Path) -> list[tuple[str, str, str, str | None]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "select from_customer_id, to_customer_id, change_type, merge_rule"
            " from marts.fct_customer_merges order by merged_at, from_customer_id"
        ).fetchall()


def _registry_in_graph(database: Path) -> dict[object, int]:
    """How many registry nodes read each in_graph value."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select in_graph, count(*) from intermediate.int_identity__customer_registry group by in_graph"
        ).fetchall()
    return dict(rows)


def _append_row(path: Path, template: dict[str, str], **values: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=columns, lineterminator="\n").writerow({**template, **values})


def _first_row(path: Path, **conditions: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if all(row[column] == value for column, value in conditions.items()):
                return row
    raise LookupError(f"no row of {path.name} with {conditions}")


@pytest.fixture()
def raw_folder(project_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", folder / f"{table}.csv")
    return folder


def _anchor_account(database: Path) -> tuple[str, str]:
    """A web account whose e-mail no other record carries: (account_id, its customer_id)."""
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute(
            """
            select keys.source_record_id, records.customer_id
            from intermediate.int_identity__keyed_records as keys
            inner join intermediate.int_identity__record_keys as record_keys
                on keys.node_id = record_keys.node_id and record_keys.key_type = 'email'
            inner join marts.dim_customer_source_records as records
                on records.source_system = 'web' and records.source_record_id = keys.source_record_id
            where keys.source_system = 'web' and record_keys.records_with_key = 1
                and keys.normalized_first_name is not null and record_keys.exclusion_reason is null
            order by keys.source_record_id
            limit 1
            """
        ).fetchone()
    assert row is not None
    return row[0], row[1]


# Builds the identity models again and again: out of the fast loop.
@pytest.mark.slow
def test_ids_survive_reruns_merges_keep_the_older_id_and_splits_are_logged(
    project_dir: Path, raw_folder: Path, tmp_path: Path
) -> None:
    database = database_in(tmp_path)
    assert _build_identity(project_dir, raw_folder, database).success
    first = _customer_ids(database)
    older_account, older_customer = _anchor_account(database)
    nodes = sum(_registry_in_graph(database).values())
    assert _registry_in_graph(database) == {True: nodes}

    # Same data again, on a registry kept from before its in_graph column (it cannot be rebuilt): the
    # column is appended, NULL on the kept rows, which this run does not write; every id is kept and the
    # merge log stays empty.
    with duckdb.connect(str(database)) as con:
        con.execute("alter table intermediate.int_identity__customer_registry drop column in_graph")
    assert _build_identity(project_dir, raw_folder, database).success
    assert _registry_in_graph(database) == {None: nodes}
    assert _customer_ids(database) == first
    assert _merges(database) == []

    # A new person's web account: a new customer, created in a later run.
    accounts = raw_folder / "raw_web_accounts.csv"
    template = _first_row(accounts, account_id=older_account)
    _append_row(
        accounts,
        template,
        account_id="WA999999991",
        email="zoe.nouveau@example.org",
        phone="",
        first_name="Zoé",
        last_name="Nouveau",
        birth_date="1990-01-01",
        loyalty_id="",
    )
    assert _build_identity(project_dir, raw_folder, database).success
    second = _customer_ids(database)
    newer_customer = second[("web", "WA999999991")]
    assert newer_customer not in first.values()
    assert {key: second[key] for key in first} == first

    # A lead naming the new account, typed with the older account's e-mail and names, bridges them:
    # the older id survives and the merge log has exactly one row, with the bridging rules.
    leads = raw_folder / "raw_leads.csv"
    _append_row(
        leads,
        _first_row(leads, channel="web"),
        lead_id="LD999999991",
        source_system="web",
        source_customer_id="WA999999991",
        cookie_id="",
        email=template["email"],
        phone="",
        first_name=template["first_name"],
        last_name=template["last_name"],
    )
    assert _build_identity(project_dir, raw_folder, database).success
    merged = _customer_ids(database)
    assert merged[("web", "WA999999991")] == older_customer
    assert merged[("lead", "LD999999991")] == older_customer
    assert merged[("web", older_account)] == older_customer
    merges = _merges(database)
    assert len(merges) == 1
    from_id, to_id, change_type, rule = merges[0]
    assert (from_id, to_id, change_type) == (newer_customer, older_customer, "merge")
    assert rule is not None and "source_customer_id" in rule

    # The bridging lead withdrawn: leads are staged incrementally, so a removed row stops the run until
    # --full-refresh, which keeps the ids; the smaller part is split off under a new id, logged as a split.
    lines = leads.read_text(encoding="utf-8").splitlines(keepends=True)
    leads.write_text("".join(line for line in lines if "LD999999991" not in line), encoding="utf-8")
    refused = _build_identity(project_dir, raw_folder, database)
    assert not refused.success
    assert "no longer delivered" in refused.messages, refused.results
    assert _build_identity(project_dir, raw_folder, database, "--full-refresh").success
    split = _customer_ids(database)
    assert split[("web", older_account)] == older_customer
    split_id = split[("web", "WA999999991")]
    assert split_id not in (older_customer, newer_customer)
    assert _merges(database)[1:] == [(older_customer, split_id, "split", None)]
    # The withdrawn lead's node left the graph: the registry keeps its customer and says so, once.
    with duckdb.connect(str(database), read_only=True) as con:
        left = con.execute(
            "select customer_id, in_graph from intermediate.int_identity__customer_registry"
            " where node_id = 'lead:LD999999991'"
        ).fetchall()
    assert left == [(older_customer, False)]
    assert _registry_in_graph(database)[False] == 1
