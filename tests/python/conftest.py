"""Shared fixtures: the project's location, one dbt build of the bundled seeds for the whole run (every
process gets a copy) and one headless browser per process.

pytest runs in several processes (pytest-xdist): each keeps its dbt artifacts (manifest, run results,
logs) in a folder of its own instead of the project's `target/`, which they would overwrite; the saved
parses live in one folder the processes share (partial_parse.py)."""

from __future__ import annotations

import __main__
import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from crosschannel.runner import run_dbt
from partial_parse import database_in, parses_shared_across_file_locations

if TYPE_CHECKING:
    # Playwright is imported by the tests that drive a browser only (the fixture imports it when used).
    from playwright.sync_api import Browser

PROJECT_DIR = Path(__file__).resolve().parents[2]

# A pytest-xdist worker's __main__ (execnet's) has no file, which pyspark.sql.connect takes for a doctest run:
# it then exits the process when grpc is missing, and great_expectations imports it whenever pyspark is installed.
if getattr(__main__, "__spec__", None) is None and not hasattr(__main__, "__file__"):
    __main__.__file__ = "pytest-xdist-worker"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow files first: pytest-xdist hands files to its processes in this order, so that the
    processes finish together rather than one starting a long file when the other is done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT_DIR


@pytest.fixture(scope="session", autouse=True)
def dbt_target_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This process's dbt target folder, given to every dbt invocation through dbt's environment variables.
    Its log keeps dbt's info lines (each node's outcome), not the debug lines with every statement: those
    cost a build 6% of its CPU. dbt writes no manifest.json or run_results.json (0.75 s of CPU per
    invocation): an invocation whose artifacts a test reads asks for them with `--write-json`, so that no
    test reads another invocation's."""
    target = tmp_path_factory.mktemp("dbt_target")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DBT_TARGET_PATH", str(target))
        environment.setenv("DBT_LOG_PATH", str(target / "logs"))
        environment.setenv("DBT_LOG_LEVEL_FILE", "info")
        environment.setenv("DBT_WRITE_JSON", "false")
        yield target


@pytest.fixture(scope="session", autouse=True)
def partial_parsing_across_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One full parse per run and state, then partial ones, though tests build into files and from folders
    of their own, in either process (partial_parse.py)."""
    saved_parses = _run_temp_dir(tmp_path_factory) / "dbt_parses"
    saved_parses.mkdir(exist_ok=True)
    with parses_shared_across_file_locations(saved_parses):
        yield


@pytest.fixture(scope="session")
def built_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled seeds built with `dbt build` (models, unit and data tests), with the build's manifest
    beside it (`manifest.json`). The pytest processes share one build: the first to ask builds it under
    a file lock, the others wait for it; each gets its own copy, which it may open read-write (dbt,
    MetricFlow) while another process reads its own."""
    shared = _run_temp_dir(tmp_path_factory) / "bundled_build"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "outcome").exists():
            database = database_in(shared)
            run = run_dbt(["build", "--write-json", "--target-path", str(shared / "target")], PROJECT_DIR, database)
            failures = "" if run.success else run.error or _failures(run.results) or "unknown"
            (shared / "outcome").write_text(failures, encoding="utf-8")
    failures = (shared / "outcome").read_text(encoding="utf-8")
    assert not failures, f"dbt build of the bundled seeds failed: {failures}"
    database_path = database_in(tmp_path_factory.mktemp("build"))
    shutil.copyfile(database_in(shared), database_path)
    shutil.copyfile(shared / "target" / "manifest.json", database_path.parent / "manifest.json")
    yield database_path


def _run_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This pytest run's temporary folder, the same in every pytest-xdist process (each process's own
    base folder, `popen-gw<n>`, sits in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (`.ci/run` installs chromium when missing)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(chromium).exists(), "Chromium is missing: `apt-get install chromium` (.ci/run installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            yield launched
        finally:
            launched.close()


def _failures(results: tuple[object, ...]) -> str:
    failed = [
        f"{getattr(result.node, 'name', '?')}: {getattr(result, 'message', '')}"
        for result in results
        if str(getattr(result, "status", "")).lower() in {"error", "fail"}
    ]
    return "; ".join(failed) or "no node failed (see the dbt log)"
