"""Macros checked directly, and the places a rule may live."""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from crosschannel.runner import run_dbt
from edit_distance_cases import edit_distance_query, expected_answers
from partial_parse import database_in
from scipy.stats import norm

UNIT_TEST_CHECK = re.compile(r"resource_type\s*[!=]=\s*['\"]unit_test['\"]")


# The CTE `sounds`: the rows of a CTE `names` (name_a, name_b) with each name's french_phonetic_key.
NAME_PAIR_SOUNDS = """
        sounds as (
            select *, {{ crosschannel.french_phonetic_key('name_a') }} as sound_a,
                {{ crosschannel.french_phonetic_key('name_b') }} as sound_b
            from names
        )
"""
# The same of two records' names, `names` (first_a, last_a, first_b, last_b).
RECORD_PAIR_SOUNDS = """
        sounds as (
            select *,
                {{ crosschannel.french_phonetic_key('first_a') }} as first_sound_a,
                {{ crosschannel.french_phonetic_key('last_a') }} as last_sound_a,
                {{ crosschannel.french_phonetic_key('first_b') }} as first_sound_b,
                {{ crosschannel.french_phonetic_key('last_b') }} as last_sound_b
            from names
        )
"""


@pytest.fixture(scope="module")
def scratch_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database file for every `dbt show` of a macro: dbt's partial parse is only valid for the
    connection it was made with, so a file per test would parse the whole project again each time."""
    return database_in(tmp_path_factory.mktemp("macros"))


def test_z_95_is_the_normal_quantile_of_a_two_sided_95_percent_interval(
    project_dir: Path, scratch_database: Path
) -> None:
    run = run_dbt(["show", "--inline", "select {{ crosschannel.z_95() }} as z"], project_dir, scratch_database)
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


def test_rows_sharing_values_gives_each_repeated_combination_and_dbt_s_unique_test_uses_it(
    project_dir: Path, scratch_database: Path
) -> None:
    """Both bodies of rows_sharing_values (DuckDB's groups the rows' hashes first) give each combination
    held by more than one row, NULLs grouping as one value, with its rows; dbt's `unique` test on DuckDB
    is this project's body (dbt_project.yml's dispatch), which leaves NULLs out as dbt's own does."""
    sql = """
        {%- set relation = "(select * from (values (1, 'a'), (1, 'a'), (1, 'b'), (2, null), (2, null),"
            ~ " (null, null), (null, null), (3, 'c')) as pairs (x, y)) as pairs" -%}
        select 'duckdb' as body, x, y, n
        from ({{ crosschannel.duckdb__rows_sharing_values(relation, ['x', 'y'], 'n', 'true') }}) as hashed
        union all
        select 'default', x, y, n
        from ({{ crosschannel.default__rows_sharing_values(relation, ['x', 'y'], 'n', 'true') }}) as grouped
        union all
        select 'unique', unique_field, null, n_records
        from ({{ adapter.dispatch('test_unique', 'dbt')(relation, 'x') }}) as unique_test
        union all
        select 'none', x, y, n
        from ({{ crosschannel.rows_sharing_values(relation, ['x', 'y'], 'n', "y = 'c' or y = 'b'") }}) as none_repeated
        order by body, x nulls last, y nulls last
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "20"], project_dir, scratch_database)
    assert run.success, run.messages
    repeated = [(1, "a", 2), (2, None, 2), (None, None, 2)]
    assert [tuple(row) for row in run.results[0].agate_table.rows] == [
        *(("default", *row) for row in repeated),
        *(("duckdb", *row) for row in repeated),
        ("unique", 1, None, 3),
        ("unique", 2, None, 2),
    ]
    compiled = run_dbt(
        ["compile", "--inline", "{{ adapter.dispatch('test_unique', 'dbt')('some_table', 'some_id') }}"],
        project_dir,
        scratch_database,
    )
    assert compiled.success, compiled.messages
    assert "repeated_hashes" in str(compiled.results[0].node.compiled_code)


def test_log_scale_interval_and_pooled_share_by_hand(project_dir: Path, scratch_database: Path) -> None:
    sql = """
        select
            {{ crosschannel.log_scale_interval('2.0', '0.04', 'low') }} as low,
            {{ crosschannel.log_scale_interval('2.0', '0.04', 'high') }} as high,
            {{ crosschannel.pooled_share('3', '3', '0.2', '10') }} as pooled,
            {{ crosschannel.pooled_share('0', '0', '0.2', '10') }} as no_orders
    """
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    low, high, pooled, no_orders = (float(value) for value in run.results[0].agate_table.rows[0])
    z = norm.ppf(0.975)
    # A relative standard error of 0.2: 2 x exp(-/+ 1.96 x 0.2), asymmetric and above zero.
    assert abs(low - 2.0 * math.exp(-z * 0.2)) < 1e-5
    assert abs(high - 2.0 * math.exp(z * 0.2)) < 1e-5
    # Three orders out of three, pulled towards a 20% parent by a prior worth ten orders: 5/13.
    assert abs(pooled - 5 / 13) < 1e-12
    assert abs(no_orders - 0.2) < 1e-12


def test_log_scale_interval_names_a_wrong_end(project_dir: Path, scratch_database: Path) -> None:
    run = run_dbt(
        ["show", "--inline", "select {{ crosschannel.log_scale_interval('2.0', '0.04', 'middle') }}"],
        project_dir,
        scratch_database,
    )
    # dbt reports only "Error parsing inline query"; the macro's own message is in its log.
    assert not run.success


def test_money_eur_is_a_decimal_to_the_cent_rounded_away_from_zero(project_dir: Path, scratch_database: Path) -> None:
    sql = """
        select amount, {{ crosschannel.money_eur('amount') }} as amount_eur, typeof(amount_eur) as money_type
        from (values (1, 1234.5649), (2, -0.125), (3, 0.005), (4, cast(null as double))) as amounts (row_id, amount)
        order by row_id
    """
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    rows = [(row[1], row[2]) for row in run.results[0].agate_table.rows]
    assert [None if eur is None else float(eur) for eur, _ in rows] == [1234.56, -0.13, 0.01, None]
    assert {money_type for _, money_type in rows} == {"DECIMAL(18,2)"}


def test_cent_split_adds_up_to_the_amount_and_gives_the_first_share_the_remainder(
    project_dir: Path, scratch_database: Path
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
    run = run_dbt(["show", "--inline", sql, "--limit", "20"], project_dir, scratch_database)
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


def test_interval_macros_by_hand(project_dir: Path, scratch_database: Path) -> None:
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
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
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


def test_french_phonetic_key_and_name_comparison_on_french_spellings(
    project_dir: Path, scratch_database: Path
) -> None:
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
        {NAME_PAIR_SOUNDS}
        select
            name_a, name_b, is_same_sound, sound_a = sound_b as is_same_key,
            {{{{ crosschannel.name_comparison('name_a', 'name_b', 'sound_a', 'sound_b') }}}} as comparison
        from sounds
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    rows = {(row[0], row[1]): (row[2], row[3], row[4]) for row in run.results[0].agate_table.rows}
    assert all(expected == found for expected, found, _ in rows.values()), rows
    assert rows[("dupont", "dupond")][2] == "one_edit"
    assert rows[("renault", "renaud")][2] == "sounds_alike"
    assert rows[("jean", "jeanne")][2] == "differs"


def test_edit_distances_count_a_transposition_once(project_dir: Path, scratch_database: Path) -> None:
    """one_edit_apart and within_two_edits on the cases of edit_distance_cases: a swap of neighbours is one
    typing error, three errors are never two."""
    run = run_dbt(["show", "--inline", edit_distance_query()], project_dir, scratch_database)
    assert run.success, run.messages
    table = run.results[0].agate_table
    assert dict(zip(table.column_names, table.rows[0], strict=True)) == expected_answers()


def test_contact_values_in_match_form_and_their_match_keys(project_dir: Path, scratch_database: Path) -> None:
    """normalize_phone, normalize_email and normalize_loyalty_id on values as people type them, and
    the match keys built on them: one key for the spellings of one contact, another for another
    contact, NULL for junk (salted_key is NULL when the value is)."""
    french_mobile = ["+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78", "06 12 34 56 78"]
    phones = {
        **dict.fromkeys(french_mobile, "+33612345678"),
        # A trunk 0 written after the calling code is dropped; bare significant digits are French.
        "+33 (0)6 12 34 56 78": "+33612345678",
        "612345678": "+33612345678",
        "06-12-34-56-79": "+33612345679",
        "01 42 68 53 00": "+33142685300",
        # After + or 00, any country's number of 8 to 15 digits.
        "+44 20 7946 0958": "+442079460958",
        "0044 20 7946 0958": "+442079460958",
        # Too short for France, too long after +33, a calling code without + or 00 (11 digits that
        # are no French national number), 7 digits after a +, words, nothing.
        "06 12 34 56": None,
        "+33 6 12 34 56 789": None,
        "33612345678": None,
        "+1234567": None,
        "pas de numéro": None,
        "": None,
        None: None,
    }
    emails = {
        "jean.dupont@example.com": "jean.dupont@example.com",
        "  Jean.Dupont@Example.COM ": "jean.dupont@example.com",
        "JEAN.DUPONT@EXAMPLE.COM": "jean.dupont@example.com",
        # Only trimmed and lowercased: a +tag is another address, an apostrophe and hyphens are kept.
        "Jean.Dupont+promo@example.com": "jean.dupont+promo@example.com",
        "Marie-Anne.O'Neil@Mail.Orange.fr": "marie-anne.o'neil@mail.orange.fr",
        "jean.dupont@gmail.com": "jean.dupont@gmail.com",
        "Jean.Dupont@Gmial.com": "jean.dupont@gmial.com",
        # A space inside, two @, none, no dotted domain, a one-letter top-level domain, nothing.
        "jean dupont@example.com": None,
        "jean@dupont@example.com": None,
        "jean.dupont.example.com": None,
        "jean.dupont@example": None,
        "jean.dupont@example.c": None,
        "": None,
        None: None,
    }
    loyalty_ids = {
        "fid-123 456": "FID123456",
        " FID.123.456 ": "FID123456",
        "FID123456": "FID123456",
        "fid-123 457": "FID123457",
        # No letter or digit left.
        " - ": None,
        "": None,
        None: None,
    }
    typed = {"phone": phones, "email": emails, "loyalty": loyalty_ids}

    def literal(value: str | None) -> str:
        return "null" if value is None else "'" + value.replace("'", "''") + "'"

    values = ", ".join(f"('{kind}', {literal(raw)})" for kind, raws in typed.items() for raw in raws)
    sql = f"""
        with typed (kind, raw) as (values {values})
        select
            kind,
            raw,
            case kind
                when 'phone' then {{{{ crosschannel.normalize_phone('raw') }}}}
                when 'email' then {{{{ crosschannel.normalize_email('raw') }}}}
                else {{{{ crosschannel.normalize_loyalty_id('raw') }}}}
            end as match_form,
            case kind
                when 'phone' then {{{{ crosschannel.phone_match_key('raw') }}}}
                when 'email' then {{{{ crosschannel.email_match_key('raw') }}}}
                else {{{{ crosschannel.loyalty_match_key('raw') }}}}
            end as match_key,
            case when kind = 'email' then {{{{ crosschannel.email_domain_typo_match_key('raw') }}}} end as typo_key
        from typed
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    rows = {(row[0], row[1]): (row[2], row[3], row[4]) for row in run.results[0].agate_table.rows}
    assert len(rows) == sum(len(raws) for raws in typed.values())
    found = {kind: {raw: rows[(kind, raw)][0] for raw in raws} for kind, raws in typed.items()}
    assert found == typed

    # A key is the SHA-256 of "<salt>|<kind>|<match form>": equal match forms give one key, the kind
    # keeps an e-mail and a phone apart, and no match form gives no key.
    salt = os.environ.get("CROSSCHANNEL_KEY_SALT", "crosschannel-demo-salt")

    def key(kind: str, match_form: str | None) -> str | None:
        return None if match_form is None else hashlib.sha256(f"{salt}|{kind}|{match_form}".encode()).hexdigest()

    assert {raw: rows[(kind, raw)][1] for kind, raws in typed.items() for raw in raws} == {
        raw: key(kind, match_form) for kind, raws in typed.items() for raw, match_form in raws.items()
    }
    phone_keys = {raw: rows[("phone", raw)][1] for raw in phones}
    assert len({phone_keys[raw] for raw in french_mobile}) == 1
    assert phone_keys["06 12 34 56 78"] not in (phone_keys["06-12-34-56-79"], None)
    assert rows[("email", "  Jean.Dupont@Example.COM ")][1] == rows[("email", "jean.dupont@example.com")][1]
    assert rows[("loyalty", "fid-123 456")][1] != rows[("loyalty", "fid-123 457")][1]

    # The domain typo key: the local part and the domain's letters, sorted (gmial.com = gmail.com =
    # ".acgilmo"), so the two Gmail spellings share it while their e-mail keys differ.
    gmail, gmial = rows[("email", "jean.dupont@gmail.com")], rows[("email", "Jean.Dupont@Gmial.com")]
    assert gmail[1] != gmial[1]
    assert gmail[2] == gmial[2] == key("email_domain_typo", "jean.dupont@.acgilmo")
    assert rows[("email", "jean.dupont@example")][2] is None


