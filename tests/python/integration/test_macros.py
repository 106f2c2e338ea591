"""Macros checked directly, and the places a rule may live."""

from __future__ import annotations

import math
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


def test_log_scale_interval_and_pooled_share_by_hand(project_dir: Path, tmp_path: Path) -> None:
    sql = """
        select
            {{ crosschannel.log_scale_interval('2.0', '0.04', 'low') }} as low,
            {{ crosschannel.log_scale_interval('2.0', '0.04', 'high') }} as high,
            {{ crosschannel.pooled_share('3', '3', '0.2', '10') }} as pooled,
            {{ crosschannel.pooled_share('0', '0', '0.2', '10') }} as no_orders
    """
    run = run_dbt(["show", "--inline", sql], project_dir, tmp_path / "macros.duckdb")
    assert run.success, run.messages
    low, high, pooled, no_orders = (float(value) for value in run.results[0].agate_table.rows[0])
    z = norm.ppf(0.975)
    # A relative standard error of 0.2: 2 x exp(-/+ 1.96 x 0.2), asymmetric and above zero.
    assert abs(low - 2.0 * math.exp(-z * 0.2)) < 1e-5
    assert abs(high - 2.0 * math.exp(z * 0.2)) < 1e-5
    # Three orders out of three, pulled towards a 20% parent by a prior worth ten orders: 5/13.
    assert abs(pooled - 5 / 13) < 1e-12
    assert abs(no_orders - 0.2) < 1e-12


def test_log_scale_interval_names_a_wrong_end(project_dir: Path, tmp_path: Path) -> None:
    run = run_dbt(
        ["show", "--inline", "select {{ crosschannel.log_scale_interval('2.0', '0.04', 'middle') }}"],
        project_dir,
        tmp_path / "macros.duckdb",
    )
    # dbt reports only "Error parsing inline query"; the macro's own message is in its log.
    assert not run.success
