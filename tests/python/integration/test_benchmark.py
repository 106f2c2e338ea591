"""`crosschannel bench`: it builds, times every node, measures memory and rows; a delivery three times
the usual volume (the bundled 2,000 persons) builds in bounded memory; the daily run's files hold every
raw row once."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import duckdb
from crosschannel.benchmark import DAILY_TABLES, _tree_rss_bytes, last_event_day, raw_scan_seconds, write_raw_tables
from crosschannel.cli import app
from crosschannel.contract import RAW_TABLES
from typer.testing import CliRunner

# Benchmarks build generated worlds: out of the fast loop.
pytestmark = pytest.mark.slow

# DuckDB spills beyond this; what is left of the peak is Python, dbt and DuckDB's own overhead.
MEMORY_LIMIT = "256MB"
# Three times the rows may cost at most this much more memory (measured under this limit: 2k
# 0.44 GiB, 6k 0.48 GiB; the peak at these sizes is mostly Python and dbt).
EXTRA_MEMORY_AT_THREE_TIMES = 128 * 2**20


def _bench(project_dir: Path, data: Path, persons: int) -> tuple[dict[str, Any], str]:
    outcome = CliRunner().invoke(
        app,
        [
            "bench", "--persons", str(persons), "--seed", "42", "--data-dir", str(data),
            "--memory-limit", MEMORY_LIMIT, "--project-dir", str(project_dir),
        ],
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.output
    return json.loads((data / "bench-result.json").read_text(encoding="utf-8")), outcome.output


@pytest.fixture(scope="module")
def usual(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """The bench of the bundled seeds (2,000 persons, copied: nothing to generate)."""
    data = tmp_path_factory.mktemp("bench") / "bench-2000-42"
    (data / "truth").mkdir(parents=True)
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", data / f"{table}.csv")
    shutil.copy(project_dir / "seeds" / "truth" / "metadata.json", data / "truth" / "metadata.json")
    assert raw_scan_seconds(data) > 0
    return _bench(project_dir, data, 2000)


def test_tree_memory_counts_this_process() -> None:
    assert _tree_rss_bytes(os.getpid()) > 10 * 2**20


def test_bench_reports_every_node_memory_rows_and_the_floor_ratio(usual: tuple[dict[str, Any], str]) -> None:
    result, output = usual
    assert result["success"] and result["persons"] == 2000 and result["memory_limit"] == MEMORY_LIMIT
    timed = {timing["name"] for timing in result["timings"] if timing["resource_type"] == "model"}
    assert {"int_identity__clusters", "fct_ropo_orders", "mart_campaign_incrementality"} <= timed
    assert result["peak_rss_bytes"] > 100 * 2**20
    # Each model's peak memory is the build's memory while it ran: some, never above the build's peak.
    model_peaks = [timing["peak_rss_bytes"] for timing in result["timings"] if timing["resource_type"] == "model"]
    assert all(100 * 2**20 < peak <= result["peak_rss_bytes"] for peak in model_peaks)
    assert "Nodes running at the highest memory" in output
    assert result["rows"]["marts.dim_customers"] > 1500
    assert result["floor_ratio"] > 1
    # dbt's own CPU time is counted (a build of the seeds takes tens of CPU seconds), never more than its cores allow.
    assert 1 < result["build_cpu_seconds"] <= result["build_seconds"] * result["cores"] * 1.05
    assert result["cpu_share"] == pytest.approx(result["build_cpu_seconds"] / (result["build_seconds"] * result["cores"]))
    assert "build / scan" in output and "cores busy" in output


def test_three_times_the_volume_builds_in_bounded_memory(
    usual: tuple[dict[str, Any], str], project_dir: Path, tmp_path: Path
) -> None:
    tripled, _ = _bench(project_dir, tmp_path / "bench-6000-42", 6000)
    usual_result = usual[0]
    assert tripled["success"]
    assert tripled["rows"]["staging.base_web__events"] > 2.5 * usual_result["rows"]["staging.base_web__events"]
    extra = tripled["peak_rss_bytes"] - usual_result["peak_rss_bytes"]
    assert extra <= EXTRA_MEMORY_AT_THREE_TIMES, f"3x the rows took {extra / 2**20:.0f} MiB more memory"


def test_the_daily_run_files_hold_every_row_once(project_dir: Path, tmp_path: Path) -> None:
    seeds = project_dir / "seeds"
    day = last_event_day(seeds)
    assert day == "2025-12-31"
    write_raw_tables(seeds, tmp_path / "before", tuple(RAW_TABLES), before_day=day)
    write_raw_tables(seeds, tmp_path / "after", tuple(DAILY_TABLES))

    def rows(relation: str, where: str = "true") -> int:
        with duckdb.connect() as con:
            found = con.execute(f"select count(*) from {relation} where {where}").fetchone()
        assert found is not None
        return int(found[0])

    for table in RAW_TABLES:
        delivered = rows(f"read_csv('{seeds / table}.csv', all_varchar = true)")
        before = f"'{tmp_path / 'before' / table}.parquet'"
        if table in DAILY_TABLES:
            assert rows(f"'{tmp_path / 'after' / table}.parquet'") == delivered, table
            assert rows(before, f"cast({DAILY_TABLES[table]} as varchar) >= '{day}'") == 0, table
        else:
            assert rows(before) == delivered, table
    assert rows(f"'{tmp_path / 'before' / 'raw_web_events'}.parquet'") < rows(
        f"read_csv('{seeds / 'raw_web_events'}.csv', all_varchar = true)"
    )
    # The tables of the fixed-cost build: every contract column, no row.
    write_raw_tables(seeds, tmp_path / "empty", tuple(RAW_TABLES), empty=True)
    for table, columns in RAW_TABLES.items():
        assert rows(f"'{tmp_path / 'empty' / table}.parquet'") == 0, table
        with duckdb.connect() as con:
            described = con.execute(f"describe select * from '{tmp_path / 'empty' / table}.parquet'").fetchall()
        assert [row[0] for row in described] == list(columns), table
