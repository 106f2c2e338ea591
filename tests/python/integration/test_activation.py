"""CRM enrichment: a row for every staged back-office record, exported per back office with ids and
segments only. Web visitor profiles: a row for every cookie, anonymous ones with no customer attribute.
Audiences: consent applied, exports of ids only, retargeting against the truth's intenders."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from crosschannel.audience_report import audience_report
from crosschannel.export import BACK_OFFICES, export_audiences, export_crm_enrichment

# Retargeting against the truth's intenders without conversion (crosschannel audience-report), at 2k
# and at 100k (test_world_100k.py). Measured: 2k precision 0.9851, recall 1.0000; 100k seed 7
# precision 0.9877, recall 0.9934. What lowers precision is research on a cookie nothing ties to its
# person, who bought since in a store: the build cannot know (conversion_not_tied).
RETARGETING_TARGET = 0.95


def test_every_staged_back_office_record_is_enriched_once(built_database: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as con:
        staged = dict(
            con.execute(
                """
                select 'web', count(*) from staging.stg_web__accounts
                union all select 'store', count(*) from staging.stg_store__customers
                union all select 'crm', count(*) from staging.stg_crm__contacts
                """
            ).fetchall()
        )
        enriched = dict(
            con.execute("select source_system, count(*) from marts.mart_crm_enrichment group by all").fetchall()
        )
        unmatched = con.execute(
            """
            select count(*) from marts.mart_crm_enrichment as enrichment
            where not exists (
                select 1 from staging.stg_crm__contacts as contacts
                where enrichment.source_system = 'crm' and contacts.contact_id = enrichment.source_record_id
            )
            and not exists (
                select 1 from staging.stg_web__accounts as accounts
                where enrichment.source_system = 'web' and accounts.account_id = enrichment.source_record_id
            )
            and not exists (
                select 1 from staging.stg_store__customers as cards
                where enrichment.source_system = 'store' and cards.store_customer_id = enrichment.source_record_id
            )
            """
        ).fetchone()
        # The customer's segments are the same on each of its records.
        inconsistent = con.execute(
            """
            select count(*) from (
                select customer_id from marts.mart_crm_enrichment
                group by customer_id
                having count(distinct (funnel_stage, main_interest_category, visits_90d, consent_state)) > 1
            )
            """
        ).fetchone()
    assert enriched == staged
    assert unmatched == (0,) and inconsistent == (0,)


def test_the_crm_export_holds_ids_and_segments_only(built_database: Path, tmp_path: Path) -> None:
    written = export_crm_enrichment(built_database, tmp_path)
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = dict(
            con.execute("select source_system, count(*) from marts.mart_crm_enrichment group by all").fetchall()
        )
        # Every name and phone the back offices hold, as typed and as digits only.
        contacts = {
            value.lower()
            for (value,) in con.execute(
                """
                select last_name from staging.stg_crm__contacts where length(last_name) > 3
                union select last_name from staging.stg_store__customers where length(last_name) > 3
                union select phone from staging.stg_crm__contacts
                union select phone from staging.stg_store__customers
                union select phone from staging.stg_web__accounts
                union select regexp_replace(phone, '[^0-9]', '', 'g') from staging.stg_web__accounts
                union select regexp_replace(phone, '[^0-9]', '', 'g') from staging.stg_store__customers
                """
            ).fetchall()
            if value
        }
    assert written == expected
    for back_office in BACK_OFFICES:
        text = (tmp_path / f"crm_enrichment_{back_office}.csv").read_text(encoding="utf-8")
        assert "@" not in text, back_office
        with (tmp_path / f"crm_enrichment_{back_office}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == expected[back_office]
        assert not {value.lower() for row in rows for value in row.values()} & contacts
        parquet_rows = duckdb.execute(
            "select count(*) from read_parquet(?)", [str(tmp_path / f"crm_enrichment_{back_office}.parquet")]
        ).fetchone()
        assert parquet_rows == (expected[back_office],)


def test_every_cookie_has_a_profile_and_anonymous_ones_no_customer_attribute(built_database: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as con:
        cookies = con.execute("select count(distinct cookie_id) from intermediate.int_web__sessions").fetchone()
        profiles, anonymous, with_customer_attributes, known = con.execute(
            """
            select
                count(*),
                count(*) filter (where customer_id is null),
                count(*) filter (
                    where customer_id is null and (
                        is_customer or value_tier != 'anonymous' or customer_revenue_eur is not null
                        or owned_categories != 'none' or personalisation_consent != 'unknown'
                    )
                ),
                count(*) filter (where customer_id is not null)
            from marts.mart_web_visitor_profiles
            """
        ).fetchone() or (0, 0, 0, 0)
        tied = con.execute("select count(*) from marts.dim_customer_cookies").fetchone()
    assert (profiles,) == cookies
    assert anonymous > 0 and with_customer_attributes == 0
    assert (known,) == tied


def _contact_values(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every last name and phone the back offices hold, as typed and as digits only, lowercased."""
    return {
        value.lower()
        for (value,) in con.execute(
            """
            select last_name from staging.stg_crm__contacts where length(last_name) > 3
            union select last_name from staging.stg_store__customers where length(last_name) > 3
            union select last_name from staging.stg_web__accounts where length(last_name) > 3
            union select phone from staging.stg_crm__contacts
            union select phone from staging.stg_store__customers
            union select phone from staging.stg_web__accounts
            union select regexp_replace(phone, '[^0-9]', '', 'g') from staging.stg_web__accounts
            union select regexp_replace(phone, '[^0-9]', '', 'g') from staging.stg_store__customers
            union select regexp_replace(phone, '[^0-9]', '', 'g') from staging.stg_crm__contacts
            """
        ).fetchall()
        if value
    }