def test_normalize_address_keeps_letters_and_digits_of_one_address_however_typed(
    project_dir: Path, scratch_database: Path
) -> None:
    addresses = {
        "4, Rue de l'Église": "4 rue de l eglise",
        "4 RUE DE L'EGLISE ": "4 rue de l eglise",
        " 4  rue de l’église": "4 rue de l eglise",
        "12 bis, avenue Jean-Jaurès": "12 bis avenue jean jaures",
        "14 rue de l'Église": "14 rue de l eglise",
        " , ": None,
        "": None,
        None: None,
    }
    values = ", ".join("(null)" if raw is None else "('" + raw.replace("'", "''") + "')" for raw in addresses)
    sql = f"""
        with typed (raw) as (values {values})
        select raw, {{{{ crosschannel.normalize_address('raw') }}}} as match_form from typed
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "20"], project_dir, scratch_database)
    assert run.success, run.messages
    assert {row[0]: row[1] for row in run.results[0].agate_table.rows} == addresses


def test_name_comparison_outcomes_and_their_precedence(project_dir: Path, scratch_database: Path) -> None:
    """Each outcome of name_comparison, beyond the French spellings above: equal names agree, one
    typing error wins over the sound, a sound shared across two edits, and an unknown name (even
    two) compares to nothing."""
    sql = (
        """
        with names (name_a, name_b) as (
            values
                ('martin', 'martin'), ('martin', 'martine'), ('perret', 'preret'), ('philippe', 'filippe'),
                ('martin', 'bernard'), (null, 'dupont'), ('dupont', null), (null, null)
        ),
