"""Incremental daily runs: after a sequence of deliveries (each week's events, orders and leads, late events
and orders of the weeks before, a new campaign's audience and touches, earlier events re-sent, some of them
changed, a store card that bridges two customers and then its correction, which splits them) a plain
`dbt build` leaves every table as a `--full-refresh` build on the same data does, and restages only what the
delivery touched; an erasure listed since the last load stops an incremental run."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from crosschannel.runner import WITHOUT_UNIT_TESTS, raw_files_vars, run_dbt
from partial_parse import database_in
from project_copy import project_copy
from staging_compare import differing_rows

pytestmark = pytest.mark.slow

# The deliveries after the first: the rows of these tables from a day on, by a timestamp as delivered (a value
# that is not a timestamp falls on either side, as the string compares): the second delivery brings the rows
# from its day to the third's, the third the rest. A new campaign's audience and touches come with the third.
DELIVERED_FROM = {
    "raw_web_events": ("event_at", "2025-12-17", "2025-12-24"),
    "raw_orders": ("ordered_at", "2025-12-17", "2025-12-24"),
    "raw_leads": ("created_at", "2025-12-17", "2025-12-24"),
    "raw_campaign_audience": ("assigned_at", "2025-10-24", "2025-10-24"),
    "raw_campaign_touches": ("touched_at", "2025-10-25", "2025-10-25"),
}
# Late data: every this-many-th event and order of the first delivery's last weeks (from LATE_FROM on) is held
# back, the events delivered with the second and third deliveries (alternately), the orders with the third
# (they change last month's cohorts and facts).
LATE_FROM = "2025-11-01"
LATE_EVENT_EVERY = 12
LATE_ORDER_EVERY = 5
# Every this-many-th event of the first delivery is re-sent with the third, and every tenth of those changed:
# moved to the end of its day, a new version that may win over the first and change its cookie's sessions.
RESENT_EVERY = 400
# A customer the first delivery knows as two store cards sharing no key (an e-mail on one, a mobile on the
# other) and a name too common to link them alone; the second brings a third card carrying both, which bridges
# the two into one customer; the third re-sends that card corrected (its mobile removed), which splits them,
# with a new card one typing error away from a bundled one.
BRIDGE_CARD_HEADER = (
    "store_customer_id", "store_id", "email", "phone", "first_name", "last_name", "birth_date", "postal_code",
    "address_line", "city", "loyalty_id", "email_opt_in", "created_at", "updated_at",
)  # fmt: skip
BRIDGE_EMAIL = "marie.martin.bridge@example.org"
BRIDGE_MOBILE = "06 98 76 54 31"
EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD = "SC900000001", "SC900000002", "SC900000003"
TYPED_CARD, TYPED_AGAIN_CARD = "SC900000004", "SC648813362"
# A store order of each of the two cards in one month of the first delivery: merged, the customer's month
# counts both; split again, the e-mail's customer keeps one (its funnel month must be computed again).
BRIDGE_ORDERS_MONTH = "2025-11-01"
BRIDGE_ORDERS = tuple(
    {
        "order_id": order_id,
        "ordered_at": ordered_at,
        "channel": "store",
        "source_system": "store",
        "source_customer_id": card,
        "store_id": "ST0001",
        "site_id": "",
        "lead_id": "",
        "product_id": "PR0166",
        "quantity": "1",
        "revenue": "1000.00",
        "margin": "100.00",
        "currency": "EUR",
        "status": "confirmed",
    }
    for order_id, ordered_at, card in (
        ("OR900000001", "2025-11-10 15:00:00", EMAIL_CARD),
        ("OR900000002", "2025-11-20 15:00:00", MOBILE_CARD),
    )
)

# Both cards in the audience of a campaign of the first delivery: merged, the customer is one unit of two keys;
# split again, the e-mail's customer keeps one key, though no key of its own is computed again.
BRIDGE_AUDIENCE_CAMPAIGN = "CMP011"
BRIDGE_AUDIENCE = tuple(
    {
        "campaign_id": BRIDGE_AUDIENCE_CAMPAIGN,
        "audience_key_type": "store_customer_id",
        "audience_key": card,
        "assignment_group": "treatment",
        "assigned_at": "2025-09-09 10:05:48",
    }
    for card in (EMAIL_CARD, MOBILE_CARD)
)


def _card(card_id: str, email: str, phone: str, updated_at: str) -> dict[str, str]:
    return {
        **dict.fromkeys(BRIDGE_CARD_HEADER, ""),
        "store_customer_id": card_id,
        "store_id": "ST0001",
        "email": email,
        "phone": phone,
        "first_name": "Marie",
        "last_name": "Martin",
        "email_opt_in": "false",
        "created_at": "2025-06-02 10:00:00",
        "updated_at": updated_at,
    }


DELIVERED_CARDS = (
    [
        _card(EMAIL_CARD, BRIDGE_EMAIL, "", "2025-06-02 10:00:00"),
        _card(MOBILE_CARD, "", BRIDGE_MOBILE, "2025-06-02 10:00:00"),
    ],
    [_card(BRIDGING_CARD, BRIDGE_EMAIL, BRIDGE_MOBILE, "2025-12-18 11:00:00")],
    [
        _card(BRIDGING_CARD, BRIDGE_EMAIL, "", "2025-12-26 09:30:00"),
        # A new card one typing error away from a bundled one (Féraud, same first name, birth date and town):
        # a typo pair the third run computes.
        {
            **_card(TYPED_CARD, "", "", "2025-12-27 10:00:00"),
            "store_id": "ST0027",
            "first_name": "Mélanie",
            "last_name": "Féraut",
            "birth_date": "1986-02-04",
            "postal_code": "92100",
        },
    ],
)
# A web lead of the third delivery, sent with the e-mail and name of a bundled store card from a cookie no other
# record knows, that no later delivery touches and whose sessions are all on white-label sites (their store
# does not follow the customer): the cookie, anonymous until then, becomes the card's customer's while no event
# of it is delivered again and nothing else about its sessions changes. Only the id registry (a new node) tells
# the run to write them again.
LOGIN_LEAD = {
    "lead_id": "LD900000001",
    "created_at": "2025-12-26 10:00:00",
    "channel": "web",
    "source_system": "web",
    "source_customer_id": "",
    "store_id": "",
    "product_id": "PR0166",
    "lead_type": "quote",
    "quoted_amount": "1000.00",
    "status": "lost",
}
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "pii")
# Written by the run itself: when a new customer id was first assigned, when the registry or the merge log
# last saw a node or a merge, when a record's keys and their verdicts were computed. (A kept score model's
# trained_at is compared: neither build trains again.)
RUN_TIME_COLUMNS = (
    "customer_created_at",
    "customer_id_assigned_at",
    "assigned_at",
    "merged_at",
    "keyed_at",
    "computed_at",
    "keys_computed_at",
    "blocks_computed_at",
)


@dataclass(frozen=True)
class IncrementalBuilds:
    """Three deliveries built incrementally (`incremental`), and the third also with --full-refresh from a
    copy of the build of the second (`full_refresh`): both start from the same customer id registry."""

    incremental: Path
    full_refresh: Path
    # Web event rows per delivery, and of them the late and the re-sent ones.
    delivered_event_rows: tuple[int, int, int]
    late_event_rows: int
    resent_event_rows: int
    # After each delivery's build, the customer id of each bridge card staged by then.
    bridge_customers: tuple[dict[str, str], ...]
    # The store card the login lead names, and after each delivery's build, the customers of the lead's cookie's
    # sessions and whether that build wrote them.
    login_card: str
    login_cookie_sessions: tuple[tuple[tuple[str, ...], bool], ...]


def _delivered_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        return header, list(reader)


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _resent_events(header: list[str], earlier: list[list[str]]) -> list[list[str]]:
    """Earlier events delivered again, every tenth of them changed."""
    event_at = header.index("event_at")
    resent = []
    for number, row in enumerate(earlier[::RESENT_EVERY]):
        copy = list(row)
        if number % 10 == 0:
            copy[event_at] = copy[event_at][:10] + " 23:59:59"
        resent.append(copy)
    return resent


@dataclass(frozen=True)
class TableDeliveries:
    """A raw table's rows in each delivery."""

    header: list[str]
    parts: tuple[list[list[str]], ...]
    late_rows: int = 0
    resent_rows: int = 0


