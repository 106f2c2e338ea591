"""The bench's peak memory per node: the highest sampled memory of the build while the node ran."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from crosschannel.benchmark import model_timings, peak_while_running

GIB = 2**30


def _unix(clock: str) -> float:
    return datetime.fromisoformat(f"2026-12-04T{clock}+00:00").timestamp()


# Every 0.2 s: memory rises to 3 GiB at 10:00:01.0 and falls back.
SAMPLES = [
    (_unix("10:00:00.000"), 1 * GIB),
    (_unix("10:00:00.200"), 1 * GIB),
    (_unix("10:00:00.400"), 2 * GIB),
    (_unix("10:00:00.600"), 2 * GIB),
    (_unix("10:00:00.800"), 2 * GIB),
    (_unix("10:00:01.000"), 3 * GIB),
    (_unix("10:00:01.200"), 1 * GIB),
]


def test_the_peak_is_the_highest_sample_while_the_node_ran_or_the_last_one_before_it() -> None:
    assert peak_while_running(_unix("10:00:00.300"), _unix("10:00:01.100"), SAMPLES) == 3 * GIB
    assert peak_while_running(_unix("10:00:00.300"), _unix("10:00:00.900"), SAMPLES) == 2 * GIB
    # Shorter than the sampling interval: the memory it ran under is the sample before its start.
    assert peak_while_running(_unix("10:00:01.050"), _unix("10:00:01.100"), SAMPLES) == 3 * GIB
    assert peak_while_running(_unix("10:00:01.250"), _unix("10:00:02.000"), SAMPLES) == 1 * GIB
    assert peak_while_running(_unix("09:59:59.000"), _unix("09:59:59.900"), SAMPLES) is None
    assert peak_while_running(_unix("10:00:00.300"), _unix("10:00:01.100"), []) is None


def test_model_timings_read_each_nodes_span_from_run_results(tmp_path: Path) -> None:
    def result(unique_id: str, start: str, end: str, seconds: float) -> dict[str, object]:
        return {
            "unique_id": unique_id,
            "status": "success",
            "execution_time": seconds,
            "timing": [
                {"name": "compile", "started_at": f"2026-12-04T{start}Z", "completed_at": f"2026-12-04T{start}Z"},
                {"name": "execute", "started_at": f"2026-12-04T{start}Z", "completed_at": f"2026-12-04T{end}Z"},
            ],
        }

    (tmp_path / "run_results.json").write_text(
        json.dumps(
            {
                "results": [
                    result("model.crosschannel.int_small", "10:00:00.100", "10:00:00.500", 0.4),
                    result("model.crosschannel.int_big", "10:00:00.500", "10:00:01.150", 0.65),
                    {"unique_id": "test.crosschannel.skipped", "status": "skipped", "execution_time": 0, "timing": []},
                ]
            }
        ),
        encoding="utf-8",
    )
    timings = model_timings(tmp_path, SAMPLES)
    assert [(timing.name, timing.seconds, timing.peak_rss_bytes) for timing in timings] == [
        ("int_big", 0.65, 3 * GIB),
        ("int_small", 0.4, 2 * GIB),
        ("skipped", 0.0, None),
    ]
    assert all(timing.peak_rss_bytes is None for timing in model_timings(tmp_path))
