"""The build benchmark: a full `dbt build` from generated files, timed per model, with the peak
memory of the process tree and the ratio to one plain DuckDB scan of the raw files (the floor);
and a daily run: the build of the files without their last day, then the incremental build after
that day is appended.

The build runs as a child process (`python -m dbt.cli.main`) so that its memory is measured
apart from this one: a sampler reads the resident set of the process and its descendants from
/proc (Linux) every 0.2 s. Its CPU time (user + system, from the kernel's account of waited-for
children) against wall time x cores says whether the build keeps every core busy: near 100%, only
less work makes it faster; well below, the order dbt runs models in leaves cores idle.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from crosschannel.contract import RAW_TABLES
from crosschannel.runner import DATABASE_ENV_VAR, WITHOUT_UNIT_TESTS, raw_files_vars
from crosschannel.sql import sql_string

MEMORY_LIMIT_ENV_VAR = "CROSSCHANNEL_DUCKDB_MEMORY_LIMIT"

_PROGRESS = re.compile(r"\b(\d+) of (\d+) (OK|PASS|ERROR|FAIL|WARN|SKIP|NO-OP)\b")

# The tables a day of business appends to, and the column that dates their rows.
DAILY_TABLES = {"raw_web_events": "event_at", "raw_orders": "ordered_at", "raw_leads": "created_at"}


@dataclass(frozen=True)
class ModelTiming:
    name: str
    resource_type: str
    seconds: float
    status: str
    # The build's peak resident memory (process tree) while the node ran: with two dbt threads, the
    # node beside it is counted too. None when the build's memory was not sampled.
    peak_rss_bytes: int | None = None


@dataclass(frozen=True)
class BuildRun:
    """One `dbt build`: wall seconds, CPU seconds of the process tree, peak RSS of the tree, success."""

    seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    success: bool
    # (Unix time, resident bytes of the tree), every 0.2 s: what ModelTiming.peak_rss_bytes is read from.
    memory_samples: tuple[tuple[float, int], ...] = ()


@dataclass(frozen=True)
class DailyRun:
    """The incremental build after `day` was appended to the daily tables of a build without it, and that
    full build (the same Parquet files but for the day: what the incremental build compares with)."""

    day: str
    before_build_seconds: float
    build_seconds: float
    peak_rss_bytes: int
    success: bool
    timings: list[ModelTiming] = field(default_factory=list)
    # The same project built from the raw tables without a row (their columns only), in a database of its
    # own: what dbt spends running every node and data test whatever the data, which no daily run saves.
    empty_build_seconds: float | None = None
    # The incremental build run again right after, nothing delivered since: what a scheduled run costs
    # whatever the day holds (the fixed cost, finding what changed, what is computed whole every run).
    unchanged_build_seconds: float | None = None


def day_share(daily_seconds: float, unchanged_seconds: float) -> float:
    """The share of the daily run that the day's rows cost: the daily run beyond the same run with nothing
    new (0 when the rerun took as long, timing noise)."""
    return max(daily_seconds - unchanged_seconds, 0.0) / daily_seconds if daily_seconds > 0 else 0.0


def share_beyond_fixed_cost(daily_seconds: float, full_seconds: float, fixed_seconds: float) -> float | None:
    """The daily run's time beyond the fixed cost (a build of tables without rows) over the full build's
    time beyond it: the share of the data work a daily run still does. None when the full build takes no
    longer than the fixed cost."""
    if full_seconds <= fixed_seconds:
        return None
    return max(daily_seconds - fixed_seconds, 0.0) / (full_seconds - fixed_seconds)


@dataclass(frozen=True)
class BenchResult:
    persons: int
    seed: int
    data_dir: str
    raw_scan_seconds: float
    build_seconds: float
    build_cpu_seconds: float
    peak_rss_bytes: int
    success: bool
    memory_limit: str | None = None
    timings: list[ModelTiming] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    daily: DailyRun | None = None
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)

    @property
    def floor_ratio(self) -> float:
        return self.build_seconds / self.raw_scan_seconds if self.raw_scan_seconds else float("inf")

    @property
    def cpu_share(self) -> float:
        """The build's CPU time over its wall time on every core: 1.0 keeps all cores busy throughout."""
        return self.build_cpu_seconds / (self.build_seconds * self.cores)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "floor_ratio": self.floor_ratio, "cpu_share": self.cpu_share}, indent=2)


def _raw_relation(data_dir: Path, table: str) -> str:
    parquet, text = data_dir / f"{table}.parquet", data_dir / f"{table}.csv"
    return f"read_parquet('{parquet}')" if parquet.is_file() else f"read_csv('{text}', all_varchar = true)"


def raw_scan_seconds(data_dir: Path) -> float:
    """Seconds for DuckDB to read every raw table of the folder once, every column of every row
    (a hash of each row: a bare count would read Parquet footers only)."""
    started = time.perf_counter()
    with duckdb.connect() as con:
        for table in RAW_TABLES:
            con.execute(f"select sum(hash(raw)) from {_raw_relation(data_dir, table)} as raw").fetchall()
    return time.perf_counter() - started