def _deliveries(table: str, header: list[str], rows: list[list[str]]) -> TableDeliveries:
    """A table's rows in the three deliveries, late rows and re-sent events included."""
    column_name, second_from, third_from = DELIVERED_FROM[table]
    column = header.index(column_name)
    first = [row for row in rows if row[column] < second_from]
    second = [row for row in rows if second_from <= row[column] < third_from]
    third = [row for row in rows if row[column] >= third_from]
    late: list[list[str]] = []
    late_every = {"raw_web_events": LATE_EVENT_EVERY, "raw_orders": LATE_ORDER_EVERY}.get(table)
    if late_every:
        recent = [number for number, row in enumerate(first) if row[column] >= LATE_FROM]
        late_numbers = set(recent[::late_every])
        late = [first[number] for number in sorted(late_numbers)]
        first = [row for number, row in enumerate(first) if number not in late_numbers]
        if table == "raw_web_events":
            second, third = [*second, *late[::2]], [*third, *late[1::2]]
        else:
            third = [*third, *late]
    resent = _resent_events(header, first) if table == "raw_web_events" else []
    return TableDeliveries(header, (first, second, [*third, *resent]), len(late), len(resent))


def _quiet_cookie(events: TableDeliveries, leads: TableDeliveries, white_label_sites: set[str]) -> str:
    """An anonymous cookie of the first delivery that no later one touches (no login, no lead, no late event, no
    event re-sent), every event of it on a white-label site: the first such cookie, by id."""
    cookie, account, site = (events.header.index(column) for column in ("cookie_id", "account_id", "site_id"))
    first, *later = events.parts
    touched = {row[cookie] for row in first if row[account] or row[site] not in white_label_sites}
    touched |= {row[cookie] for part in later for row in part}
    touched |= {row[leads.header.index("cookie_id")] for part in leads.parts for row in part}
    return min({row[cookie] for row in first} - touched - {""})


def _cookie_sessions(database: Path, cookie_id: str) -> tuple[tuple[str, ...], bool]:
    with duckdb.connect(str(database), read_only=True) as connection:
        customers, written = connection.execute(
            "select coalesce(list(distinct customer_id order by customer_id)"
            " filter (where customer_id is not null), []),"
            " bool_and(computed_at = (select max(computed_at) from intermediate.int_web__sessions))"
            " from intermediate.int_web__sessions where cookie_id = ?",
            [cookie_id],
        ).fetchone() or (None, None)
    return tuple(customers), written


