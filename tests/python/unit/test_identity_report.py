"""identity_report on a hand-made build: pairwise precision and recall, the missed pairs that share
nothing but names, and the links of each rule that join two people."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from crosschannel.identity_report import RuleLinks, identity_report

# record id, person, customer, e-mail, phone key, loyalty, birth date, postal code
RECORDS = [
    # Person P1: two cards with one e-mail, linked; a third with that e-mail a letter off, split off by the
    # build; a CRM contact holding only a name; two cards one postal-code digit apart, split.
    ("SC1", "P1", "C1", "anne.roux@mail.fr", None, None, None, None),
    ("SC2", "P1", "C1", "anne.roux@mail.fr", None, None, None, None),
    ("SC3", "P1", "C7", "anne.rous@mail.fr", None, None, None, None),
    ("CC4", "P1", "C2", None, None, None, None, None),
    ("SC5", "P1", "C3", None, None, None, None, "75011"),
    ("SC6", "P1", "C4", None, None, None, None, "75012"),
    # Person P2: day and month swapped between two cards the build split; merged with P3 by mistake.
    ("SC7", "P2", "C5", None, None, None, "1985-03-07", None),
    ("SC8", "P2", "C6", None, None, None, "1985-07-03", None),
    ("SC9", "P3", "C6", None, "phone-9", None, None, None),
]


def _hand_made_build(tmp_path: Path) -> tuple[Path, Path]:
    database = tmp_path / "build.duckdb"
    system = {"SC": ("store", "store_customer"), "CC": ("crm", "crm_contact")}
    with duckdb.connect(str(database)) as con:
        con.execute(
            """
            create schema marts;
            create schema intermediate;
            create table marts.dim_customer_source_records (
                source_system varchar, source_record_id varchar, customer_id varchar, is_staged_record boolean
            );
            create table intermediate.int_identity__keyed_records (
                node_id varchar, normalized_email varchar, is_placeholder_email boolean, phone_key varchar,
                is_placeholder_phone boolean, normalized_loyalty_id varchar, birth_date date, postal_code varchar
            );
            """
        )
        for record_id, _, customer, email, phone, loyalty, birth_date, postal_code in RECORDS:
            source_system = system[record_id[:2]][0]
            con.execute(
                "insert into marts.dim_customer_source_records values (?, ?, ?, true)",
                [source_system, record_id, customer],
            )
            con.execute(
                "insert into intermediate.int_identity__keyed_records values (?, ?, false, ?, false, ?, ?, ?)",
                [f"{source_system}:{record_id}", email, phone, loyalty, birth_date, postal_code],
            )
    truth = tmp_path / "truth"
    truth.mkdir()
    with (truth / "identity.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["record_type", "record_id", "person_id"])
        writer.writerows([system[record_id[:2]][1], record_id, person] for record_id, person, *_ in RECORDS)
    return database, truth


def test_identity_report_counts_the_missed_pairs_that_share_nothing_but_names(tmp_path: Path) -> None:
    report = identity_report(*_hand_made_build(tmp_path))
    # P1: 6 records, 15 true pairs; P2: 1 pair.
    assert (report.records, report.persons, report.customers, report.true_pairs) == (9, 3, 7, 16)
    # Found: the two e-mail cards; predicted also SC8-SC9, two people.
    assert (report.correct_pairs, report.predicted_pairs) == (1, 2)
    # Missed: 15. Customers C1 (2 records), C7, C2, C3, C4 of P1 share: C1-C7 an e-mail one letter apart,
    # C3-C4 a postal code one digit apart; P2's C5-C6 a birth date with day and month swapped. The others
    # share nothing but names: C1 with C2, C3, C4 (2 pairs each), C7 with C2, C3, C4, and C2 with C3, C4.
    assert report.name_only_missed_pairs == 2 * 3 + 3 + 2 == 11
    assert report.recall_ceiling == 1 - 11 / 16
    assert report.recall_within_reach == 1 / 5
    # A build without fct_customer_links has no links to trace.
    assert report.links_by_rule == ()


def test_identity_report_traces_links_joining_two_people_to_their_rule(tmp_path: Path) -> None:
    database, truth = _hand_made_build(tmp_path)
    with duckdb.connect(str(database)) as con:
        con.execute(
            """
            create table marts.fct_customer_links (
                customer_id varchar, node_id_a varchar, node_id_b varchar, link_rule varchar, key_type varchar
            );
            insert into marts.fct_customer_links values
                ('C1', 'store:SC1', 'store:SC2', 'shared_match_key', 'email'),
                ('C6', 'store:SC8', 'store:SC9', 'shared_match_key', 'phone'),
                ('C6', 'store:SC7', 'store:SC8', 'one_typing_error', 'birth_date_day_month_swapped'),
                -- A cookie is no scored record: its links are not counted.
                ('C1', 'cookie:CK1', 'store:SC1', 'cookie_login', 'cookie_id');
            """
        )
    report = identity_report(database, truth)
    # SC8 (P2) and SC9 (P3) are two people; SC1 and SC2, SC7 and SC8 one each.
    assert report.links_by_rule == (
        RuleLinks("shared_match_key", "phone", links=1, false_links=1),
        RuleLinks("one_typing_error", "birth_date_day_month_swapped", links=1, false_links=0),
        RuleLinks("shared_match_key", "email", links=1, false_links=0),
    )
    assert report.links_by_rule[0].false_share == 1.0
