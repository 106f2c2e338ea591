"""Incremental daily runs: after a new delivery (the last week of events, orders and leads, a new campaign's
audience and the last week of touches, earlier events re-sent, some of them changed) a plain `dbt build`
leaves every table as a `--full-refresh` build on the same data does, and restages only what the delivery
touched; an erasure listed since the last load stops an incremental run."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from crosschannel.runner import WITHOUT_UNIT_TESTS, raw_files_vars, run_dbt
from project_copy import project_copy
from staging_compare import differing_rows

pytestmark = pytest.mark.slow

# The new delivery: the rows of these tables from a day on, by a timestamp as delivered (a value that is not
# a timestamp falls on either side, as the string compares).
DELIVERED_FROM = {
    "raw_web_events": ("event_at", "2025-12-24"),
    "raw_orders": ("ordered_at", "2025-12-24"),
    "raw_leads": ("created_at", "2025-12-24"),
    "raw_campaign_audience": ("assigned_at", "2025-10-24"),
    "raw_campaign_touches": ("touched_at", "2025-10-25"),
}
# Every this-many-th event of the earlier delivery is re-sent with it, and every tenth of those changed:
# moved to the end of its day, a new version that may win over the first and change its cookie's sessions.
RESENT_EVERY = 400
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "pii")
# Written by the run itself: when a new customer id was first assigned, when the registry or the merge log
# last saw a node or a merge. (A kept score model's trained_at is compared: neither build trains again.)
RUN_TIME_COLUMNS = ("customer_created_at", "customer_id_assigned_at", "assigned_at", "merged_at")


@dataclass(frozen=True)
class IncrementalBuilds:
    incremental: Path
    full_refresh: Path
    earlier_event_rows: int
    delivered_event_rows: int
    resent_event_rows: int


def _delivered_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        return header, list(reader)


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _with_event_delivery(header: list[str], earlier: list[list[str]], later: list[list[str]]) -> list[list[str]]:
    """The events delivered next: the week's, and re-sent earlier events, every tenth of them changed."""
    event_at = header.index("event_at")
    resent = []
    for number, row in enumerate(earlier[::RESENT_EVERY]):
        copy = list(row)
        if number % 10 == 0:
            copy[event_at] = copy[event_at][:10] + " 23:59:59"
        resent.append(copy)
    return [*later, *resent]


def _build(project_dir: Path, database: Path, raw_folder: Path, *args: str) -> None:
    dbt_vars = raw_files_vars(raw_folder)
    run = run_dbt(["build", *WITHOUT_UNIT_TESTS, *args], project_dir, database, dbt_vars)
    assert run.success, f"dbt build {' '.join(args)} failed: {run.error or 'see the dbt log'}"


@pytest.fixture(scope="module")
def builds(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IncrementalBuilds]:
    """The bundled seeds delivered in two parts: built after the first (and tested), then the second
    appended and built two ways from a copy of that build: incrementally, and with --full-refresh."""
    work = tmp_path_factory.mktemp("incremental")
    raw_folder = work / "raw"
    raw_folder.mkdir()
    later_by_table: dict[str, tuple[list[str], list[list[str]]]] = {}
    counts = {"earlier": 0, "later": 0, "resent": 0}
    for seed in sorted((project_dir / "seeds").glob("raw_*.csv")):
        if seed.stem not in DELIVERED_FROM:
            shutil.copyfile(seed, raw_folder / seed.name)
            continue
        header, rows = _delivered_rows(seed)
        column_name, first_day = DELIVERED_FROM[seed.stem]
        column = header.index(column_name)
        earlier = [row for row in rows if row[column] < first_day]
        later = [row for row in rows if row[column] >= first_day]
        if seed.stem == "raw_web_events":
            delivered = _with_event_delivery(header, earlier, later)
            counts.update(earlier=len(earlier), later=len(later), resent=len(delivered) - len(later))
            later = delivered
        _write_rows(raw_folder / seed.name, header, earlier)
        later_by_table[seed.name] = (header, [*earlier, *later])

    incremental = work / "incremental.duckdb"
    full_refresh = work / "full_refresh.duckdb"
    _build(project_dir, incremental, raw_folder)
    shutil.copyfile(incremental, full_refresh)
    for name, (header, rows) in later_by_table.items():
        _write_rows(raw_folder / name, header, rows)
    _build(project_dir, incremental, raw_folder)
    _build(project_dir, full_refresh, raw_folder, "--full-refresh")
    yield IncrementalBuilds(incremental, full_refresh, counts["earlier"], counts["later"], counts["resent"])