def _build(project_dir: Path, database: Path, raw_folder: Path, *args: str) -> None:
    dbt_vars = raw_files_vars(raw_folder)
    run = run_dbt(["build", *WITHOUT_UNIT_TESTS, *args], project_dir, database, dbt_vars)
    assert run.success, f"dbt build {' '.join(args)} failed: {run.error or 'see the dbt log'}"


def _bridge_customers(database: Path) -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select source_record_id, customer_id from marts.dim_customer_source_records"
            " where source_system = 'store' and list_contains(?, source_record_id)",
            [[EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD]],
        ).fetchall()
    return dict(found)


@pytest.fixture(scope="module")
def builds(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IncrementalBuilds]:
    """The bundled seeds delivered in three parts, each appended to the raw files and built incrementally
    (and tested); the third also built with --full-refresh (models only) from a copy of the build of the
    second."""
    work = tmp_path_factory.mktemp("incremental")
    raw_folder = work / "raw"
    raw_folder.mkdir()
    deliveries: dict[str, TableDeliveries] = {}
    for seed in sorted((project_dir / "seeds").glob("raw_*.csv")):
        header, rows = _delivered_rows(seed)
        if seed.stem in DELIVERED_FROM:
            deliveries[seed.name] = _deliveries(seed.stem, header, rows)
            bridge_rows = {"raw_orders": BRIDGE_ORDERS, "raw_campaign_audience": BRIDGE_AUDIENCE}.get(seed.stem, ())
            if bridge_rows:
                first, *later = deliveries[seed.name].parts
                added = [[row[column] for column in header] for row in bridge_rows]
                deliveries[seed.name] = replace(deliveries[seed.name], parts=([*first, *added], *later))
        elif seed.stem == "raw_store_customers":
            assert tuple(header) == BRIDGE_CARD_HEADER
            bridge = tuple([list(card.values()) for card in part] for part in DELIVERED_CARDS)
            deliveries[seed.name] = TableDeliveries(header, ([*rows, *bridge[0]], *bridge[1:]))
        else:
            shutil.copyfile(seed, raw_folder / seed.name)
    leads = deliveries["raw_leads.csv"]
    with (project_dir / "seeds" / "raw_sites.csv").open(newline="", encoding="utf-8") as stream:
        white_label_sites = {site["site_id"] for site in csv.DictReader(stream) if site["store_id"]}
    login_cookie = _quiet_cookie(deliveries["raw_web_events.csv"], leads, white_label_sites)
    with (project_dir / "seeds" / "raw_store_customers.csv").open(newline="", encoding="utf-8") as stream:
        cards_with_email = [card for card in csv.DictReader(stream) if card["store_customer_id"] and card["email"]]
    login_card = min(cards_with_email, key=lambda card: card["store_customer_id"])
    login_lead = {
        **LOGIN_LEAD,
        "cookie_id": login_cookie,
        **{column: login_card[column] for column in ("email", "phone", "first_name", "last_name")},
    }
    first_leads, second_leads, third_leads = leads.parts
    third_leads = [*third_leads, [login_lead[column] for column in leads.header]]
    deliveries["raw_leads.csv"] = replace(leads, parts=(first_leads, second_leads, third_leads))

    # Files of one name in folders of their own: dbt parses a database's name (partial_parse.py).
    incremental, full_refresh = (database_in(work / build) for build in ("incremental", "full_refresh"))
    incremental.parent.mkdir()
    full_refresh.parent.mkdir()
    delivered: dict[str, list[list[str]]] = {name: [] for name in deliveries}
    bridge_customers = []
    login_cookie_sessions = []
    for number in range(3):
        for name, table in deliveries.items():
            delivered[name] = [*delivered[name], *table.parts[number]]
            _write_rows(raw_folder / name, table.header, delivered[name])
        if number == 2:
            shutil.copyfile(incremental, full_refresh)
        _build(project_dir, incremental, raw_folder)
        bridge_customers.append(_bridge_customers(incremental))
        login_cookie_sessions.append(_cookie_sessions(incremental, login_cookie))
    # Its data tests are left out: every table is compared with the tested incremental build's, and equal
    # tables give equal test verdicts.
    _build(project_dir, full_refresh, raw_folder, "--full-refresh", "--exclude-resource-type", "test")
    events = deliveries["raw_web_events.csv"]
    first_events, second_events, third_events = events.parts
    yield IncrementalBuilds(
        incremental=incremental,
        full_refresh=full_refresh,
        delivered_event_rows=(len(first_events), len(second_events), len(third_events)),
        late_event_rows=events.late_rows,
        resent_event_rows=events.resent_rows,
        bridge_customers=tuple(bridge_customers),
        login_card=login_card["store_customer_id"],
        login_cookie_sessions=tuple(login_cookie_sessions),
    )


def test_the_deliveries_bring_new_late_and_resent_events(builds: IncrementalBuilds) -> None:
    first, second, third = builds.delivered_event_rows
    assert second > 300
    assert third > 400
    assert first > 10 * (second + third)
    assert builds.late_event_rows > 150
    assert builds.resent_event_rows > 50


