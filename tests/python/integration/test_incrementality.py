"""Campaign incrementality against the generator's truth: interval coverage over 240 campaigns,
no false alarms without an effect, a broken randomisation flagged; and the uplift model, judged on
the same campaigns, which it never saw, against random targeting."""

from __future__ import annotations

import csv
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import generate
from crosschannel.runner import raw_files_vars, run_dbt
from scipy import stats

pytestmark = pytest.mark.slow

# 60 campaigns per dataset from 12,000 persons on: four seeds give 240 campaigns.
PERSONS = 12_000
SEEDS = (1, 2, 3, 4)
INCREMENTALITY_MODELS = ("+mart_campaign_incrementality", "+mart_uplift_evaluation")


@dataclass(frozen=True)
class Estimate:
    absolute_lift: float
    ci_low: float
    ci_high: float
    std_error: float
    p_value: float | None
    true_absolute_lift: float


def _build(project_dir: Path, folder: Path, database: Path) -> None:
    dbt_vars = raw_files_vars(folder)
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", *INCREMENTALITY_MODELS],
        project_dir,
        database,
        dbt_vars,
    )
    assert run.success, run.error


@pytest.fixture(scope="module")
def builds(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """(raw folder, built database) of each seed."""
    built = []
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"campaigns_{seed}")
        generate(persons=PERSONS, seed=seed, out_dir=folder, file_format="parquet")
        database = folder / "build.duckdb"
        _build(project_dir, folder, database)
        built.append((folder, database))
    return built


@pytest.fixture(scope="module")
def estimates(builds: list[tuple[Path, Path]]) -> list[Estimate]:
    found: list[Estimate] = []
    for folder, database in builds:
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


def _ntile_tenths(positions: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """SQL's ntile(10) of the member at 0-based `positions` in a campaign of `sizes` members."""
    small, remainder = sizes // 10, sizes % 10
    in_large = positions < remainder * (small + 1)
    large_tenth = positions // (small + 1)
    small_tenth = remainder + (positions - remainder * (small + 1)) // np.maximum(small, 1)
    return np.where(in_large, large_tenth, small_tenth) + 1


def _qini_coefficient(tenths: np.ndarray, incremental: np.ndarray, treated_members: int) -> float:
    curve = np.cumsum(np.bincount(tenths - 1, weights=incremental, minlength=10))
    return float(np.mean(curve - np.arange(1, 11) / 10 * curve[-1]) / treated_members)


def test_uplift_targeting_beats_random_targeting_on_campaigns_it_never_saw(builds: list[tuple[Path, Path]]) -> None:
    campaigns, tenths, incremental, treated = [], [], [], []
    for number, (_, database) in enumerate(builds):
        with duckdb.connect(str(database), read_only=True) as con:
            rows = con.execute(
                """
                select campaign_id, targeting_decile, incremental_conversions, is_treated
                from intermediate.int_scores__uplift_outcomes
                where model_name = 'uplift_model'
                """
            ).fetchall()
            published = con.execute(
                "select qini_coefficient, treated_members from marts.mart_uplift_evaluation"
                " where model_name = 'uplift_model'"
            ).fetchone()
        assert published is not None
        one = np.array([row[1] for row in rows]), np.array([row[2] for row in rows], dtype=float)
        # The mart's Qini is the one these member rows give.
        assert published[0] == pytest.approx(_qini_coefficient(*one, published[1]), abs=1e-12)
        campaigns.extend(f"{number}:{row[0]}" for row in rows)
        tenths.append(one[0])
        incremental.append(one[1])
        treated.extend(bool(row[3]) for row in rows)
    all_tenths, all_incremental = np.concatenate(tenths), np.concatenate(incremental)
    treated_members = int(np.sum(treated))
    model_qini = _qini_coefficient(all_tenths, all_incremental, treated_members)
    # Random targeting: the same members in a random order within each campaign, 200 times.
    _, campaign_codes = np.unique(np.array(campaigns), return_inverse=True)
    sizes = np.bincount(campaign_codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rng = np.random.default_rng(11)
    random_qinis = []
    for _ in range(200):
        order = np.lexsort((rng.random(len(campaign_codes)), campaign_codes))
        positions = np.arange(len(order)) - starts[campaign_codes[order]]
        shuffled_tenths = _ntile_tenths(positions, sizes[campaign_codes[order]])
        random_qinis.append(_qini_coefficient(shuffled_tenths, all_incremental[order], treated_members))
    # A one-sided permutation test at 5%. Measured: 0.00060 against a 95th percentile of 0.00040
    # (random: mean -0.00002, sd 0.00025); at 100,000 persons it is 4.4 random sds up.
    assert model_qini > np.quantile(random_qinis, 0.95), (model_qini, np.quantile(random_qinis, [0.5, 0.95]))