"""
        + NAME_PAIR_SOUNDS
        + """
        select
            name_a, name_b, sound_a = sound_b as is_same_sound,
            {{ crosschannel.name_comparison('name_a', 'name_b', 'sound_a', 'sound_b') }} as comparison
        from sounds
    """
    )
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    rows = {(row[0], row[1]): (row[2], row[3]) for row in run.results[0].agate_table.rows}
    assert rows == {
        ("martin", "martin"): (True, "agrees"),
        # An e added: one edit, although a final e keeps the sounds apart (Martin is not Martine).
        ("martin", "martine"): (False, "one_edit"),
        # Two neighbours swapped count as one edit (Damerau).
        ("perret", "preret"): (False, "one_edit"),
        # ph written f: two edits (one dropped, one changed), one sound.
        ("philippe", "filippe"): (True, "sounds_alike"),
        ("martin", "bernard"): (False, "differs"),
        (None, "dupont"): (None, None),
        ("dupont", None): (None, None),
        (None, None): (None, None),
    }


def test_names_conflict_beyond_two_typing_errors_or_in_short_names(project_dir: Path, scratch_database: Path) -> None:
    """Names conflict when they differ (name_comparison) by more than two typing errors, or by two in a
    name shorter than five letters; one error, a shared sound or an unknown name never conflicts."""
    sql = (
        """
        with names (name_a, name_b) as (
            values
                ('benedict', 'benedcte'), ('dubios', 'duboit'), ('vasseur', 'vasseru'), ('dupont', 'dupond'),
                ('philippe', 'filippe'), ('theo', 'matheo'), ('ines', 'yves'), ('vasseur', 'vallier'),
                ('martin', 'bernard'), ('dupont', null)
        ),