def test_a_bridging_card_merges_two_customers_and_its_correction_splits_them(builds: IncrementalBuilds) -> None:
    after_first, after_second, after_third = builds.bridge_customers
    assert set(after_first) == {EMAIL_CARD, MOBILE_CARD}
    assert after_first[EMAIL_CARD] != after_first[MOBILE_CARD]
    # The bridge: one customer, which keeps the older of the two ids (the smaller, both being as old).
    merged = min(after_first.values())
    assert after_second == dict.fromkeys((EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD), merged)
    # The correction: the e-mail's cards keep the id, the mobile's card leaves it for a new one.
    assert after_third[EMAIL_CARD] == after_third[BRIDGING_CARD] == merged
    assert after_third[MOBILE_CARD] not in set(after_first.values())
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        logged = connection.execute(
            "select from_customer_id, to_customer_id, change_type, records_moved from marts.fct_customer_merges"
            " where list_contains(?, from_customer_id) order by merged_at",
            [list(after_first.values())],
        ).fetchall()
    absorbed = max(after_first.values())
    assert logged == [(absorbed, merged, "merge", 1), (merged, after_third[MOBILE_CARD], "split", 1)]


def test_a_run_writes_again_the_sessions_of_a_cookie_a_new_lead_ties_to_a_customer(builds: IncrementalBuilds) -> None:
    """The login lead's cookie, anonymous in the first two builds, is its card's customer's after the third: the
    third run wrote its sessions again, though it staged no event of the cookie (none is delivered after the
    first) and nothing else about them changed; the second run, which changed nothing of them, did not."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        card_customer = connection.execute(
            "select customer_id from marts.dim_customer_source_records"
            " where source_system = 'store' and source_record_id = ?",
            [builds.login_card],
        ).fetchone()
    assert card_customer is not None
    assert builds.login_cookie_sessions == (((), True), ((), False), ((card_customer[0],), True))


def test_an_incremental_run_equals_a_full_refresh(builds: IncrementalBuilds) -> None:
    with duckdb.connect(str(builds.full_refresh), read_only=True) as connection:
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() where list_contains(?, schema_name)"
            " order by schema_name, table_name",
            [list(COMPARED_SCHEMAS)],
        ).fetchall()
    assert len(tables) > 60
    differing = {}
    for schema in COMPARED_SCHEMAS:
        models = tuple(table for table_schema, table in tables if table_schema == schema)
        differing.update(
            {
                f"{schema}.{model}": rows
                for model, rows in differing_rows(
                    builds.incremental, builds.full_refresh, models, schema, RUN_TIME_COLUMNS
                ).items()
            }
        )
    assert {table: rows for table, rows in differing.items() if rows} == {}


def test_the_incremental_run_restaged_only_what_the_delivery_touched(builds: IncrementalBuilds) -> None:
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        restaged_shares = connection.execute(
            """
            select table_name, avg(case when staged_at = last_run then 1.0 else 0.0 end)
            from (
                select 'touches' as table_name, staged_at, max(staged_at) over () as last_run
                from staging.base_marketing__campaign_touches
                union all
                select 'audience', staged_at, max(staged_at) over () from staging.base_marketing__campaign_audience
                union all
                select 'orders', staged_at, max(staged_at) over () from staging.base_sales__orders
                union all
                select 'leads', staged_at, max(staged_at) over () from staging.base_sales__leads
            )
            group by table_name
            """
        ).fetchall()
        runs = connection.execute(
            "select staged_at, count(*) from staging.base_web__events group by staged_at order by staged_at"
        ).fetchall()
        # The back offices' rows staged by the second and third runs, by table.
        back_office_restaged = connection.execute(
            """
            select table_name, list((record_key, staged_at) order by record_key) filter (where staged_at > first_run)
            from (
                select 'store' as table_name, record_key, staged_at, min(staged_at) over () as first_run
                from staging.base_store__customers
                union all
                select 'web', record_key, staged_at, min(staged_at) over () from staging.base_web__accounts
                union all
                select 'crm', record_key, staged_at, min(staged_at) over () from staging.base_crm__contacts
            )
            group by table_name
            """
        ).fetchall()
        touched_cookies = connection.execute(
            "select count(distinct cookie_id) filter (where staged_at = (select max(staged_at) from"
            " intermediate.int_web__cookie_sessions)), count(distinct cookie_id)"
            " from intermediate.int_web__cookie_sessions"
        ).fetchone()
    assert len(runs) == 3
    staged_rows = [rows for _, rows in runs]
    # Each run restaged its delivery, and the third every delivery of the re-sent events (the first and the
    # copy): a small share.
    # (A later run restages an earlier row again when its event id comes again: a re-sent or duplicated event.)
    first, second, third = builds.delivered_event_rows
    assert staged_rows[0] <= first
    assert second <= staged_rows[1] < sum(staged_rows) / 10
    assert third + builds.resent_event_rows <= staged_rows[2] < sum(staged_rows) / 10
    assert touched_cookies is not None
    restaged_cookies, cookies = touched_cookies
    assert 0 < restaged_cookies < cookies / 5
    assert {table: 0 < float(share) < 0.25 for table, share in restaged_shares} == dict.fromkeys(
        ("touches", "audience", "orders", "leads"), True
    ), restaged_shares
    # Store cards: the third run staged again both versions of the bridging card (its correction came; the
    # second run had staged the first) and the new typed card, nothing else. The web accounts and CRM
    # contacts, delivered whole with the first, stay as the first run staged them.
    third_run = runs[2][0]
    assert dict(back_office_restaged) == {
        "store": [(BRIDGING_CARD, third_run), (BRIDGING_CARD, third_run), (TYPED_CARD, third_run)],
        "web": None,
        "crm": None,
    }


def test_the_last_run_computed_the_keys_of_new_and_changed_records_alone(builds: IncrementalBuilds) -> None:
    """Of the back-office records, only the corrected bridging card and a new card were keyed again; of the
    leads, some of those the delivery restaged (new ones; a lead re-sent unchanged keeps its keys). The
    verdicts, pairs, typo blocks and typo pairs computed again are those of the keys and blocks these
    records carry or carried."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed = connection.execute(
            "select source_system, list(source_record_id order by source_record_id), count(*)"
            " from intermediate.int_identity__keyed_records"
            " where keyed_at = (select max(keyed_at) from intermediate.int_identity__keyed_records)"
            " group by source_system order by source_system"
        ).fetchall()
        restaged_leads = {
            lead_id
            for (lead_id,) in connection.execute(
                "select lead_id from staging.base_sales__leads"
                " where staged_at = (select max(staged_at) from staging.base_sales__leads)"
            ).fetchall()
        }
        records = connection.execute("select count(*) from intermediate.int_identity__keyed_records").fetchone()
        key_rows = connection.execute(
            "select count(*) filter (where computed_at = (select max(computed_at)"
            " from intermediate.int_identity__record_keys)), count(*) from intermediate.int_identity__record_keys"
        ).fetchone()
        bridge_keys = connection.execute(
            "select node_id, key_type, computed_at = max(computed_at) over ()"
            " from intermediate.int_identity__record_keys qualify list_contains(?, node_id) order by all",
            [[f"store:{card}" for card in (EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD)]],
        ).fetchall()
        pair_rows = connection.execute(
            "select count(*) filter (where keys_computed_at = (select max(computed_at)"
            " from intermediate.int_identity__record_keys)), count(*) from intermediate.int_identity__candidate_pairs"
        ).fetchone()
        bridge_pairs = connection.execute(
            "select key_type, node_id_a, node_id_b from intermediate.int_identity__candidate_pairs"
            " where list_contains(?, node_id_a) or list_contains(?, node_id_b) order by all",
            [[f"store:{card}" for card in (EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD)]] * 2,
        ).fetchall()
        typo_pairs = connection.execute(
            "select node_id_a, node_id_b, typo_rule, rejection_reason,"
            " blocks_computed_at = (select max(computed_at) from intermediate.int_identity__record_blocks)"
            " from intermediate.int_identity__typo_pairs where node_id_b = ?",
            [f"store:{TYPED_CARD}"],
        ).fetchall()
        block_rows = connection.execute(
            "select count(*) filter (where computed_at = (select max(computed_at)"
            " from intermediate.int_identity__record_blocks)), count(*) from intermediate.int_identity__record_blocks"
        ).fetchone()
        bridge_blocks = connection.execute(
            "select node_id, block_type, computed_at = max(computed_at) over ()"
            " from intermediate.int_identity__record_blocks qualify list_contains(?, node_id) order by all",
            [[f"store:{card}" for card in (EMAIL_CARD, MOBILE_CARD, BRIDGING_CARD)]],
        ).fetchall()
    by_system = {system: (ids, count) for system, ids, count in computed}
    assert set(by_system) == {"lead", "store"}, by_system
    assert by_system["store"] == ([BRIDGING_CARD, TYPED_CARD], 2)
    computed_leads, lead_count = by_system["lead"]
    assert 0 < lead_count and set(computed_leads) <= restaged_leads
    assert records is not None and records[0] > 100 * (lead_count + 1)
    # The keys' verdicts: those of the keys the corrected card carries or carried, for all their carriers
    # (the mobile's card counts one record less on its phone), and of the new leads' keys.
    assert key_rows is not None and 0 < key_rows[0] < key_rows[1] / 20
    assert bridge_keys == [
        (f"store:{EMAIL_CARD}", "email", True),
        (f"store:{EMAIL_CARD}", "email_domain_typo", True),
        (f"store:{MOBILE_CARD}", "phone", True),
        (f"store:{BRIDGING_CARD}", "email", True),
        (f"store:{BRIDGING_CARD}", "email_domain_typo", True),
    ]
    # The pairs: those of these keys alone; the corrected card's phone pair is gone.
    assert pair_rows is not None and 0 < pair_rows[0] < pair_rows[1] / 20
    assert bridge_pairs == [
        ("email", f"store:{EMAIL_CARD}", f"store:{BRIDGING_CARD}"),
        ("email_domain_typo", f"store:{EMAIL_CARD}", f"store:{BRIDGING_CARD}"),
    ]
    # The typo blocks: the e-mail cards' name + domain block (the mobile's card has none), and the new leads'.
    assert block_rows is not None and 0 < block_rows[0] < block_rows[1] / 20
    assert typo_pairs == [(f"store:{TYPED_AGAIN_CARD}", f"store:{TYPED_CARD}", "last_name_one_edit", None, True)]
    assert bridge_blocks == [
        (f"store:{EMAIL_CARD}", "name_email_domain", True),
        (f"store:{BRIDGING_CARD}", "name_email_domain", True),
    ]


