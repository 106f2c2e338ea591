"""CRM enrichment: a row for every staged back-office record, exported per back office with ids and
segments only. Web visitor profiles: a row for every cookie, anonymous ones with no customer attribute."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from crosschannel.export import BACK_OFFICES, export_crm_enrichment


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