"""
        + NAME_PAIR_SOUNDS
        + """
        select name_a || ' / ' || coalesce(name_b, '?') as pair,
            {{ crosschannel.names_conflict('name_a', 'name_b', 'sound_a', 'sound_b') }} as is_conflict
        from sounds
    """
    )
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    assert {row[0]: row[1] for row in run.results[0].agate_table.rows} == {
        # Two errors in names of five letters or more: a letter dropped twice; a swap and a changed letter.
        "benedict / benedcte": False,
        "dubios / duboit": False,
        "vasseur / vasseru": False,
        "dupont / dupond": False,
        "philippe / filippe": False,
        # Two errors in a four-letter name leave half of it: another name.
        "theo / matheo": True,
        "ines / yves": True,
        "vasseur / vallier": True,
        "martin / bernard": True,
        "dupont / ?": None,
    }


def test_last_name_typed_as_first_name_needs_one_first_name_unknown(project_dir: Path, scratch_database: Path) -> None:
    """A card holding only Rousseau against Rousseau Sarah (the names typed in each other's fields), also
    misspelt once; not when both first names are known, nor when the other first name is another name."""
    sql = (
        """
        with names (first_a, last_a, first_b, last_b) as (
            values
                (null, 'rousseau', 'rousseau', 'sarah'), ('rousseau', 'sarah', null, 'rousseau'),
                (null, 'rousseau', 'rouseau', 'sarah'), ('claire', 'rousseau', 'rousseau', 'sarah'),
                (null, 'rousseau', 'sarah', 'rousseau'), (null, 'rousseau', 'martin', 'sarah'),
                (null, 'rousseau', null, 'sarah')
        ),
"""
        + RECORD_PAIR_SOUNDS
        + """
        select
            coalesce(first_a, '?') || ' ' || last_a || ' / ' || coalesce(first_b, '?') || ' ' || last_b as pair,
            {{ crosschannel.last_name_typed_as_first_name(
                'first_a', 'last_a', 'first_b', 'last_b', 'first_sound_a', 'last_sound_a', 'first_sound_b', 'last_sound_b'
            ) }} as is_typed_as_first_name
        from sounds
    """
    )
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    assert {row[0]: row[1] for row in run.results[0].agate_table.rows} == {
        "? rousseau / rousseau sarah": True,
        "rousseau sarah / ? rousseau": True,
        "? rousseau / rouseau sarah": True,
        "claire rousseau / rousseau sarah": False,
        # The last names agree in their own fields: no swap to see.
        "? rousseau / sarah rousseau": False,
        "? rousseau / martin sarah": False,
        "? rousseau / ? sarah": False,
    }


def test_names_swapped_tolerates_one_typing_error_or_a_sound_in_the_swapped_names(
    project_dir: Path, scratch_database: Path
) -> None:
    """Claire Roux typed Roux Claire is a swap, and still one when a swapped name is misspelt or
    misheard; names that agree in their own fields, one name for both (Martin Martin), other
    names or an unknown name are no swap."""
    sql = (
        """
        with names (first_a, last_a, first_b, last_b) as (
            values
                ('claire', 'roux', 'roux', 'claire'), ('claire', 'roux', 'rou', 'claire'),
                ('claire', 'roux', 'roux', 'klaire'), ('claire', 'roux', 'rous', 'clair'),
                ('claire', 'roux', 'claire', 'roux'), ('martin', 'martin', 'martin', 'martin'),
                ('claire', 'roux', 'roux', 'marie'), ('claire', 'roux', 'durand', 'claire'),
                ('claire', null, 'roux', 'claire'), ('marc', 'marck', 'marck', 'marc')
        ),
"""
        + RECORD_PAIR_SOUNDS
        + """
        select
            first_a || ' ' || coalesce(last_a, '?') || ' / ' || first_b || ' ' || last_b as pair,
            {{ crosschannel.names_swapped(
                'first_a', 'last_a', 'first_b', 'last_b', 'first_sound_a', 'last_sound_a', 'first_sound_b', 'last_sound_b'
            ) }} as is_swapped
        from sounds
    """
    )
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    assert {row[0]: row[1] for row in run.results[0].agate_table.rows} == {
        "claire roux / roux claire": True,
        # One letter dropped from the swapped last name; a first name heard with a k; both at once.
        "claire roux / rou claire": True,
        "claire roux / roux klaire": True,
        "claire roux / rous clair": True,
        "claire roux / claire roux": False,
        "martin martin / martin martin": False,
        "claire roux / roux marie": False,
        "claire roux / durand claire": False,
        "claire ? / roux claire": False,
        # Names one edit apart written in each other's fields: a swap, not an agreement.
        "marc marck / marck marc": True,
    }


def test_change_fingerprint_tells_apart_missing_empty_and_shifted_values_and_rules(
    project_dir: Path, scratch_database: Path
) -> None:
    """The md5 of the rule's md5 and each value as length:text (missing: ~), joined by |: a missing value
    and an empty one, or a separator moved from one value to the next, give different fingerprints, and so
    does the same row under another rule."""
    sql = """
        with rows_ (label, first_value, second_value) as (
            values
                ('plain', 'a', 'b'),
                ('plain again', 'a', 'b'),
                ('missing', 'a', null),
                ('empty', 'a', ''),
                ('separator first', 'a|', 'b'),
                ('separator second', 'a', '|b'),
                ('number', '12', 'b')
        )
        select
            label,
            {{ crosschannel.change_fingerprint(['first_value', 'second_value'], 'rule one') }} as under_one,
            {{ crosschannel.change_fingerprint(['first_value', 'second_value'], 'rule two') }} as under_two
        from rows_
        order by label
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "10"], project_dir, scratch_database)
    assert run.success, run.messages
    fingerprints = {row[0]: (row[1], row[2]) for row in run.results[0].agate_table.rows}

    def by_hand(rule: str, *values: str | None) -> str:
        parts = [hashlib.md5(rule.encode()).hexdigest()]
        parts += ["~" if value is None else f"{len(value)}:{value}" for value in values]
        return hashlib.md5("|".join(parts).encode()).hexdigest()

    assert fingerprints["plain"] == (by_hand("rule one", "a", "b"), by_hand("rule two", "a", "b"))
    assert fingerprints["missing"][0] == by_hand("rule one", "a", None)
    assert fingerprints["plain again"] == fingerprints["plain"]
    under_one = [under_one for label, (under_one, _) in fingerprints.items() if label != "plain again"]
    assert len(set(under_one)) == 6
    assert all(under_one != under_two for under_one, under_two in fingerprints.values())