def test_the_last_run_computed_the_activities_restaged_or_of_another_customer_now(builds: IncrementalBuilds) -> None:
    """Funnel activities: the last run wrote again only the rows the delivery restaged and those whose cookie
    or audience key stands for another customer now (a login, a merge, a split): every event of such a cookie,
    staged before or not. The funnel stages: only the subjects of those rows, and those that lost some."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed = connection.execute(
            "select activity_source, count(*) filter (where computed_at = last_run), count(*)"
            " from (select *, max(computed_at) over () as last_run from intermediate.int_funnel__activities)"
            " group by activity_source order by activity_source"
        ).fetchall()
        remapped_cookies = connection.execute(
            """
            select
                count(distinct activities.cookie_id),
                count(*) filter (where activities.computed_at < last_run.computed_at),
                count(*) filter (where events.staged_at < last_run.staged_at)
            from intermediate.int_funnel__activities as activities
            cross join (
                select
                    (select max(computed_at) from intermediate.int_funnel__activities) as computed_at,
                    (select max(staged_at) from staging.base_web__events) as staged_at
            ) as last_run
            inner join intermediate.int_identity__customer_ids as customer_ids
                on 'cookie:' || activities.cookie_id = customer_ids.node_id
            inner join staging.base_web__events as events on activities.activity_id = events.event_id
            where
                activities.activity_source = 'web_event'
                and customer_ids.customer_id is distinct from customer_ids.previous_customer_id
            """
        ).fetchone()
        stages = connection.execute(
            """
            select
                count(*) filter (where stages.computed_at = last_run.computed_at),
                count(*),
                count(*) filter (where stages.subject_type = 'cookie' and stages.subject_id in (
                    select customer_ids.node_id[8:] from intermediate.int_identity__customer_ids as customer_ids
                    where customer_ids.node_id like 'cookie:%' and customer_ids.customer_id is not null
                    and customer_ids.customer_id is distinct from customer_ids.previous_customer_id
                )),
                count(*) filter (where stages.computed_at < last_run.computed_at and exists (
                    select 1 from intermediate.int_funnel__activities as activities
                    where activities.subject_type = stages.subject_type and activities.subject_id = stages.subject_id
                    and activities.computed_at = last_run.activities_computed_at
                ))
            from intermediate.int_funnel__stages as stages
            cross join (
                select
                    (select max(computed_at) from intermediate.int_funnel__stages) as computed_at,
                    (select max(computed_at) from intermediate.int_funnel__activities) as activities_computed_at
            ) as last_run
            """
        ).fetchone()
        email_card_month = connection.execute(
            "select stages.activities_in_month, stages.computed_at = (select max(computed_at)"
            " from intermediate.int_funnel__stages), stages.stage"
            " from intermediate.int_funnel__stages as stages"
            " inner join marts.dim_customer_source_records as records on stages.subject_id = records.customer_id"
            " where stages.subject_type = 'customer' and records.source_system = 'store'"
            " and records.source_record_id = ? and stages.stage_month = ?",
            [EMAIL_CARD, BRIDGE_ORDERS_MONTH],
        ).fetchall()
        restaged_events = connection.execute(
            "select count(*) from intermediate.int_funnel__activities as activities"
            " inner join staging.base_web__events as events on activities.activity_id = events.event_id"
            " where activities.activity_source = 'web_event'"
            " and events.staged_at = (select max(staged_at) from staging.base_web__events)"
            " and activities.computed_at < (select max(computed_at) from intermediate.int_funnel__activities)"
        ).fetchone()
    by_source = {source: (recomputed, rows) for source, recomputed, rows in computed}
    assert set(by_source) == {"campaign_touch", "lead", "order", "web_event"}
    # Of each source, a small share: the last week's delivery, the late rows, the remapped cookies' events.
    assert all(0 < recomputed < 0.2 * rows for recomputed, rows in by_source.values()), by_source
    # Cookies that stand for another customer since the last run: every event of theirs was computed again.
    # (events staged by earlier deliveries among them: computed again for the new customer alone).
    assert remapped_cookies is not None and remapped_cookies[0] > 0 and remapped_cookies[1] == 0
    assert remapped_cookies[2] > 0
    assert restaged_events == (0,)
    # Stages: computed again for a small share of subjects; none kept with an activity written since; none
    # left for a cookie that became a customer's (its months moved to the customer).
    assert stages is not None
    computed_stages, stage_rows, remapped_cookie_stages, kept_with_new_activity = stages
    assert 0 < computed_stages < 0.2 * stage_rows
    assert remapped_cookie_stages == 0
    assert kept_with_new_activity == 0
    # The split customer's month lost the other card's order: computed again, though none of its own changed.
    assert email_card_month == [(1, True, "buyer")]


def test_the_last_run_computed_the_member_events_restaged_or_of_another_customer_now(
    builds: IncrementalBuilds,
) -> None:
    """Audience member events: the last run wrote again a small share of the rows, among them every event of a
    session without a login whose cookie stands for another customer now (a merge, a split), staged before or
    not, and every event it restaged."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed = connection.execute(
            "select count(*) filter (where computed_at = last_run), count(*) from (select computed_at,"
            " max(computed_at) over () as last_run from intermediate.int_activation__member_events)"
        ).fetchone()
        remapped = connection.execute(
            """
            select
                count(*),
                count(*) filter (where member_events.computed_at < last_run.computed_at),
                count(*) filter (where events.staged_at < last_run.staged_at)
            from intermediate.int_activation__member_events as member_events
            cross join (
                select
                    (select max(computed_at) from intermediate.int_activation__member_events) as computed_at,
                    (select max(staged_at) from staging.base_web__events) as staged_at
            ) as last_run
            inner join intermediate.int_web__sessionized_events as events on member_events.event_id = events.event_id
            inner join intermediate.int_web__sessions as sessions on member_events.session_id = sessions.session_id
            inner join intermediate.int_identity__customer_ids as customer_ids
                on 'cookie:' || sessions.cookie_id = customer_ids.node_id
            where
                sessions.account_id is null
                and customer_ids.customer_id is distinct from customer_ids.previous_customer_id
            """
        ).fetchone()
        restaged_kept = connection.execute(
            "select count(*) from intermediate.int_activation__member_events as member_events"
            " inner join intermediate.int_web__sessionized_events as events on member_events.event_id = events.event_id"
            " where events.staged_at = (select max(staged_at) from staging.base_web__events)"
            " and member_events.computed_at < (select max(computed_at) from intermediate.int_activation__member_events)"
        ).fetchone()
    assert computed is not None and 0 < computed[0] < 0.2 * computed[1], computed
    assert remapped is not None and remapped[0] > 0 and remapped[1] == 0, remapped
    assert remapped[2] > 0, remapped
    assert restaged_kept == (0,)


