"""`crosschannel bench` on the bundled seeds: it builds, times every node, measures memory and rows."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from crosschannel.benchmark import _tree_rss_bytes, raw_scan_seconds
from crosschannel.cli import app
from crosschannel.contract import RAW_TABLES
from typer.testing import CliRunner


def test_tree_memory_counts_this_process() -> None:
    assert _tree_rss_bytes(os.getpid()) > 10 * 2**20


def test_bench_reports_every_node_memory_rows_and_the_floor_ratio(project_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "bench-2000-42"
    (data / "truth").mkdir(parents=True)
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", data / f"{table}.csv")
    shutil.copy(project_dir / "seeds" / "truth" / "metadata.json", data / "truth" / "metadata.json")
    assert raw_scan_seconds(data) > 0

    outcome = CliRunner().invoke(
        app, ["bench", "--persons", "2000", "--seed", "42", "--data-dir", str(data), "--project-dir", str(project_dir)]
    )
    assert outcome.exit_code == 0, outcome.output
    result = json.loads((data / "bench-result.json").read_text(encoding="utf-8"))
    assert result["success"] and result["persons"] == 2000
    timed = {timing["name"] for timing in result["timings"] if timing["resource_type"] == "model"}
    assert {"int_identity__clusters", "fct_ropo_orders", "mart_campaign_incrementality"} <= timed
    assert result["peak_rss_bytes"] > 100 * 2**20
    assert result["rows"]["marts.dim_customers"] > 1500
    assert result["floor_ratio"] > 1
    assert "build / scan" in outcome.output