def test_second_read_runs_the_select_again_outside_an_incremental_run(project_dir: Path, scratch_database: Path) -> None:
    """Outside an incremental run, second_read is the CTE's select itself, not a read of the CTE: here
    a select whose rows differ from the CTE's tells the two apart. (The incremental runs' tests run
    the other branch, a read of the CTE, in the incremental models that use it.)"""
    sql = """
        with numbers as (select 1 as x union all select 2),
        again as ({{ crosschannel.second_read('numbers', 'select 10 as x') }})
        select x from again order by x
    """
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    assert [tuple(row) for row in run.results[0].agate_table.rows] == [(10,)]


def test_ordered_path_breaks_ties_by_the_value(project_dir: Path, scratch_database: Path) -> None:
    """ordered_path joins a group's values in the order of another column, and values at the same point
    in that order by the value itself: a journey with two touches in the same second has one path
    (Spark's sorted structs order them so too), whatever order the rows come in. NULL values are left out,
    as listagg leaves them: a group of NULLs alone has no path."""
    sql = """
        with touches (journey, channel, touched_at) as (
            values
                ('tied', 'web', timestamp '2026-12-01 10:00:00'),
                ('tied', 'email', timestamp '2026-12-01 10:00:00'),
                ('tied', 'store', timestamp '2026-12-01 09:00:00'),
                ('tied again', 'store', timestamp '2026-12-01 09:00:00'),
                ('tied again', 'email', timestamp '2026-12-01 10:00:00'),
                ('tied again', 'web', timestamp '2026-12-01 10:00:00'),
                ('with a gap', 'store', timestamp '2026-12-01 09:00:00'),
                ('with a gap', null, timestamp '2026-12-01 08:00:00'),
                ('nothing', null, timestamp '2026-12-01 08:00:00')
        )
        select journey, {{ crosschannel.ordered_path('channel', 'touched_at') }} as channel_path
        from touches
        group by journey
        order by journey
    """
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    assert [tuple(row) for row in run.results[0].agate_table.rows] == [
        ("nothing", None),
        ("tied", "store > email > web"),
        ("tied again", "store > email > web"),
        ("with a gap", "store"),
    ]


def test_kept_watermark_is_the_newest_kept_timestamp_or_1900_when_none_was_kept(
    project_dir: Path, scratch_database: Path
) -> None:
    """kept_watermark: the newest timestamp among the kept rows, NULLs left out; 1900-01-01 when no row
    was kept, or none has the timestamp (an incremental run then takes everything)."""
    sql = """
        with kept (label, computed_at) as (
            values
                ('two runs', timestamp '2026-11-30 08:00:00'),
                ('two runs', timestamp '2026-12-01 08:00:00'),
                ('two runs', null),
                ('never computed', null)
        ),
        labels as (select distinct label from kept union all select 'nothing kept')
        select labels.label, cast(watermarks.watermark as varchar) as watermark
        from labels
        cross join lateral (
            select {{ crosschannel.kept_watermark('kept.computed_at') }} as watermark
            from kept
            where kept.label = labels.label
        ) as watermarks
        order by labels.label
    """
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    assert [tuple(row) for row in run.results[0].agate_table.rows] == [
        ("never computed", "1900-01-01 00:00:00"),
        ("nothing kept", "1900-01-01 00:00:00"),
        ("two runs", "2026-12-01 08:00:00"),
    ]


def test_run_started_timestamp_is_the_run_start_to_the_microsecond(project_dir: Path, scratch_database: Path) -> None:
    """run_started_timestamp: the invocation's start (UTC), not truncated to the second: it lies between the
    clock before and after the invocation, which a timestamp cut to the second would rarely do."""
    before = datetime.now(UTC).replace(tzinfo=None)
    run = run_dbt(
        ["show", "--inline", "select {{ crosschannel.run_started_timestamp() }} as started_at"],
        project_dir,
        scratch_database,
    )
    after = datetime.now(UTC).replace(tzinfo=None)
    assert run.success, run.messages
    started_at = run.results[0].agate_table.rows[0][0]
    assert isinstance(started_at, datetime)
    assert before <= started_at <= after


def test_first_by_keeps_the_first_row_of_each_group(project_dir: Path, scratch_database: Path) -> None:
    """first_by returns the fields of one row, the first by its order (ascending, column after
    column, a negated number for descending), as fct_funnel_stages reads the first hit of a stage."""
    sql = """
        with hits (subject_id, activity, stage_rank, activity_at, activity_id) as (
            values
                ('tie_on_rank', 'visit', 1, date '2024-01-01', 1),
                ('tie_on_rank', 'order', 3, date '2024-01-05', 2),
                ('tie_on_rank', 'order again', 3, date '2024-01-03', 3),
                ('tie_on_rank_and_time', 'lead', 2, date '2024-02-01', 7),
                ('tie_on_rank_and_time', 'lead again', 2, date '2024-02-01', 5),
                ('null_value', null, 5, date '2024-03-01', 9),
                ('null_value', 'quote', 4, date '2024-02-01', 1),
                ('null_order', 'unknown time', 1, null, 1),
                ('null_order', 'known time', 1, date '2024-04-01', 2)
        ),
        first_hits as (
            select
                subject_id,
                {{ crosschannel.first_by(
                    {'activity': 'activity', 'activity_id': 'activity_id'},
                    ['-stage_rank', 'activity_at', 'activity_id']
                ) }} as first_hit
            from hits
            group by subject_id
        )
        select subject_id, first_hit.activity, first_hit.activity_id from first_hits
    """
    run = run_dbt(["show", "--inline", sql, "--limit", "100"], project_dir, scratch_database)
    assert run.success, run.messages
    rows = {row[0]: (row[1], int(row[2])) for row in run.results[0].agate_table.rows}
    assert rows == {
        # The highest rank ties: the earlier of the two orders, its own id (3, not the group's
        # smallest id 1: the fields come from one row).
        "tie_on_rank": ("order again", 3),
        # Rank and time tie: the third column, the smaller id.
        "tie_on_rank_and_time": ("lead again", 5),
        # The first row's NULL is its value, not a reason to take the next row's.
        "null_value": (None, 9),
        # Order values should not be NULL (engines place them differently); DuckDB's first_by
        # sorts them last.
        "null_order": ("known time", 2),
    }