def test_the_last_run_wrote_the_orders_whose_enriched_row_changed_alone(builds: IncrementalBuilds) -> None:
    """Enriched orders: the last run wrote again a small share of them, among them every order of its delivery and
    the order of the card the split gave a new customer, but not the order of the card that kept its customer."""
    _, _, third_from = DELIVERED_FROM["raw_orders"]
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        written, total, delivered, delivered_written = connection.execute(
            "select count(*) filter (where computed_at = last_run), count(*),"
            " count(*) filter (where ordered_at >= ?), count(*) filter (where ordered_at >= ? and computed_at = last_run)"
            " from (select *, max(computed_at) over () as last_run from intermediate.int_sales__orders_enriched)",
            [third_from, third_from],
        ).fetchone() or (0, 0, 0, 0)
        bridge_orders = dict(
            connection.execute(
                "select order_id, computed_at = (select max(computed_at) from intermediate.int_sales__orders_enriched)"
                " from intermediate.int_sales__orders_enriched where list_contains(?, order_id)",
                [[order["order_id"] for order in BRIDGE_ORDERS]],
            ).fetchall()
        )
    assert 0 < written < 0.2 * total, (written, total)
    assert delivered_written == delivered > 0
    _, after_second, after_third = builds.bridge_customers
    assert after_third[MOBILE_CARD] != after_second[MOBILE_CARD]
    assert after_third[EMAIL_CARD] == after_second[EMAIL_CARD]
    assert bridge_orders == {"OR900000001": False, "OR900000002": True}