def last_event_day(data_dir: Path) -> str:
    """The last day (YYYY-MM-DD, as delivered) of the folder's web events."""
    with duckdb.connect() as con:
        found = con.execute(
            "select cast(max(try_cast(left(cast(event_at as varchar), 10) as date)) as varchar)"
            f" from {_raw_relation(data_dir, 'raw_web_events')}"
        ).fetchone()
    if not found or found[0] is None:
        raise ValueError(f"no dated web event in {data_dir}")
    return str(found[0])


def write_raw_tables(
    data_dir: Path, out_dir: Path, tables: tuple[str, ...], before_day: str | None = None, empty: bool = False
) -> None:
    """Copy raw tables of the folder to out_dir as Parquet; with before_day, the daily tables without
    their rows of that day and after (by the date their timestamp begins with); empty, their columns
    without a row."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        for table in tables:
            column = DAILY_TABLES.get(table)
            kept = (
                "limit 0"
                if empty
                else f"where not coalesce(left(cast({column} as varchar), 10) >= '{before_day}', false)"
                if before_day and column
                else ""
            )
            con.execute(
                f"copy (select * from {_raw_relation(data_dir, table)} {kept})"
                f" to {sql_string(out_dir / f'{table}.parquet')} (format parquet)"
            )


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total


def run_build(
    project_dir: Path,
    database: Path,
    data_dir: Path,
    target_dir: Path,
    on_progress: Callable[[int, int], None] | None = None,
    memory_limit: str | None = None,
) -> BuildRun:
    """Run `dbt build` (no unit tests) on the files, DuckDB held to memory_limit when given (e.g. 1GB).
    It writes run_results.json whatever DBT_WRITE_JSON says: the per-node timings are read from it."""
    dbt_vars = json.dumps(raw_files_vars(data_dir))
    command = [
        sys.executable, "-m", "dbt.cli.main", "build", "--write-json", *WITHOUT_UNIT_TESTS, "--vars", dbt_vars,
        "--target-path", str(target_dir), "--log-path", str(target_dir / "logs"),
    ]
    environment = {**os.environ, DATABASE_ENV_VAR: str(database)}
    if memory_limit:
        environment[MEMORY_LIMIT_ENV_VAR] = memory_limit
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=project_dir, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.time(), _tree_rss_bytes(process.pid)))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    for line in process.stdout:
        match = _PROGRESS.search(line)
        if match and on_progress is not None:
            on_progress(int(match.group(1)), int(match.group(2)))
    code = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = (children_after.ru_utime - children_before.ru_utime) + (
        children_after.ru_stime - children_before.ru_stime
    )
    return BuildRun(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        peak_rss_bytes=max((rss for _, rss in samples), default=0),
        success=code == 0,
        memory_samples=tuple(samples),
    )


def _unix_time(timestamp: str) -> float:
    """A run_results.json time (ISO 8601, UTC with a Z) as Unix time."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def peak_while_running(started: float, completed: float, samples: Sequence[tuple[float, int]]) -> int | None:
    """The highest sampled memory from `started` to `completed` (Unix times), counting the last sample
    before the start (a node shorter than the sampling interval ran under it); None without samples."""
    before = [rss for at, rss in samples if at <= started]
    during = [rss for at, rss in samples if started < at <= completed]
    window = ([before[-1]] if before else []) + during
    return max(window) if window else None


def model_timings(target_dir: Path, memory_samples: Sequence[tuple[float, int]] = ()) -> list[ModelTiming]:
    """Per-node execution time from the build's run_results.json, slowest first, with the peak memory
    while each node ran when the build's memory was sampled."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    timings = []
    for result in results:
        spans = [span for span in result.get("timing") or [] if span.get("started_at") and span.get("completed_at")]
        peak = (
            peak_while_running(
                min(_unix_time(span["started_at"]) for span in spans),
                max(_unix_time(span["completed_at"]) for span in spans),
                memory_samples,
            )
            if spans and memory_samples
            else None
        )
        timings.append(
            ModelTiming(
                name=result["unique_id"].split(".", 2)[-1],
                resource_type=result["unique_id"].split(".", 1)[0],
                seconds=float(result.get("execution_time") or 0.0),
                status=str(result.get("status")),
                peak_rss_bytes=peak,
            )
        )
    return sorted(timings, key=lambda timing: timing.seconds, reverse=True)


@dataclass(frozen=True)
class NodeShare:
    """One node's time in the daily run beside its time in the full build."""

    name: str
    resource_type: str
    full_seconds: float
    daily_seconds: float

    @property
    def share(self) -> float | None:
        """The daily run's time over the full build's (None for a node the full build did not time)."""
        return self.daily_seconds / self.full_seconds if self.full_seconds else None


def daily_shares(full: list[ModelTiming], daily: list[ModelTiming]) -> list[NodeShare]:
    """Every node of the daily run with its full-build time, the daily run's slowest first."""
    full_seconds = {(timing.resource_type, timing.name): timing.seconds for timing in full}
    shares = [
        NodeShare(timing.name, timing.resource_type, full_seconds.get((timing.resource_type, timing.name), 0.0), timing.seconds)
        for timing in daily
    ]
    return sorted(shares, key=lambda share: share.daily_seconds, reverse=True)


def table_rows(database: Path) -> dict[str, int]:
    """Rows of every table the build wrote, by schema.table."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where not temporary order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{table}": int(con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0])
            for schema, table in tables
        }