def test_the_delivery_has_new_resent_and_changed_events(builds: IncrementalBuilds) -> None:
    assert builds.delivered_event_rows > 200
    assert builds.resent_event_rows > 50


def test_an_incremental_run_equals_a_full_refresh(builds: IncrementalBuilds) -> None:
    with duckdb.connect(str(builds.full_refresh), read_only=True) as connection:
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() where list_contains(?, schema_name)"
            " order by schema_name, table_name",
            [list(COMPARED_SCHEMAS)],
        ).fetchall()
    assert len(tables) > 60
    differing = {}
    for schema in COMPARED_SCHEMAS:
        models = tuple(table for table_schema, table in tables if table_schema == schema)
        differing.update(
            {
                f"{schema}.{model}": rows
                for model, rows in differing_rows(
                    builds.incremental, builds.full_refresh, models, schema, RUN_TIME_COLUMNS
                ).items()
            }
        )
    assert {table: rows for table, rows in differing.items() if rows} == {}


def test_the_incremental_run_restaged_only_what_the_delivery_touched(builds: IncrementalBuilds) -> None:
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        restaged_shares = connection.execute(
            """
            select table_name, avg(case when staged_at = last_run then 1.0 else 0.0 end)
            from (
                select 'touches' as table_name, staged_at, max(staged_at) over () as last_run
                from staging.base_marketing__campaign_touches
                union all
                select 'audience', staged_at, max(staged_at) over () from staging.base_marketing__campaign_audience
                union all
                select 'orders', staged_at, max(staged_at) over () from staging.base_sales__orders
                union all
                select 'leads', staged_at, max(staged_at) over () from staging.base_sales__leads
            )
            group by table_name
            """
        ).fetchall()
        runs = connection.execute(
            "select staged_at, count(*) from staging.base_web__events group by staged_at order by staged_at"
        ).fetchall()
        touched_cookies = connection.execute(
            "select count(distinct cookie_id) filter (where staged_at = (select max(staged_at) from"
            " intermediate.int_web__cookie_sessions)), count(distinct cookie_id)"
            " from intermediate.int_web__cookie_sessions"
        ).fetchone()
    assert len(runs) == 2
    (_, first_run_rows), (_, second_run_rows) = runs
    # The new events, and every delivery of the re-sent ones (the first and the copy): a small share.
    assert builds.delivered_event_rows + 2 * builds.resent_event_rows <= second_run_rows
    assert second_run_rows < (first_run_rows + second_run_rows) / 10
    assert touched_cookies is not None
    restaged_cookies, cookies = touched_cookies
    assert 0 < restaged_cookies < cookies / 5
    assert {table: 0 < float(share) < 0.25 for table, share in restaged_shares} == dict.fromkeys(
        ("touches", "audience", "orders", "leads"), True
    ), restaged_shares


def test_the_daily_run_scored_with_the_models_kept_from_the_first_build(builds: IncrementalBuilds) -> None:
    """The delivery stays in the scoring month of the first build: no model trains again, in either build."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        (last_run,) = connection.execute("select max(staged_at) from staging.base_web__events").fetchone() or (None,)
        kept = connection.execute(
            "select score_name, trained_at < ?, trained_for_cutoff = (select cutoff_date"
            " from intermediate.int_scores__cutoffs where cutoff_role = 'scoring')"
            " from (select * from intermediate.int_scores__propensity_model"
            " union all select * from intermediate.int_scores__uplift_model"
            " union all select * from intermediate.int_scores__lookalike_model) order by all",
            [last_run],
        ).fetchall()
    assert kept == [("lookalike", True, True), ("propensity", True, True), ("uplift", True, True)]


def test_an_erasure_listed_after_the_last_load_stops_an_incremental_run(project_dir: Path, tmp_path: Path) -> None:
    with project_copy(project_dir, tmp_path / "project") as project:
        database = tmp_path / "erasure.duckdb"
        staging = ["build", "--select", "+base_web__events", *WITHOUT_UNIT_TESTS]
        assert run_dbt(staging, project, database).success
        with (project / "privacy" / "erasure_suppression_list.csv").open("a", encoding="utf-8") as stream:
            stream.write(f"test0erasure,{datetime.now(UTC):%Y-%m-%d %H:%M:%S},node,not-a-key-of-anyone\n")
        refused = run_dbt(staging, project, database)
        assert not refused.success
        assert "rebuild it with --full-refresh" in refused.messages
        assert run_dbt([*staging, "--full-refresh"], project, database).success