@pytest.mark.parametrize(
    ("table", "month_column"),
    [("int_scores__monthly_activity", "activity_month"), ("int_cohorts__customer_months", "order_month")],
)
def test_the_last_run_computed_again_the_months_of_the_customers_that_gained_or_lost_a_row(
    builds: IncrementalBuilds, table: str, month_column: str
) -> None:
    """Customer months: the last run computed again a small share of the customers, among them the mobile card's
    new customer and the customer the split left with the e-mail card, whose month lost the other card's order
    though no row of its own was written again."""
    _, _, after_third = builds.bridge_customers
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed, customers = connection.execute(
            "select count(distinct customer_id) filter (where computed_at = last_run), count(distinct customer_id)"
            f" from (select *, max(computed_at) over () as last_run from intermediate.{table})"
        ).fetchone() or (0, 0)
        bridge_months = {
            customer_id: (orders, written)
            for customer_id, orders, written in connection.execute(
                f"select customer_id, orders, computed_at = (select max(computed_at) from intermediate.{table})"
                f" from intermediate.{table} where {month_column} = ? and list_contains(?, customer_id)",
                [BRIDGE_ORDERS_MONTH, [after_third[EMAIL_CARD], after_third[MOBILE_CARD]]],
            ).fetchall()
        }
    assert 0 < computed < 0.2 * customers, (computed, customers)
    assert bridge_months == {after_third[EMAIL_CARD]: (1, True), after_third[MOBILE_CARD]: (1, True)}