def project_of_macros(
    project_dir: Path, folder: Path, models: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A dbt project in `folder` of this project's dbt_project.yml, profiles.yml and macros/ and the given
    models (name -> SQL), for macros that only `dbt run` exercises: parsing it takes half the time of the
    whole project's. Its artifacts stay in it: the suite's partial parse belongs to the project."""
    project = folder / "project"
    (project / "models").mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(project_dir / name, project / name)
    shutil.copytree(project_dir / "macros", project / "macros")
    for name, sql in models.items():
        (project / "models" / f"{name}.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setenv("DBT_TARGET_PATH", str(project / "target"))
    return project


SIX_NODES = "('a'), ('b'), ('c'), ('d'), ('e'), ('f')"
CHAIN_AND_PAIR = ["('d', 'c')", "('b', 'c')", "('b', 'a')", "('f', 'e')"]


def components_model(nodes: str, edges: list[str], edge_columns: str, arguments: str = "", hook: bool = True) -> str:
    """A table model (a view would read the work tables the post-hook drops) calling
    connected_components on inline relations: the macro writes them after `from`."""
    post_hook = """, post_hook=["{{ crosschannel.drop_connected_components_work() }}"]""" if hook else ""
    return f"""
        {{{{ config(materialized='table'{post_hook}) }}}}
        {{{{ crosschannel.connected_components(
            "(select * from (values {nodes}) as nodes (node_id))",
            "(select * from (values {', '.join(edges)}) as edges ({edge_columns}))"{arguments}
        ) }}}}
    """


COMPONENT_MODELS = {
    # The chain a-b-c-d and the pair e-f, edges given out of order and either way round.
    "components_chain": components_model(SIX_NODES, CHAIN_AND_PAIR, "node_id_a, node_id_b"),
    # The same graph with other edge columns, an isolated node g, a self-loop, and an edge d-e that
    # edges_where leaves out.
    "components_filtered": components_model(
        f"{SIX_NODES}, ('g')",
        [edge.replace(")", ", true)") for edge in CHAIN_AND_PAIR] + ["('c', 'c', true)", "('d', 'e', false)"],
        "source_id, target_id, is_kept",
        ", edge_columns=['source_id', 'target_id'], edges_where='edges.is_kept'",
    ),
    # The chain needs two rounds: after one, d still hangs on b (the chain contracted to the edge a-b).
    "components_one_round": components_model(
        SIX_NODES, CHAIN_AND_PAIR, "node_id_a, node_id_b", ", max_rounds=1", hook=False
    ),
    # Two rounds are enough: the check after the last round sees the graph converged.
    "components_two_rounds": components_model(SIX_NODES, CHAIN_AND_PAIR, "node_id_a, node_id_b", ", max_rounds=2"),
}


def test_connected_components_names_each_component_by_its_smallest_node(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """connected_components loops in work tables only under `dbt run` or `build` (show and compile make
    each node a component of its own), so the test runs four tiny models in a project of the macros
    alone (project_of_macros)."""
    project = project_of_macros(project_dir, tmp_path, COMPONENT_MODELS, monkeypatch)
    database = database_in(tmp_path)
    run = run_dbt(["run"], project, database)
    statuses = {result.node.name: str(result.status) for result in run.results}
    assert statuses == {
        "components_chain": "success",
        "components_filtered": "success",
        "components_one_round": "error",
        "components_two_rounds": "success",
    }
    assert "did not converge in 1 rounds" in run.messages
    with duckdb.connect(str(database), read_only=True) as connection:
        chain = dict(connection.sql("select node_id, component_id from components_chain").fetchall())
        filtered = dict(connection.sql("select node_id, component_id from components_filtered").fetchall())
        two_rounds = dict(connection.sql("select node_id, component_id from components_two_rounds").fetchall())
        tables = {name for (name,) in connection.sql("select table_name from information_schema.tables").fetchall()}
    # Each component is named by its smallest node id: the chain's far end d by a, three hops away.
    assert chain == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e", "f": "e"}
    assert two_rounds == chain
    # The edge d-e left out keeps the components apart, the self-loop adds nothing, g is alone.
    assert filtered == {**chain, "g": "g"}
    # The post-hook dropped the work tables (<model>__cc_labels...) of the models that succeeded (the
    # failed one never reached its post-hook).
    assert {name for name in tables if not name.startswith("components_one_round")} == {
        "components_chain",
        "components_filtered",
        "components_two_rounds",
    }


# A column of MD5 digests (values that hardly repeat) twice, on 100,000 rows; in an incremental run
# (var rows raised to 200,000) the rows after those kept.
STORED_KEYS_SELECT = """
    select i as row_number, md5(cast(i as varchar)) as listed_key, md5(cast(i as varchar)) as unlisted_key
    from range({{ var('rows', 100000) }}) as numbers (i)
"""
STORAGE_MODELS = {
    # Its select ends in a line comment.
    "keys_table": "{{ config(materialized='table', uncompressed_columns=['listed_key']) }}"
    + STORED_KEYS_SELECT
    + "-- the last line of the select",
    "keys_incremental": (
        "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='row_number',"
        " uncompressed_columns=['listed_key']) }}"
        + STORED_KEYS_SELECT
        + "{% if is_incremental() %} where i > (select max(row_number) from {{ this }}) {% endif %}"
    ),
    "keys_misnamed": "{{ config(materialized='table', uncompressed_columns=['listed_kee']) }}" + STORED_KEYS_SELECT,
}


def test_uncompressed_columns_are_stored_without_compression_in_full_and_incremental_runs(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model's config `uncompressed_columns` (this project's create_table_as on DuckDB) stores those
    columns without compression, the table's other columns as DuckDB chooses, the same rows; an
    incremental run's inserts keep that storage; a listed column the model does not select fails the
    model by name. Run in a project of the macros alone (project_of_macros)."""
    project = project_of_macros(project_dir, tmp_path, STORAGE_MODELS, monkeypatch)
    database = database_in(tmp_path)
    first = run_dbt(["run"], project, database, {"rows": 100000})
    statuses = {result.node.name: str(result.status) for result in first.results}
    assert statuses == {"keys_table": "success", "keys_incremental": "success", "keys_misnamed": "error"}
    assert "keys_misnamed lists uncompressed_columns it does not select: listed_kee" in first.messages
    second = run_dbt(["run", "--select", "keys_incremental"], project, database, {"rows": 200000})
    assert second.success, second.messages
    storage = """
        select column_name, list(distinct compression order by compression)
        from pragma_storage_info('{table}')
        where segment_type = 'VARCHAR'
        group by column_name
    """
    rows = """
        select count(*), count(distinct listed_key), count(*) filter (where listed_key = unlisted_key)
        from {table}
    """
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, expected_rows in (("keys_table", 100000), ("keys_incremental", 200000)):
            compression = dict(connection.sql(storage.format(table=table)).fetchall())
            assert compression["listed_key"] == ["Uncompressed"]
            assert "Uncompressed" not in compression["unlisted_key"]
            assert connection.execute(rows.format(table=table)).fetchall() == [(expected_rows,) * 3]


# The current keys: (1, 'x') to (4, 'x'), with a second row of (3, 'x') as a key of several rows has,
# and (5, var `s5`), less the numbers var `gone` lists.
CURRENT_KEYS_SELECT = """
    select * from (
        values (1, 'x'), (2, 'x'), (3, 'x'), (3, 'x'), (4, 'x'), (5, '{{ var('s5', 'x') }}')
    ) as current_keys (n, s)
    where n not in ({{ var('gone', [0]) | join(', ') }})
"""
# Incremental by (n, s) with the hook as a {hook}: a run inserts the current keys above var `since`
# alone, the others are kept rows; `run` records the run that wrote each row.
KEPT_BY_KEY = """
    {%- set incremental_config = crosschannel.incremental_by_key_config(['n', 's']) -%}
    {%- set current_keys = "{{ ref('current_keys') }}" -%}
    {{ config(hook=crosschannel.gone_keys_deletion(incremental_config, current_keys), **incremental_config) }}
    select distinct n, s, {{ var('run', 1) }} as run from {{ ref('current_keys') }}
    where n > {{ var('since', 0) }}
"""
INCREMENTAL_HOOK_MODELS = {
    "current_keys": "{{ config(materialized='table') }}" + CURRENT_KEYS_SELECT,
    "kept_by_key_pre": KEPT_BY_KEY.replace("hook=", "pre_hook="),
    "kept_by_key_post": KEPT_BY_KEY.replace("hook=", "post_hook="),
    # Incremental by n: a run inserts the current keys above var `since`, and one placeholder row (s
    # NULL) for each number var `emptied` lists, as a model does for a key it computed again and found
    # empty.
    "kept_with_placeholders": """
        {%- set incremental_config = crosschannel.incremental_by_key_config('n') -%}
        {{ config(post_hook=crosschannel.placeholder_rows_deletion(incremental_config, 's'), **incremental_config) }}
        select distinct n, s from {{ ref('current_keys') }}
        where n > {{ var('since', 0) }}
        {%- for n in var('emptied', []) %}
        union all
        select {{ n }} as n, null as s
        {%- endfor %}
    """,
}


@pytest.fixture(scope="module")
def incremental_hook_runs(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of two runs of INCREMENTAL_HOOK_MODELS in a project of the macros alone
    (project_of_macros): the second with 2 gone and emptied, (5, 'x') become (5, 'y'), and the keys
    above 3 inserted again."""
    folder = tmp_path_factory.mktemp("incremental_hooks")
    database = database_in(folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        project = project_of_macros(project_dir, folder, INCREMENTAL_HOOK_MODELS, monkeypatch)
        first = run_dbt(["run"], project, database)
        assert first.success, first.messages
        second = run_dbt(["run"], project, database, {"gone": [2], "emptied": [2], "s5": "y", "since": 3, "run": 2})
        assert second.success, second.messages
    return database


def test_gone_keys_deletion_deletes_the_kept_rows_of_keys_gone_from_the_current_keys(
    incremental_hook_runs: Path,
) -> None:
    """gone_keys_deletion, as a pre-hook or a post-hook of an incremental model: an incremental run
    deletes the kept rows whose key (every column of the unique key) is gone from the current keys and
    keeps the others as they were, while the keys the run inserts are replaced by delete+insert. A key
    is current on all its columns: (5, 'x') is gone when (5, 'y') is current."""
    with duckdb.connect(str(incremental_hook_runs), read_only=True) as connection:
        for table in ("kept_by_key_pre", "kept_by_key_post"):
            rows = connection.sql(f"select n, s, run from {table} order by n").fetchall()
            assert rows == [(1, "x", 1), (3, "x", 1), (4, "x", 2), (5, "y", 2)], table


def test_placeholder_rows_deletion_leaves_the_emptied_key_without_rows(incremental_hook_runs: Path) -> None:
    """placeholder_rows_deletion, the post-hook of an incremental model: the placeholder row of a key
    computed again without rows replaces the key's kept rows (delete+insert by key), then the hook
    deletes it, so the key has no row left; the other keys are kept or replaced as usual ((5, 'y') for
    (5, 'x'))."""
    with duckdb.connect(str(incremental_hook_runs), read_only=True) as connection:
        rows = connection.sql("select n, s from kept_with_placeholders order by n").fetchall()
    assert rows == [(1, "x"), (3, "x"), (4, "x"), (5, "y")]


def test_project_macros_are_called_with_the_crosschannel_prefix(project_dir: Path) -> None:
    """Every call of a project macro in models, macros, dbt tests and analyses reads
    `crosschannel.name(...)`, as dbt's parser sees the files (comments and strings do not count).
    Calls through adapter.dispatch and dbt's own macros (dbt.type_string...) are not project names."""
    from dbt_common.clients.jinja import get_environment
    from jinja2 import nodes

    environment = get_environment()
    # dbt's parser names a macro `dbt_macro__<name>`.
    macros = {
        macro.name.removeprefix("dbt_macro__")
        for path in (project_dir / "macros").rglob("*.sql")
        for macro in environment.parse(path.read_text(encoding="utf-8")).find_all(nodes.Macro)
    }
    assert {"cents_to_eur", "salted_key", "checked_raw_rows"} <= macros
    unprefixed = sorted(
        f"{path.relative_to(project_dir).as_posix()}:{call.lineno}: {call.node.name}"
        for folder in ("models", "macros", "tests/dbt", "analyses")
        for path in (project_dir / folder).rglob("*")
        if path.suffix in (".sql", ".yml", ".md")
        for call in environment.parse(path.read_text(encoding="utf-8")).find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name in macros
    )
    assert unprefixed == []


def test_each_macro_file_holds_one_public_macro_named_after_it(project_dir: Path) -> None:
    """A file of macros/ is <name>.sql and defines the macro `name` and nothing else but its dispatched
    bodies (default__name, duckdb__name, spark__name): a macro is found by its name, and a dialect's
    body sits beside the macro it implements. No file is excepted: the helpers that once shared a file
    (connected_components_work_relation, shrunk_rate, delivery_key_text...) are documented and called
    as macros of their own."""
    from dbt_common.clients.jinja import get_environment
    from jinja2 import nodes

    environment = get_environment()
    dispatched = re.compile(r"^(default|duckdb|spark)__")
    files = sorted((project_dir / "macros").rglob("*.sql"))
    # dbt's parser names a macro `dbt_macro__<name>`.
    defined = {
        path: [
            macro.name.removeprefix("dbt_macro__")
            for macro in environment.parse(path.read_text(encoding="utf-8")).find_all(nodes.Macro)
        ]
        for path in files
    }
    assert {"salted_key", "default__salted_key", "spark__salted_key"} <= set(
        defined[project_dir / "macros" / "identity" / "salted_key.sql"]
    )
    # macros/dbt/<name>.sql holds this project's bodies of dbt's own macro `name` alone (dbt_project.yml's
    # dispatch finds them first): the macro itself is dbt's.
    overrides_dbt = {path for path in files if path.parent == project_dir / "macros" / "dbt"}
    assert overrides_dbt
    misplaced = sorted(
        f"{path.relative_to(project_dir).as_posix()}: {', '.join(names)}"
        for path, names in defined.items()
        if (path.stem in names) == (path in overrides_dbt)
        or any(dispatched.sub("", name, count=1) != path.stem for name in names)
    )
    assert misplaced == []


def test_is_open_intent_keeps_research_in_the_window_after_the_last_conversion(
    project_dir: Path, scratch_database: Path
) -> None:
    anchor = "timestamp '2025-06-30 12:00:00'"
    cases = {
        # (event_at, last conversion): in the 30 days and after the conversion or without one.
        "in_window_no_conversion": ("timestamp '2025-06-20 10:00:00'", "null"),
        "after_conversion": ("timestamp '2025-06-20 10:00:00'", "timestamp '2025-06-10 10:00:00'"),
        "before_conversion": ("timestamp '2025-06-20 10:00:00'", "timestamp '2025-06-25 10:00:00'"),
        "at_the_conversion": ("timestamp '2025-06-25 10:00:00'", "timestamp '2025-06-25 10:00:00'"),
        "window_edge_out": ("timestamp '2025-05-31 12:00:00'", "null"),
        "window_edge_in": ("timestamp '2025-05-31 12:00:01'", "null"),
    }
    columns = ",\n".join(
        f"{{{{ crosschannel.is_open_intent(\"{event}\", \"{anchor}\", '30', \"{converted}\") }}}} as {name}"
        for name, (event, converted) in cases.items()
    )
    run = run_dbt(["show", "--inline", f"select {columns}"], project_dir, scratch_database)
    assert run.success, run.messages
    got = dict(zip(cases, run.results[0].agate_table.rows[0], strict=True))
    assert got == {
        "in_window_no_conversion": True,
        "after_conversion": True,
        "before_conversion": False,
        "at_the_conversion": False,
        "window_edge_out": False,
        "window_edge_in": True,
    }


def test_lookalike_cohort_names_the_category_and_decile(project_dir: Path, scratch_database: Path) -> None:
    sql = "select {{ crosschannel.lookalike_cohort(\"'beach'\", '1') }} as first, " + (
        "{{ crosschannel.lookalike_cohort(\"'city_break'\", '10') }} as last"
    )
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    assert tuple(run.results[0].agate_table.rows[0]) == ("beach_decile_1", "city_break_decile_10")


def test_audience_intent_group_is_the_category_for_retargeting_and_the_product_otherwise(
    project_dir: Path, scratch_database: Path
) -> None:
    sql = (
        "select {{ crosschannel.audience_intent_group(\"'retargeting'\", \"'beach'\", \"'PR1'\") }} as retargeting, "
        "{{ crosschannel.audience_intent_group(\"'test_drive_push'\", \"'beach'\", \"'PR1'\") }} as test_drive_push"
    )
    run = run_dbt(["show", "--inline", sql], project_dir, scratch_database)
    assert run.success, run.messages
    assert tuple(run.results[0].agate_table.rows[0]) == ("beach", "PR1")
