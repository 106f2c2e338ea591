"""Macros checked directly, and the places a rule may live."""

from __future__ import annotations

import re
from pathlib import Path

from crosschannel.runner import run_dbt
from scipy.stats import norm

UNIT_TEST_CHECK = re.compile(r"resource_type\s*[!=]=\s*['\"]unit_test['\"]")


def test_z_95_is_the_normal_quantile_of_a_two_sided_95_percent_interval(project_dir: Path, tmp_path: Path) -> None:
    run = run_dbt(["show", "--inline", "select {{ crosschannel.z_95() }} as z"], project_dir, tmp_path / "z.duckdb")
    assert run.success, run.messages
    z = float(run.results[0].agate_table.rows[0][0])
    assert abs(z - norm.ppf(0.975)) < 5e-7


def test_unit_test_branching_lives_in_in_unit_test_alone(project_dir: Path) -> None:
    """Only macros/common/in_unit_test.sql may ask whether dbt compiles for a unit test."""
    places = sorted(
        str(path.relative_to(project_dir))
        for folder in ("macros", "models", "tests/dbt", "analyses")
        for path in (project_dir / folder).rglob("*.sql")
        if UNIT_TEST_CHECK.search(path.read_text(encoding="utf-8"))
    )
    assert places == ["macros/common/in_unit_test.sql"]