def test_the_last_run_computed_every_score_feature_again_when_its_delivery_closed_a_month(
    builds: IncrementalBuilds,
) -> None:
    """Score features: the third delivery completes December, whose 30-day outcome window closes with it, so its
    run validates at December instead of October (the second's validated at October and November): with a cutoff
    no kept row had, it computed every customer again. The full-refresh comparison checks the rows; the model's
    unit tests, the customers a run that keeps the cutoffs computes again."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed, customers, cutoffs = connection.execute(
            "select count(distinct customer_id) filter (where computed_at = last_run), count(distinct customer_id),"
            " list(distinct cutoff_role || ' ' || cutoff_date order by cutoff_role || ' ' || cutoff_date)"
            " from (select *, max(computed_at) over () as last_run from intermediate.int_scores__features)"
        ).fetchone() or (0, 0, [])
    assert cutoffs == ["scoring 2026-01-01", "validation 2025-11-01", "validation 2025-12-01"]
    assert computed == customers > 0


def test_the_last_run_computed_again_the_uplift_features_of_the_customers_that_changed(
    builds: IncrementalBuilds,
) -> None:
    """Uplift features: the last run computed again a small share of the customers (the scoring cutoff stays
    January's), among them both customers of the split, members of the bridge campaign."""
    _, _, after_third = builds.bridge_customers
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed, customers = connection.execute(
            "select count(distinct customer_id) filter (where computed_at = last_run), count(distinct customer_id)"
            " from (select *, max(computed_at) over () as last_run from intermediate.int_scores__uplift_features)"
        ).fetchone() or (0, 0)
        bridge_rows = connection.execute(
            "select customer_id, subject_role, campaign_id, computed_at = (select max(computed_at)"
            " from intermediate.int_scores__uplift_features) from intermediate.int_scores__uplift_features"
            " where list_contains(?, customer_id) order by all",
            [[after_third[EMAIL_CARD], after_third[MOBILE_CARD]]],
        ).fetchall()
    assert 0 < computed < 0.2 * customers, (computed, customers)
    assert bridge_rows == sorted(
        (customer, role, campaign, True)
        for customer in (after_third[EMAIL_CARD], after_third[MOBILE_CARD])
        for role, campaign in (("campaign_member", BRIDGE_AUDIENCE_CAMPAIGN), ("scoring", None))
    )


def test_the_last_run_computed_again_the_campaign_units_that_gained_or_lost_a_key(builds: IncrementalBuilds) -> None:
    """Campaign members: the last run computed again a small share of the units, among them the mobile card's new
    customer and the customer the split left with the e-mail card alone, one key now, though no key of its own
    was computed again."""
    _, after_second, after_third = builds.bridge_customers
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        computed, units = connection.execute(
            "select count(*) filter (where computed_at = last_run), count(*)"
            " from (select *, max(computed_at) over () as last_run from intermediate.int_campaigns__members)"
        ).fetchone() or (0, 0)
        bridge_units = dict(
            connection.execute(
                "select unit_id, (audience_keys, computed_at = (select max(computed_at)"
                " from intermediate.int_campaigns__members)) from intermediate.int_campaigns__members"
                " where campaign_id = ? and list_contains(?, unit_id)",
                [BRIDGE_AUDIENCE_CAMPAIGN, [after_second[EMAIL_CARD], after_third[MOBILE_CARD]]],
            ).fetchall()
        )
    assert 0 < computed < 0.2 * units, (computed, units)
    assert bridge_units == {after_third[EMAIL_CARD]: (1, True), after_third[MOBILE_CARD]: (1, True)}


def test_the_daily_run_scored_with_the_models_kept_from_the_first_build(builds: IncrementalBuilds) -> None:
    """The deliveries stay in the scoring month of the first build: no model trains again, in any build."""
    with duckdb.connect(str(builds.incremental), read_only=True) as connection:
        (last_run,) = connection.execute("select max(staged_at) from staging.base_web__events").fetchone() or (None,)
        kept = connection.execute(
            "select score_name, trained_at < ?, trained_for_cutoff = (select cutoff_date"
            " from intermediate.int_scores__cutoffs where cutoff_role = 'scoring')"
            " from (select * from intermediate.int_scores__propensity_model"
            " union all select * from intermediate.int_scores__uplift_model"
            " union all select * from intermediate.int_scores__lookalike_model) order by all",
            [last_run],
        ).fetchall()
    assert kept == [("lookalike", True, True), ("propensity", True, True), ("uplift", True, True)]


def test_an_erasure_listed_after_the_last_load_stops_an_incremental_run(project_dir: Path, tmp_path: Path) -> None:
    with project_copy(project_dir, tmp_path / "project") as project:
        database = database_in(tmp_path)
        staging = ["build", "--select", "+base_web__events", *WITHOUT_UNIT_TESTS]
        assert run_dbt(staging, project, database).success
        with (project / "privacy" / "erasure_suppression_list.csv").open("a", encoding="utf-8") as stream:
            stream.write(f"test0erasure,{datetime.now(UTC):%Y-%m-%d %H:%M:%S},node,not-a-key-of-anyone\n")
        refused = run_dbt(staging, project, database)
        assert not refused.success
        assert "rebuild it with --full-refresh" in refused.messages
        assert run_dbt([*staging, "--full-refresh"], project, database).success


def test_records_removed_from_the_raw_table_stop_an_incremental_run_whatever_their_keys(
    project_dir: Path, tmp_path: Path
) -> None:
    """The web events cut to their middle row: the staged records no longer delivered have delivery
    keys on both sides of the one still delivered, and the run stops, naming the fix."""
    raw_folder = tmp_path / "raw"
    raw_folder.mkdir()
    for seed in (project_dir / "seeds").glob("raw_*.csv"):
        shutil.copyfile(seed, raw_folder / seed.name)
    database = database_in(tmp_path)
    staging = ["build", "--select", "+base_web__events", *WITHOUT_UNIT_TESTS]
    assert run_dbt(staging, project_dir, database, raw_files_vars(raw_folder)).success
    events = raw_folder / "raw_web_events.csv"
    header, rows = _delivered_rows(events)
    _write_rows(events, header, [rows[len(rows) // 2]])
    refused = run_dbt(staging, project_dir, database, raw_files_vars(raw_folder))
    assert not refused.success
    assert "raw_web_events staged by an earlier run are no longer delivered" in refused.messages

