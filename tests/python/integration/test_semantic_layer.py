"""The semantic layer answers as the marts do: `mf query` (MetricFlow) against the built database."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from crosschannel.runner import run_dbt
from project_copy import project_copy


@pytest.fixture(scope="module")
def parsed_project(project_dir: Path, built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project parsed against the built database, once for the file: mf reads the semantic
    manifest from the project's own target/, which the rest of the suite leaves alone."""
    with project_copy(project_dir, tmp_path_factory.mktemp("semantic") / "project") as project:
        parse = run_dbt(["parse", "--write-json"], project, built_database)
        assert parse.success, parse.error
        yield project


def _mf_query(project: Path, database: Path, *arguments: str) -> list[dict[str, str]]:
    output = project / "metric.csv"
    output.unlink(missing_ok=True)
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "mf"), "query", *arguments, "--csv", str(output), "--quiet"],
        cwd=project,
        env={**os.environ, "CROSSCHANNEL_DUCKDB_PATH": str(database)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0 and output.is_file(), completed.stdout + completed.stderr
    with output.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_online_lead_share_by_month_equals_the_mart(built_database: Path, parsed_project: Path) -> None:
    rows = _mf_query(
        parsed_project,
        built_database,
        "--metrics",
        "online_lead_share,lead_requests",
        "--group-by",
        "metric_time__month",
    )
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = {
            month.isoformat(): (share, leads)
            for month, share, leads in con.execute(
                """
                select conversion_month, sum(started_online) / sum(conversions), sum(conversions)
                from marts.mart_online_share_monthly
                where conversion_kind = 'lead'
                group by conversion_month
                """
            ).fetchall()
        }
    got = {row["metric_time__month"][:10]: (float(row["online_lead_share"]), int(row["lead_requests"])) for row in rows}
    assert len(expected) >= 20
    assert got.keys() == expected.keys()
    for month, (share, leads) in expected.items():
        assert got[month][1] == leads, month
        assert got[month][0] == pytest.approx(share, abs=1e-9), month


def test_iroas_and_retention_equal_the_marts(built_database: Path, parsed_project: Path) -> None:
    iroas = _mf_query(parsed_project, built_database, "--metrics", "iroas", "--group-by", "campaign__channel")
    retention = _mf_query(
        parsed_project,
        built_database,
        "--metrics",
        "retention",
        "--group-by",
        "cohort_period__months_since_acquisition",
    )
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected_iroas = dict(
            con.execute(
                "select channel, sum(headline_incremental_revenue_eur) / sum(cost_eur)"
                " from marts.mart_campaign_incrementality group by 1"
            ).fetchall()
        )
        expected_retention = dict(
            con.execute(
                """
                select months_since_acquisition, sum(active_customers) / sum(cohort_customers)
                from marts.mart_cohort_retention group by 1
                """
            ).fetchall()
        )
    assert {row["campaign__channel"]: pytest.approx(float(row["iroas"])) for row in iroas} == {
        channel: pytest.approx(float(value)) for channel, value in expected_iroas.items()
    }
    got_retention = {int(row["cohort_period__months_since_acquisition"]): float(row["retention"]) for row in retention}
    assert got_retention[0] == 1.0
    assert got_retention == pytest.approx({period: float(value) for period, value in expected_retention.items()})


def test_estimated_ropo_share_and_store_multiplier_equal_the_marts(
    built_database: Path, parsed_project: Path
) -> None:
    by_region = _mf_query(
        parsed_project,
        built_database,
        "--metrics",
        "estimated_ropo_share,store_ropo_multiplier",
        "--group-by",
        "store_month__store_region",
    )
    network = _mf_query(parsed_project, built_database, "--metrics", "estimated_ropo_share")
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = {
            region: (share, multiplier)
            for region, share, multiplier in con.execute(
                """
                select
                    store_region,
                    sum(estimated_ropo_orders) / sum(offline_orders),
                    sum(estimated_ropo_revenue_eur) / nullif(sum(web_revenue_eur), 0)
                from marts.mart_store_web_contribution
                group by store_region
                """
            ).fetchall()
        }
        estimate = con.execute(
            "select estimated_ropo_share from marts.mart_ropo_estimate where period_grain = 'all'"
        ).fetchone()
    got = {row["store_month__store_region"]: row for row in by_region}
    assert got.keys() == expected.keys() and len(expected) >= 5
    for region, (share, multiplier) in expected.items():
        assert float(got[region]["estimated_ropo_share"]) == pytest.approx(share), region
        if multiplier is not None:
            assert float(got[region]["store_ropo_multiplier"]) == pytest.approx(float(multiplier)), region
    # Over the network, the stores' estimates add up to mart_ropo_estimate's.
    assert estimate is not None
    assert float(network[0]["estimated_ropo_share"]) == pytest.approx(estimate[0], rel=1e-9)


def test_the_overview_saved_query_equals_the_marts(built_database: Path, parsed_project: Path) -> None:
    (overview,) = _mf_query(parsed_project, built_database, "--saved-query", "overview")
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = con.execute(
            """
            select
                (select sum(revenue_eur) from marts.mart_cross_channel_daily),
                (select sum(revenue_eur) from marts.mart_cross_channel_daily where sales_channel = 'web'),
                (
                    select sum(started_online) / sum(conversions)
                    from marts.mart_online_share_monthly where conversion_kind = 'lead'
                ),
                (select sum(ropo_orders) / sum(orders) from marts.mart_ropo_monthly),
                (
                    select sum(estimated_ropo_orders) / sum(offline_orders)
                    from marts.mart_store_web_contribution
                ),
                (select ropo_multiplier from marts.mart_ropo_multiplier where scope_level = 'all'),
                (select sum(headline_incremental_revenue_eur) from marts.mart_campaign_incrementality),
                (
                    select sum(headline_incremental_revenue_eur) / sum(cost_eur)
                    from marts.mart_campaign_incrementality
                )
            """
        ).fetchone()
    names = (
        "revenue", "web_revenue", "online_lead_share", "ropo_share", "estimated_ropo_share", "ropo_multiplier",
        "incremental_revenue", "iroas",
    )  # fmt: skip
    assert expected is not None and all(value is not None for value in expected)
    assert {name: float(overview[name]) for name in names} == {
        name: pytest.approx(float(value), rel=1e-6) for name, value in zip(names, expected, strict=True)
    }


def test_audience_sizes_and_cohort_conversion_equal_the_marts(built_database: Path, parsed_project: Path) -> None:
    rows = _mf_query(
        parsed_project,
        built_database,
        "--metrics",
        "audience_size,audience_size_before_consent",
        "--group-by",
        "audience_member__audience_name",
    )
    got = {
        row["audience_member__audience_name"]: (int(row["audience_size"]), int(row["audience_size_before_consent"]))
        for row in rows
    }
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = {
            name: (int(targetable), int(selected))
            for name, targetable, selected in con.execute(
                "select audience_name, count(*) filter (where is_targetable), count(*) from marts.mart_audiences group by 1"
            ).fetchall()
        }
    assert got == expected
    assert all(0 < targetable < selected for targetable, selected in got.values())
    cohorts = _mf_query(
        parsed_project, built_database, "--metrics", "cohort_conversion_rate", "--group-by", "lookalike_cohort__cohort"
    )
    with duckdb.connect(str(built_database), read_only=True) as con:
        rates = dict(con.execute("select cohort, expected_conversion_rate from marts.mart_lookalike_cohorts").fetchall())
    assert len(cohorts) == len(rates) == 3
    for row in cohorts:
        assert float(row["cohort_conversion_rate"]) == pytest.approx(rates[row["lookalike_cohort__cohort"]])
