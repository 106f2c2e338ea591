"""Great Expectations checks, their Data Docs, and the publish gate BI can trust."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from crosschannel.data_docs import remote_loads
from crosschannel.publish import building_path, publish
from crosschannel.quality import CHECKS, COMPARISON_SUITE, MARTS_SUITE, TableCheck, run_checks
from crosschannel.runner import run_dbt
from partial_parse import database_in
from playwright.sync_api import Browser

pytestmark = pytest.mark.slow

# Reads the published file read-only in a loop, one line per read, until told to stop.
_READER = """
import sys, time, pathlib, duckdb
database, stop = sys.argv[1], pathlib.Path(sys.argv[2])
while not stop.exists():
    try:
        with duckdb.connect(database, read_only=True) as con:
            print("ok", con.execute("select count(*), sum(revenue_eur) from marts.mart_cross_channel_daily").fetchone(), flush=True)
    except Exception as error:
        print("error", repr(error), flush=True)
    time.sleep(0.05)
"""


def _no_customers_allowed() -> list[object]:
    import great_expectations.expectations as gxe

    return [gxe.ExpectColumnValuesToBeBetween(column="customers", max_value=0)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_checks_pass_and_data_docs_show_the_last_results(
    built_database: Path, tmp_path: Path, browser: Browser
) -> None:
    report = run_checks(built_database, tmp_path / "quality")
    assert report.success, [outcome for outcome in report.outcomes if not outcome.success]
    assert {outcome.layer for outcome in report.outcomes} == {"staging", "marts"}
    assert sum(outcome.evaluated for outcome in report.outcomes) == sum(len(check.expectations()) for check in CHECKS)
    assert report.notes == ["nothing published yet: the comparison with the last published build is skipped"]
    site = report.data_docs_index.parent
    assert report.data_docs_index.is_file()
    for html in site.rglob("*.html"):
        assert remote_loads(html.read_text(encoding="utf-8")) == [], html
    # Offline: every request for the network is refused, and nothing may fail to load or throw.
    context = browser.new_context()
    context.route(re.compile(r"^https?://"), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    try:
        page.goto(report.data_docs_index.as_uri())
        page.wait_for_load_state("load")
        assert "Data Docs" in page.title() or "Data Docs" in page.inner_text("body")
        # The index's table is drawn by bootstrap-table: rows shown, one per suite, each with its status.
        rows = page.locator("table tbody tr").all_inner_texts()
        for outcome in report.outcomes:
            suite = f"{outcome.layer}.{outcome.name}"
            assert any(suite in row for row in rows), f"{suite} missing from the Data Docs index: {rows}"
        assert page.locator("table tbody tr .fa-check-circle").count() >= len(report.outcomes)
        assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
        for outcome in report.outcomes:
            suite = f"{outcome.layer}.{outcome.name}"
            # The newest validation page of the suite shows this run's statistics.
            pages = sorted((site / "validations" / outcome.layer / outcome.name).glob("*/*/*.html"))
            assert pages, f"no validation page for {suite}"
            page.goto(pages[-1].as_uri())
            page.wait_for_load_state("load")
            text = page.inner_text("body")
            assert f"Expectation Suite: {suite}" in text
            assert f"Data asset: warehouse.{outcome.name}" in text
            assert f"Validations / {suite} / check-{built_database.stem} / " in text  # the run
            assert re.search(r"Status:\s+Succeeded", text)  # after its icon
            assert f"Evaluated Expectations\n\t\n{outcome.evaluated}" in text
            # A status icon per expectation, beside the page's own.
            assert page.locator(".fa-check-circle").count() >= outcome.evaluated
        assert problems == []
    finally:
        context.close()


def test_checks_fail_on_broken_marts(built_database: Path, tmp_path: Path) -> None:
    broken = database_in(tmp_path)
    shutil.copyfile(built_database, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("update marts.mart_campaign_incrementality set treatment_conversion_rate = 1.5")
        con.execute("update marts.dim_customers set birth_year = 1850 where birth_year is not null")
    report = run_checks(broken, tmp_path / "quality")
    failed = {outcome.name: outcome.failed for outcome in report.outcomes if not outcome.success}
    assert failed == {
        "mart_campaign_incrementality": ["expect_column_values_to_be_between(treatment_conversion_rate)"],
        "dim_customers": ["expect_column_values_to_be_between(birth_year)"],
    }


def test_the_comparison_with_the_published_build_shows_in_the_data_docs(
    built_database: Path, tmp_path: Path, browser: Browser
) -> None:
    published = database_in(tmp_path)
    shutil.copyfile(built_database, published)
    report = run_checks(built_database, tmp_path / "quality", published=published)
    assert report.success
    assert report.notes == []
    comparison = next(outcome for outcome in report.outcomes if outcome.layer == COMPARISON_SUITE)
    assert comparison.evaluated == len(report.comparisons) > 50
    # The same build compared with itself: every figure equals its published value.
    assert all(item.current == item.published for item in report.comparisons if item.check != "new day")
    pages = sorted((report.data_docs_index.parent / "validations" / COMPARISON_SUITE).glob("*/*/*/*.html"))
    assert pages
    page = browser.new_page()
    try:
        page.goto(pages[-1].as_uri())
        text = page.inner_text("body")
        assert re.search(r"Status:\s+Succeeded", text)  # after its icon
        assert "staged_rows.raw_orders" in text
        assert "null_share.stg_store__customers.loyalty_id" in text
    finally:
        page.close()


def test_no_expectation_repeats_a_dbt_test_of_the_same_column_and_rule(
    project_dir: Path, dbt_target_dir: Path, tmp_path: Path
) -> None:
    """Reads the dbt tests from the manifest and the GE suites from CHECKS: a rule lives in one of them."""
    run = run_dbt(["parse", "--write-json"], project_dir, database_in(tmp_path))
    assert run.success, run.messages
    manifest = json.loads((dbt_target_dir / "manifest.json").read_text(encoding="utf-8"))
    rules_of_dbt_tests = {
        "unique": "unique", "not_null": "not_null", "accepted_values": "in_set", "accepted_range": "between",
    }  # fmt: skip
    dbt_rules = {
        (
            manifest["nodes"][node["attached_node"]]["name"],
            node["test_metadata"]["kwargs"]["column_name"],
            rules_of_dbt_tests[node["test_metadata"]["name"]],
        )
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("attached_node")
        and (node.get("test_metadata") or {}).get("name") in rules_of_dbt_tests
    }
    assert ("stg_sales__orders", "order_id", "unique") in dbt_rules  # the manifest was read
    rules_of_expectations = {
        "expect_column_values_to_be_unique": "unique",
        "expect_column_values_to_not_be_null": "not_null",
        "expect_column_values_to_be_in_set": "in_set",
        "expect_column_values_to_be_between": "between",
    }
    expectation_rules = set()
    for check in CHECKS:
        whole_table = re.fullmatch(r"select \* from \w+\.(\w+)", check.query.strip())
        if whole_table is None:
            continue  # an aggregate query: its columns are no model's
        for expectation in check.expectations():
            configuration = expectation.configuration  # type: ignore[attr-defined]
            rule = rules_of_expectations.get(configuration.type)
            if rule:
                expectation_rules.add((whole_table.group(1), configuration.kwargs["column"], rule))
    assert expectation_rules
    assert expectation_rules & dbt_rules == set()


def test_publish_swaps_in_a_gated_build_while_readers_keep_reading(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    published = database_in(tmp_path)
    shutil.copyfile(built_database, published)
    before = published.stat().st_ino
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(published), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        time.sleep(1)
        result = publish(project_dir, published, tmp_path / "quality", dbt_args=("--select", "marts"))
        time.sleep(1)
    finally:
        stop.touch()
        output, _ = reader.communicate(timeout=60)
    assert result.published, result.reason
    assert published.stat().st_ino != before
    assert not building_path(published).exists()
    reads = output.splitlines()
    assert len(reads) > 20
    assert [line for line in reads if not line.startswith("ok")] == []
    assert len(set(reads)) == 1  # same data rebuilt: every reader saw the same whole warehouse


def test_a_failed_gate_leaves_the_published_database_as_it_was(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    published = database_in(tmp_path)
    shutil.copyfile(built_database, published)
    digest = _digest(published)
    impossible = TableCheck(
        "no_customers",
        MARTS_SUITE,
        "select count(*) as customers from marts.dim_customers",
        _no_customers_allowed,
    )
    checks_failed = publish(
        project_dir, published, tmp_path / "quality", dbt_args=("--select", "dim_dates"), checks=(*CHECKS, impossible)
    )
    assert not checks_failed.published
    assert "marts.no_customers: expect_column_values_to_be_between(customers)" in checks_failed.reason
    build_failed = publish(
        project_dir,
        published,
        tmp_path / "quality",
        dbt_vars={"crosschannel__calendar_start": "not a date"},
        dbt_args=("--select", "dim_dates"),
    )
    assert not build_failed.published
    assert "dim_dates" in build_failed.reason
    assert _digest(published) == digest
    assert not building_path(published).exists()