def test_audience_exports_hold_targetable_members_and_ids_only(built_database: Path, tmp_path: Path) -> None:
    written = export_audiences(built_database, tmp_path)
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = dict(
            con.execute(
                "select audience_name, count(*) filter (where is_targetable) from marts.mart_audiences group by all"
            ).fetchall()
        )
        # Consent applied: every member of an unsubscribed or not opted-in customer is left out.
        untargetable = con.execute(
            """
            select count(*) from marts.mart_audiences as audiences
            inner join intermediate.int_customers__consent as consent using (customer_id)
            where audiences.is_targetable and consent.consent_state != 'opted_in'
            """
        ).fetchone()
        contacts = _contact_values(con)
    assert untargetable == (0,)
    assert written == expected
    assert set(written) == {"retargeting", "test_drive_push", "lookalike_acquisition"}
    assert all(count > 0 for count in written.values()), written
    for name, count in written.items():
        text = (tmp_path / f"audience_{name}.csv").read_text(encoding="utf-8")
        assert "@" not in text, name
        with (tmp_path / f"audience_{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == count
        assert {row["member_type"] for row in rows} == {"customer", "cookie"} or name == "test_drive_push"
        values = {value.lower() for row in rows for value in row.values()}
        assert not values & contacts, name
        # No value looks like a phone number: ten digits, or +33 and nine.
        assert not [value for value in values if value.lstrip("+").isdigit() and len(value.lstrip("+")) >= 9], name
        parquet_rows = duckdb.execute(
            "select count(*) from read_parquet(?)", [str(tmp_path / f"audience_{name}.parquet")]
        ).fetchone()
        assert parquet_rows == (count,)


def test_retargeting_holds_the_truths_intenders_without_conversion(built_database: Path, project_dir: Path) -> None:
    report = audience_report(built_database, project_dir / "seeds" / "truth", "retargeting")
    assert report.window_days == 30 and report.true_intenders > 150
    assert report.precision >= RETARGETING_TARGET and report.recall >= RETARGETING_TARGET
    # Every miss has its reason, and the reasons add up to the misses.
    assert sum(count for _, count in report.false_members_by_reason) == report.members - report.correct_members
    assert sum(count for _, count in report.missed_intenders_by_reason) == (
        report.true_intenders - report.found_intenders
    )
