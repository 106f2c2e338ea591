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


def test_cent_split_adds_up_to_the_amount_and_gives_the_first_share_the_remainder(
    project_dir: Path, tmp_path: Path
) -> None:
    sql = """
        with shares as (
            select *
            from (
                values
                    (1, 1, cast(100.00 as decimal(18, 2)), 1.0 / 3),
                    (1, 2, cast(100.00 as decimal(18, 2)), 1.0 / 3),
                    (1, 3, cast(100.00 as decimal(18, 2)), 1.0 / 3),
                    (2, 1, cast(10.01 as decimal(18, 2)), 0.5),
                    (2, 2, cast(10.01 as decimal(18, 2)), 0.5),
                    (3, 1, cast(0.05 as decimal(18, 2)), 0.7),
                    (3, 2, cast(0.05 as decimal(18, 2)), 0.2),
                    (3, 3, cast(0.05 as decimal(18, 2)), 0.1)
            ) as shares (split_id, share_id, amount_eur, share)
        )
        select
            split_id,
            share_id,
            {{ crosschannel.cent_split(
                'amount_eur', 'share', partition_by='split_id', order_by='share desc, share_id asc'
            ) }} as split_eur
        from shares
        union all
        select
            0 as split_id,
            share_id,
            {{ crosschannel.cent_split('amount_eur', 'share', partition_by=none, order_by='share_id desc') }}
        from shares
        where split_id = 1
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "20"], project_dir, tmp_path / "cent_split.duckdb")
    assert run.success, run.messages
    split = {(int(split_id), int(share_id)): float(eur) for split_id, share_id, eur in run.results[0].agate_table.rows}
    # Thirds of 100.00 round to 33.33; the first by share_id (the shares tie) takes 100.00 - 66.66.
    assert [split[1, 1], split[1, 2], split[1, 3]] == [33.34, 33.33, 33.33]
    # Halves of 10.01 are 500.5 cents, rounded away from zero to 5.01: the first takes 10.01 - 5.01 = 5.00.
    assert [split[2, 1], split[2, 2]] == [5.00, 5.01]
    # 0.7, 0.2 and 0.1 of 5 cents: 3.5 -> 4, 1 and 0.5 -> 1 cent; the largest takes 5 - 2 = 3 cents.
    assert [split[3, 1], split[3, 2], split[3, 3]] == [0.03, 0.01, 0.01]
    # Without a partition the rows are one amount's shares; here the last share_id takes the remainder.
    assert [split[0, 1], split[0, 2], split[0, 3]] == [33.33, 33.33, 33.34]


def test_interval_macros_by_hand(project_dir: Path, tmp_path: Path) -> None:
    """Wilson, Newcombe, normal and the variances the campaign marts add up, against formulas."""
    sql = """
        select
            {{ crosschannel.wilson_interval('0', '20', 'low') }} as wilson_zero_low,
            {{ crosschannel.wilson_interval('0', '20', 'high') }} as wilson_zero_high,
            {{ crosschannel.wilson_interval('60', '1000', 'low') }} as wilson_low,
            {{ crosschannel.newcombe_interval('60', '1000', '20', '500', 'low') }} as newcombe_low,
            {{ crosschannel.newcombe_interval('60', '1000', '20', '500', 'high') }} as newcombe_high,
            {{ crosschannel.normal_interval('10.0', '2.0', 'low') }} as normal_low,
            {{ crosschannel.adjusted_proportion('0', '98') }} as adjusted,
            {{ crosschannel.pooled_difference_variance('0', '48', '0', '50') }} as pooled_variance,
            {{ crosschannel.compound_variance('0', '98', '100.0', '10000.0') }} as compound,
            {{ crosschannel.adjusted_log_rate_ratio('6', '100', '2', '100') }} as log_ratio,
            {{ crosschannel.adjusted_log_rate_ratio_variance('6', '100', '2', '100') }} as log_ratio_variance
    """
    run = run_dbt(["show", "--inline", sql], project_dir, tmp_path / "intervals.duckdb")
    assert run.success, run.messages
    values = dict(zip(run.results[0].agate_table.column_names, (float(v) for v in run.results[0].agate_table.rows[0])))
    z = norm.ppf(0.975)

    def wilson(x: float, n: float, sign: int) -> float:
        p = x / n
        return (p + z * z / (2 * n) + sign * z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)

    # No success in 20 trials: the Wilson interval is [0, 0.161], not the Wald [0, 0].
    assert abs(values["wilson_zero_low"]) < 1e-9
    assert abs(values["wilson_zero_high"] - wilson(0, 20, 1)) < 1e-6 and values["wilson_zero_high"] > 0.16
    assert abs(values["wilson_low"] - wilson(60, 1000, -1)) < 1e-6
    # Newcombe (1998) method 10 for 60/1000 against 20/500.
    low = 0.02 - math.sqrt((0.06 - wilson(60, 1000, -1)) ** 2 + (wilson(20, 500, 1) - 0.04) ** 2)
    high = 0.02 + math.sqrt((wilson(60, 1000, 1) - 0.06) ** 2 + (0.04 - wilson(20, 500, -1)) ** 2)
    assert abs(values["newcombe_low"] - low) < 1e-6 and abs(values["newcombe_high"] - high) < 1e-6
    assert abs(values["normal_low"] - (10 - z * 2)) < 1e-5
    # One success and one failure added: 1/100; no conversion in either group still has a variance.
    assert values["adjusted"] == 0.01
    assert abs(values["pooled_variance"] - 0.01 * 0.99 * (1 / 48 + 1 / 50)) < 1e-15
    # Per member amount zero unless converted: p E[A^2] - (p E[A])^2 = 0.01 x 10000 - 1 = 99.
    assert abs(values["compound"] - 99.0) < 1e-9
    # Shrunk rates: a quarter of a conversion each, members grown by 0.25 / pooled rate = 0.25 x 202 / 9.
    grown = 0.25 * 202 / 9
    treated, control = 6.25 / (100 + grown), 2.25 / (100 + grown)
    assert abs(values["log_ratio"] - math.log(treated / control)) < 1e-12
    variance = 100 * treated * (1 - treated) / 6.25**2 + 100 * control * (1 - control) / 2.25**2
    assert abs(values["log_ratio_variance"] - variance) < 1e-12


def test_french_phonetic_key_and_name_comparison_on_french_spellings(project_dir: Path, tmp_path: Path) -> None:
    """Spellings of one French name share a key; names that sound apart (or are a man's and a woman's)
    do not. name_comparison grades a pair: one edit, the same sound, or a difference."""
    same_sound = [
        ("dupont", "dupond"), ("dupont", "dupon"), ("renault", "renaud"), ("renault", "reno"),
        ("gauthier", "gautier"), ("philippe", "filippe"), ("mathieu", "matthieu"), ("lefebvre", "lefevre"),
        ("cathy", "kathy"), ("thibault", "thibaud"), ("francois", "fransois"), ("guillaume", "guillome"),
        ("laurence", "laurance"), ("christophe", "cristophe"), ("le gall", "legal"), ("rousseau", "roussaux"),
        ("geraldine", "jeraldine"), ("bertrand", "bertran"), ("moreau", "moro"), ("garcia", "garsia"),
    ]
    other_sound = [("jean", "jeanne"), ("michel", "michelle"), ("girard", "gerard"), ("martin", "bernard")]
    pairs = [(a, b, True) for a, b in same_sound] + [(a, b, False) for a, b in other_sound]
    values = ", ".join(f"('{a}', '{b}', {str(same).lower()})" for a, b, same in pairs)
    sql = f"""
        with names (name_a, name_b, is_same_sound) as (values {values}),
        sounds as (
            select *, {{{{ crosschannel.french_phonetic_key('name_a') }}}} as sound_a,
                {{{{ crosschannel.french_phonetic_key('name_b') }}}} as sound_b
            from names
        )
        select
            name_a, name_b, is_same_sound, sound_a = sound_b as is_same_key,
            {{{{ crosschannel.name_comparison('name_a', 'name_b', 'sound_a', 'sound_b') }}}} as comparison
        from sounds
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, tmp_path / "sounds.duckdb")
    assert run.success, run.messages
    rows = {(row[0], row[1]): (row[2], row[3], row[4]) for row in run.results[0].agate_table.rows}
    assert all(expected == found for expected, found, _ in rows.values()), rows
    assert rows[("dupont", "dupond")][2] == "one_edit"
    assert rows[("renault", "renaud")][2] == "sounds_alike"
    assert rows[("jean", "jeanne")][2] == "differs"


def test_one_edit_apart_counts_a_transposition_once(project_dir: Path, tmp_path: Path) -> None:
    sql = """
        select
            {{ crosschannel.one_edit_apart("'75011'", "'75101'") }} as transposed,
            {{ crosschannel.one_edit_apart("'75011'", "'75012'") }} as mistyped,
            {{ crosschannel.one_edit_apart("'75011'", "'75110'") }} as two_errors,
            {{ crosschannel.one_edit_apart("'dupont'", "'dupont'") }} as equal,
            {{ crosschannel.one_edit_apart("'dupont'", 'null') }} as unknown
    """
    run = run_dbt(["show", "--inline", sql], project_dir, tmp_path / "edits.duckdb")
    assert run.success, run.messages
    assert list(run.results[0].agate_table.rows[0]) == [True, True, False, False, None]
