"""Campaign incrementality against the generator's truth - the small version of `crosschannel
calibrate`: interval coverage and standardised errors over 240 campaigns of four worlds with drawn
parameters (contamination, non-compliance, null campaigns), both in single campaigns and in the
roll-up; no false alarms without an effect; contamination and non-compliance found; a broken
randomisation flagged; and the uplift model's published Qini on the campaigns it never saw (whether
it beats random targeting is tested at 100,000 persons, in test_world_100k)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest
from crosschannel.calibrate import (
    SELECTED_MODELS,
    Comparison,
    campaign_comparisons,
    draw_worlds,
    rollup_comparisons,
    summarise,
)
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import generate
from crosschannel.generator.config import with_overrides
from crosschannel.runner import raw_files_vars, run_dbt
from partial_parse import database_in
from scipy import stats
from uplift_qini import model_qini, read_uplift_members

pytestmark = pytest.mark.slow

# 60 campaigns per dataset from 12,000 persons on: four worlds give 240 campaigns.
PERSONS = 12_000
WORLDS = draw_worlds(4, seed=1)
INCREMENTALITY_MODELS = (*SELECTED_MODELS, "+mart_uplift_evaluation", "+mart_campaign_audience_lift")


def _build(project_dir: Path, folder: Path, database: Path, models: tuple[str, ...] = INCREMENTALITY_MODELS) -> None:
    dbt_vars = raw_files_vars(folder)
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", *models],
        project_dir,
        database,
        dbt_vars,
    )
    assert run.success, run.error


@pytest.fixture(scope="module")
def builds(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """(raw folder, built database) of each world."""
    built = []
    for world in WORLDS:
        folder = tmp_path_factory.mktemp(world.name)
        generate(
            persons=PERSONS, seed=world.seed, out_dir=folder, file_format="parquet",
            parameters=with_overrides(dict(world.settings)),
        )
        database = database_in(folder)
        _build(project_dir, folder, database)
        built.append((folder, database))
    return built


@pytest.fixture(scope="module")
def comparisons(builds: list[tuple[Path, Path]]) -> list[Comparison]:
    found: list[Comparison] = []
    for folder, database in builds:
        found += campaign_comparisons(database, folder / "truth", folder.name)
        found += rollup_comparisons(database, folder / "truth", folder.name)
    return found


def test_campaign_intervals_cover_the_truth_and_estimates_are_unbiased(comparisons: list[Comparison]) -> None:
    summaries = {(row.level, row.estimate_name): row for row in summarise(comparisons)}
    for name in ("absolute_lift", "relative_lift", "headline_incremental_revenue_eur", "incremental_margin_eur"):
        row = summaries[("campaign", name)]
        assert row.estimates >= 200, name
        # 240 campaigns: a 95% coverage lands in [0.92, 0.98] but in one run of 30,000.
        assert 0.92 <= row.coverage <= 0.98, (name, row.coverage)
        # The mean of 240 standardised errors has a standard error of about 0.065.
        assert row.mean_standardised_error is not None and abs(row.mean_standardised_error) <= 0.2, (name, row)
    for name in ("incremental_conversions", "incremental_revenue_eur", "iroas"):
        row = summaries[("rollup", name)]
        assert row.estimates >= 100, name
        assert 0.88 <= row.coverage <= 0.995, (name, row.coverage)


def test_lift_within_an_audience_covers_the_truths_effect_on_its_members(builds: list[tuple[Path, Path]]) -> None:
    """The retargeting audience at each campaign's start is a subgroup decided before the campaign:
    its lift's interval covers the truth's ITT effect on the very members in it (the mean of their
    true_itt_conversion_effect), as often as it claims, and without bias. And the world is one where
    retargeting pays: treated intenders gain more than the other members (the generator's effect
    follows each person's buying rate, which browsing keenly goes with)."""
    compared = []
    intender_gain = []
    for folder, database in builds:
        with duckdb.connect(str(database), read_only=True) as con:
            intender_gain += con.execute(
                """
                with
                truth as (
                    select campaign_id, audience_key_type, audience_key, cast(true_itt_conversion_effect as double) as effect
                    from read_csv(?, all_varchar = true)
                    where is_analysed = 'true'
                ),
                unit_effects as (
                    select truth.campaign_id, keys.customer_id, avg(truth.effect) as effect
                    from truth
                    inner join intermediate.int_marketing__audience_customers as keys using (audience_key_type, audience_key)
                    where keys.customer_id is not null
                    group by all
                ),
                retargeted as (
                    select campaign_id, customer_id from intermediate.int_campaigns__audience_members
                    where audience_name = 'retargeting'
                )
                select
                    avg(case when retargeted.customer_id is not null then unit_effects.effect end),
                    avg(case when retargeted.customer_id is null then unit_effects.effect end)
                from unit_effects
                left join retargeted using (campaign_id, customer_id)
                """,
                [str(folder / "truth" / "campaign_members.csv")],
            ).fetchall()
            compared += con.execute(
                """
                with
                truth as (
                    select
                        campaign_id, audience_key_type, audience_key,
                        cast(true_itt_conversion_effect as double) as effect
                    from read_csv(?, all_varchar = true)
                    where is_analysed = 'true'
                ),
                unit_effects as (
                    select truth.campaign_id, keys.customer_id, avg(truth.effect) as effect
                    from truth
                    inner join intermediate.int_marketing__audience_customers as keys
                        using (audience_key_type, audience_key)
                    where keys.customer_id is not null
                    group by all
                ),
                audience_truth as (
                    select members.campaign_id, members.audience_name, avg(unit_effects.effect) as true_lift
                    from intermediate.int_campaigns__audience_members as members
                    inner join unit_effects using (campaign_id, customer_id)
                    group by all
                )
                select lift.absolute_lift, lift.absolute_lift_ci_low, lift.absolute_lift_ci_high, audience_truth.true_lift
                from marts.mart_campaign_audience_lift as lift
                inner join audience_truth using (campaign_id, audience_name)
                where lift.audience_name = 'retargeting' and lift.treatment_members >= 30 and lift.control_members >= 30
                """,
                [str(folder / "truth" / "campaign_members.csv")],
            ).fetchall()
    covered = [low <= truth <= high for _, low, high, truth in compared]
    standardised = [(lift - truth) / ((high - low) / 2 / 1.959964) for lift, low, high, truth in compared]
    print(f"retargeting subgroups: {len(compared)}, coverage {np.mean(covered):.3f}, "
          f"mean standardised error {np.mean(standardised):+.3f}")
    assert len(compared) >= 40
    assert np.mean(covered) >= 0.88
    assert abs(np.mean(standardised)) <= 3 / np.sqrt(len(compared))
    print("true effect, retargeted against other members:", [f"{a:.4f} / {b:.4f}" for a, b in intender_gain])
    assert all(retargeted > 1.2 * others for retargeted, others in intender_gain)


def test_cuped_is_the_headline_only_where_it_narrows_the_interval(builds: list[tuple[Path, Path]]) -> None:
    for _, database in builds:
        with duckdb.connect(str(database), read_only=True) as con:
            wrong = con.execute(
                """
                select count(*) from marts.mart_campaign_incrementality
                where (headline_revenue_estimate = 'cuped') != coalesce(cuped_variance_reduction > 0, false)
                or headline_incremental_revenue_eur_std_error > incremental_revenue_eur_std_error + 1e-9
                """
            ).fetchone()
        assert wrong == (0,)


def test_campaigns_without_effect_are_rarely_significant(builds: list[tuple[Path, Path]]) -> None:
    p_values = []
    for folder, database in builds:
        with duckdb.connect(str(database), read_only=True) as con:
            p_values += con.execute(
                """
                select built.conversion_lift_p_value
                from marts.mart_campaign_incrementality as built
                inner join read_csv(?, all_varchar = true) as truth on built.campaign_id = truth.campaign_id
                where cast(truth.true_relative_lift as double) = 0
                """,
                [str(folder / "truth" / "campaigns.csv")],
            ).fetchall()
    assert len(p_values) >= 20
    significant = sum(1 for (p_value,) in p_values if p_value is not None and p_value < 0.05)
    # At a 5% level, more false alarms than the binomial's 99th percentile means a broken test.
    assert significant <= stats.binom.ppf(0.99, len(p_values), 0.05)


def test_contamination_and_non_compliance_are_found(builds: list[tuple[Path, Path]]) -> None:
    """Exact on the bundled demo (test_campaign_measurement); here, at 12,000 persons, a contaminated
    person is found only where the identity graph ties their two ids to one customer: measured on
    24 worlds, 97.4% of them (35,647 of 36,588), never one too many; non-compliance to 0.06%."""
    for folder, database in builds:
        with duckdb.connect(str(database), read_only=True) as con:
            found = con.execute(
                """
                select
                    sum(built.contaminated_customers), sum(cast(truth.contaminated_persons as bigint)),
                    sum(built.control_touched_members), sum(cast(truth.control_touched_members as bigint))
                from marts.mart_campaign_incrementality as built
                inner join read_csv(?, all_varchar = true) as truth on built.campaign_id = truth.campaign_id
                """,
                [str(folder / "truth" / "campaigns.csv")],
            ).fetchone()
        assert found is not None
        contaminated, true_contaminated, touched, true_touched = found
        assert 0.95 * true_contaminated <= contaminated <= true_contaminated, found
        assert true_touched > 0 and abs(touched - true_touched) <= max(2, 0.005 * true_touched), found


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
    database = database_in(tmp_path)
    _build(project_dir, folder, database, ("+mart_campaign_incrementality",))
    with duckdb.connect(str(database), read_only=True) as con:
        flagged = con.execute(
            "select campaign_id from marts.mart_campaign_incrementality where has_sample_ratio_mismatch"
        ).fetchall()
    assert flagged == [(broken,)]


def test_the_uplift_evaluation_mart_gives_the_qini_of_its_member_rows(builds: list[tuple[Path, Path]]) -> None:
    """The published Qini of the uplift model, on campaigns it never saw, is the one its member rows
    give. Whether it beats random targeting is tested at 100,000 persons (test_world_100k): here, four
    worlds of 12,000 put it about 1.5 random standard deviations up (0.000399 against a 95th
    percentile of 0.000472, 1.45 sds), so a 5% test passed or failed with any change of the data."""
    for _, database in builds:
        members = read_uplift_members([database])
        with duckdb.connect(str(database), read_only=True) as con:
            published = con.execute(
                "select qini_coefficient, treated_members from marts.mart_uplift_evaluation"
                " where model_name = 'uplift_model'"
            ).fetchone()
        assert published is not None
        assert published[1] == members.treated_members
        assert published[0] == pytest.approx(model_qini(members), abs=1e-12)
