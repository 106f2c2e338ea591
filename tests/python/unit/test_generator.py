"""The synthetic data generator: deterministic, on the contract, and its truth matches what it wrote."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import GenerationSummary, generate, pipeline
from crosschannel.generator.config import parse_settings, preset, with_overrides
from crosschannel.generator.lexicon import heard_spelling, strip_accents
from crosschannel.generator.people import digit_typo
from raw_reading import read_csv, utc

PARIS = ZoneInfo("Europe/Paris")
SEEDS_TRUTH = Path(__file__).resolve().parents[3] / "seeds" / "truth"
TRUTH_FILES = (
    "identity",
    "record_errors",
    "persons",
    "orders",
    "leads",
    "campaigns",
    "campaign_members",
    "funnel_stages",
    "intents",
    "staging_expectations",
    "defects",
)
# What staging accepts, written independently of the generator (see the raw source contract).
ENUMS = {
    "source": {"newsletter", "contest", "call_center", "event", "other"},
    "event_type": {
        "page_view",
        "product_view",
        "search",
        "lead_start",
        "lead_submit",
        "add_to_cart",
        "order",
    },
    "device": {"desktop", "mobile", "tablet"},
    "channel": {"web", "store", "call_center"},
    "source_system": {"web", "store", "crm"},
    "lead_type": {"quote", "test_drive", "appointment", "callback"},
    "network": {"brand", "member", "partner"},
    "kind": {"brand", "white_label"},
    "objective": {"acquisition", "conversion", "retention"},
    "audience_key_type": {"email", "phone", "cookie_id", "account_id", "store_customer_id", "contact_id"},
    "assignment_group": {"treatment", "control"},
    "touch_type": {"sent", "delivered", "impression", "open", "click"},
}
STATUSES = {"raw_leads": {"open", "won", "lost"}, "raw_orders": {"confirmed", "cancelled", "refunded"}}
CAMPAIGN_CHANNELS = {"email", "sms", "display", "retargeting", "search", "social", "direct_mail"}
DATES = {"birth_date", "opened_at", "closed_at"}
TIMESTAMPS = {
    "created_at",
    "updated_at",
    "unsubscribed_at",
    "event_at",
    "ordered_at",
    "start_at",
    "end_at",
    "assigned_at",
    "touched_at",
}
DECIMALS = {"quoted_amount", "revenue", "margin", "list_price", "cost", "holdout_share"}
NOT_NEGATIVE = {"quoted_amount", "revenue", "list_price", "cost"}
BOOLEANS = {"true", "t", "1", "yes", "y", "oui", "o", "false", "f", "0", "no", "n", "non"}
KEYS = {
    "raw_web_accounts": "account_id",
    "raw_store_customers": "store_customer_id",
    "raw_crm_contacts": "contact_id",
    "raw_web_events": "event_id",
    "raw_leads": "lead_id",
    "raw_orders": "order_id",
    "raw_stores": "store_id",
    "raw_sites": "site_id",
    "raw_products": "product_id",
    "raw_campaigns": "campaign_id",
    "raw_campaign_audience": "audience_key",
    "raw_campaign_touches": "audience_key",
}
RECORD_TYPES = {
    "raw_web_accounts": "web_account",
    "raw_store_customers": "store_customer",
    "raw_crm_contacts": "crm_contact",
}


def canonical(value: str) -> str:
    """An enum value as staging reads it: trimmed, lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def problems(table: str, row: dict[str, str]) -> list[tuple[str, str]]:
    """(column, reason) of every rule the row breaks, checked without the generator's code."""
    found: list[tuple[str, str]] = []
    if not row[KEYS[table]].strip():
        found.append((KEYS[table], "missing_id"))
    for column, raw in row.items():
        value = raw.strip()
        if not value or column == KEYS[table]:
            continue
        if column in DATES:
            try:
                datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                found.append((column, "invalid_date"))
        elif column in TIMESTAMPS:
            try:
                utc(value)
            except ValueError:
                found.append((column, "invalid_timestamp"))
        elif column == "email_opt_in" and value.lower() not in BOOLEANS:
            found.append((column, "invalid_boolean"))
        elif column == "quantity":
            if not re.fullmatch(r"[+-]?\d+", value):
                found.append((column, "invalid_number"))
            elif int(value) <= 0:
                found.append((column, "negative_value"))
        elif column in DECIMALS:
            try:
                number = float(value)
            except ValueError:
                found.append((column, "invalid_number"))
            else:
                if column in NOT_NEGATIVE and number < 0:
                    found.append((column, "negative_value"))
        else:
            allowed = (
                STATUSES.get(table)
                if column == "status"
                else CAMPAIGN_CHANNELS
                if (table, column) == ("raw_campaigns", "channel")
                else ENUMS.get(column)
            )
            if allowed is not None and canonical(value) not in allowed:
                found.append((column, "invalid_enum"))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, GenerationSummary]]:
    folder = tmp_path_factory.mktemp("demo")
    done: list[int] = []
    summary = generate(persons=2000, seed=42, out_dir=folder, progress=done.append)
    assert sum(done) == 2000
    yield folder, summary


@pytest.fixture(scope="module")
def raw(demo: tuple[Path, GenerationSummary]) -> dict[str, list[dict[str, str]]]:
    folder, _ = demo
    return {table: read_csv(folder / f"{table}.csv") for table in RAW_TABLES}


@pytest.fixture(scope="module")
def truth(demo: tuple[Path, GenerationSummary]) -> dict[str, list[dict[str, str]]]:
    folder, _ = demo
    return {name: read_csv(folder / "truth" / f"{name}.csv") for name in TRUTH_FILES}


@pytest.fixture(scope="module")
def defect_rows(truth: dict[str, list[dict[str, str]]]) -> dict[str, dict[int, dict[str, str]]]:
    """Per table: data row index (0-based) of each broken row -> its defects.csv line."""
    rows: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
    for line in truth["defects"]:
        rows[line["table_name"]][int(line["row_number"]) - 1] = line
    return rows


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        generate(persons=300, seed=5, out_dir=tmp_path / folder)
    generate(persons=300, seed=6, out_dir=tmp_path / "c")
    files = sorted(path.relative_to(tmp_path / "a") for path in (tmp_path / "a").rglob("*") if path.is_file())
    assert len(files) == len(RAW_TABLES) + len(TRUTH_FILES) + 1
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "raw_orders.csv").read_bytes() != (
        tmp_path / "c" / "raw_orders.csv"
    ).read_bytes()


def test_every_table_and_truth_file_has_its_exact_header(demo: tuple[Path, GenerationSummary]) -> None:
    folder, summary = demo
    for table, columns in RAW_TABLES.items():
        with (folder / f"{table}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(columns)
    for name, columns in pipeline.TRUTH_FILES.items():
        with (folder / "truth" / f"{name}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(columns)
    metadata = json.loads((folder / "truth" / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["seed"], metadata["persons"]) == (42, 2000)
    assert {"is_ropo", "funnel_stage", "is_reverse_ropo"} <= set(metadata["definitions"])
    assert summary.rows_per_table == metadata["rows_per_table"]
    assert all(rows > 0 for rows in summary.rows_per_table.values())


def test_tables_without_rows_still_have_their_header(tmp_path: Path) -> None:
    for file_format in ("csv", "parquet"):
        summary = generate(persons=1, seed=3, out_dir=tmp_path / file_format, file_format=file_format)
        empty = [table for table, rows in summary.rows_per_table.items() if rows == 0]
        assert empty, "one person should leave some table empty"
        for table in empty:
            path = tmp_path / file_format / f"{table}.{file_format}"
            if file_format == "csv":
                assert path.read_text(encoding="utf-8") == ",".join(RAW_TABLES[table]) + "\n"
            else:
                assert pq.read_table(path).schema.names == list(RAW_TABLES[table])


def test_csv_and_parquet_hold_the_same_rows(tmp_path: Path) -> None:
    for file_format in ("csv", "parquet"):
        generate(persons=600, seed=9, out_dir=tmp_path / file_format, file_format=file_format)
    for table, columns in RAW_TABLES.items():
        from_csv = pa_csv.read_csv(
            tmp_path / "csv" / f"{table}.csv",
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False
            ),
        )
        from_parquet = pq.read_table(tmp_path / "parquet" / f"{table}.parquet")
        assert from_parquet.schema == pa.schema([(name, pa.string()) for name in columns])
        # A missing value is an empty field in CSV, a null (or sometimes '') in Parquet.
        as_text = [[value or "" for value in from_parquet.column(name).to_pylist()] for name in columns]
        assert [from_csv.column(name).to_pylist() for name in columns] == as_text, table
    assert (tmp_path / "csv" / "truth" / "orders.csv").read_bytes() == (
        tmp_path / "parquet" / "truth" / "orders.csv"
    ).read_bytes()


def test_every_raw_row_is_accounted_for_by_the_staging_expectations(
    raw: dict[str, list[dict[str, str]]], truth: dict[str, list[dict[str, str]]]
) -> None:
    outcomes: Counter[tuple[str, str]] = Counter()
    reasons: Counter[tuple[str, str]] = Counter()
    for line in truth["staging_expectations"]:
        outcomes[(line["table_name"], line["outcome"])] += int(line["rows"])
        if line["outcome"] == "quarantined":
            reasons[(line["table_name"], line["reason"])] += int(line["rows"])
    for table, rows in raw.items():
        assert outcomes[(table, "staged")] + outcomes[(table, "superseded")] + outcomes[
            (table, "quarantined")
        ] == len(rows), table
    assert reasons == Counter((line["table_name"], line["reason"]) for line in truth["defects"])
    # Staged rows are the distinct valid records: superseded rows are second versions or copies.
    for table, rows in raw.items():
        broken = {int(line["row_number"]) - 1 for line in truth["defects"] if line["table_name"] == table}
        if table in ("raw_campaign_audience", "raw_campaign_touches"):
            continue  # keyed by several columns, checked below
        distinct = {row[KEYS[table]].strip() for index, row in enumerate(rows) if index not in broken}
        assert len(distinct) == outcomes[(table, "staged")], table
    audience = [
        row
        for index, row in enumerate(raw["raw_campaign_audience"])
        if index
        not in {
            int(d["row_number"]) - 1 for d in truth["defects"] if d["table_name"] == "raw_campaign_audience"
        }
    ]
    members = {
        (row["campaign_id"], row["audience_key_type"], row["audience_key"].strip()) for row in audience
    }
    assert len(members) == outcomes[("raw_campaign_audience", "staged")]


def test_defects_are_the_only_invalid_values_and_are_what_the_truth_says(
    raw: dict[str, list[dict[str, str]]], defect_rows: dict[str, dict[int, dict[str, str]]]
) -> None:
    kinds: Counter[str] = Counter()
    for table, rows in raw.items():
        for index, row in enumerate(rows):
            found = problems(table, row)
            defect = defect_rows[table].get(index)
            if defect is None:
                assert found == [], (table, index + 1, row)
            else:
                assert found == [(defect["column"], defect["reason"])], (table, index + 1, row, defect)
                assert row[defect["column"]] == defect["value"]
                kinds[defect["reason"]] += 1
    assert set(kinds) == {
        "missing_id",
        "invalid_date",
        "invalid_timestamp",
        "invalid_enum",
        "invalid_number",
        "negative_value",
        "invalid_boolean",
    }
    # Each table with enough rows gets every kind of defect its columns allow.
    assert {d["reason"] for d in defect_rows["raw_orders"].values()} == {
        "missing_id",
        "invalid_timestamp",
        "invalid_enum",
        "invalid_number",
        "negative_value",
    }
    assert {d["reason"] for d in defect_rows["raw_web_accounts"].values()} == {
        "missing_id",
        "invalid_date",
        "invalid_timestamp",
        "invalid_boolean",
    }


def test_redelivered_records_are_newer_and_duplicates_exact(
    raw: dict[str, list[dict[str, str]]], defect_rows: dict[str, dict[int, dict[str, str]]]
) -> None:
    for table in RECORD_TYPES:
        versions: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in raw[table]:
            versions[row[KEYS[table]].strip()].append(row)
        twice = {key: rows for key, rows in versions.items() if key and len(rows) > 1}
        assert twice, table
        for rows in twice.values():
            assert len(rows) == 2
            first, second = rows
            delay = utc(second["updated_at"]) - utc(first["updated_at"])
            assert timedelta(days=1) <= delay <= timedelta(days=90)
            changed = {column for column in first if first[column] != second[column]} - {"updated_at"}
            assert 1 <= len(changed) <= 3  # a name correction changes first and last name
            assert changed <= {"phone", "email_opt_in", "first_name", "last_name"}
    for table in ("raw_web_events", "raw_leads", "raw_orders"):
        copies = Counter(tuple(row.values()) for row in raw[table])
        keys = Counter(row[KEYS[table]] for row in raw[table] if row[KEYS[table]].strip())
        # Every repeated id is an exact copy, never a broken row.
        assert {key for key, count in keys.items() if count > 1} == {
            values[0] for values, count in copies.items() if count > 1
        }
        assert max(copies.values()) == 2
        broken_keys = {line["record_key"] for line in defect_rows[table].values()}
        assert not broken_keys & {key for key, count in keys.items() if count > 1}


def test_every_record_lead_cookie_and_order_has_its_true_person(
    raw: dict[str, list[dict[str, str]]], truth: dict[str, list[dict[str, str]]]
) -> None:
    identity = {(line["record_type"], line["record_id"]): line["person_id"] for line in truth["identity"]}
    assert len(identity) == len(truth["identity"])
    persons = {line["person_id"] for line in truth["persons"]}
    assert set(identity.values()) <= persons and len(persons) == 2000
    for table, record_type in RECORD_TYPES.items():
        for row in raw[table]:
            if row[KEYS[table]].strip():
                assert (record_type, row[KEYS[table]].strip()) in identity
    # A record whose own row lost its id is not in the identity truth, though other rows name it.
    lost = {line["record_key"] for line in truth["defects"] if line["reason"] == "missing_id"}
    for row in raw["raw_web_events"]:
        assert ("cookie", row["cookie_id"]) in identity
        if row["account_id"] and row["account_id"] not in lost:
            assert identity[("web_account", row["account_id"])] == identity[("cookie", row["cookie_id"])]
    source_types = {"web": "web_account", "store": "store_customer", "crm": "crm_contact"}
    for table, kind in (("raw_leads", "lead"), ("raw_orders", "order")):
        for row in raw[table]:
            key = row[KEYS[table]].strip()
            if not key:
                continue
            person = identity[(kind, key)]
            system = canonical(row["source_system"])
            if row["source_customer_id"] and system in source_types and row["source_customer_id"] not in lost:
                # Orders and leads go through a back office where the person has a record.
                assert identity[(source_types[system], row["source_customer_id"])] == person
            if row["cookie_id"] if table == "raw_leads" else False:
                assert identity[("cookie", row["cookie_id"])] == person
    for name in ("orders", "leads"):
        for line in truth[name]:
            kind = "order" if name == "orders" else "lead"
            assert identity[(kind, line[f"{kind}_id"])] == line["person_id"]


def test_persons_have_unique_emails_and_mobiles_and_households_share_a_landline(
    truth: dict[str, list[dict[str, str]]],
) -> None:
    persons = truth["persons"]
    assert len({p["email"] for p in persons}) == len(persons)
    assert len({p["mobile_phone"] for p in persons}) == len(persons)
    assert all(re.fullmatch(r"0[67]\d{8}", p["mobile_phone"]) for p in persons)
    households: dict[str, list[dict[str, str]]] = defaultdict(list)
    for person in persons:
        households[person["household_id"]].append(person)
    shared = [members for members in households.values() if len(members) > 1]
    assert 0.08 < sum(len(members) for members in shared) / len(persons) < 0.22
    for members in shared:
        assert len({(m["last_name"], m["landline"], m["postal_code"]) for m in members}) == 1
        assert re.fullmatch(r"0[1-5]\d{8}", members[0]["landline"])


def test_noise_is_present_in_contact_fields(raw: dict[str, list[dict[str, str]]]) -> None:
    emails = [row["email"] for table in RECORD_TYPES for row in raw[table] if row["email"]]
    phones = [row["phone"] for table in RECORD_TYPES for row in raw[table] if row["phone"]]
    names = [row["last_name"] for table in RECORD_TYPES for row in raw[table] if row["last_name"]]
    assert any(e != e.strip() for e in emails) and any(e != e.lower() for e in emails)
    assert any(d in e.lower() for e in emails for d in ("gmial.com", "orange.fe", "hotmial.fr", "yaho.fr"))
    assert {"noemail@noemail.com", "pasdemail@magasin.fr", "x@x.fr"} & set(emails)
    layouts = {re.sub(r"\d", "9", p) for p in phones}
    assert {"9999999999", "99 99 99 99 99", "+99 9 99-99-99-99", "9999999999999", "999999999"} <= layouts
    assert {"0000000000", "0600000000"} & set(phones)
    assert any(n.isupper() for n in names) and any(n != n.strip() for n in names)
    spellings = Counter(row["email_opt_in"] for table in RECORD_TYPES for row in raw[table])
    assert {"true", "false", "1", "0", "yes", "no", "TRUE", "FALSE"} <= set(spellings)
    assert spellings["true"] + spellings["false"] > 0.7 * sum(spellings.values())


def test_timestamps_are_paris_time_or_carry_an_offset_and_never_ambiguous(
    raw: dict[str, list[dict[str, str]]],
) -> None:
    values = [row["event_at"].strip() for row in raw["raw_web_events"]]
    parsed = []
    for value in values:
        try:
            parsed.append((value, datetime.fromisoformat(value.replace("Z", "+00:00"))))
        except ValueError:
            continue  # a defect, checked elsewhere
    with_offset = [value for value, moment in parsed if moment.tzinfo is not None]
    assert 0.03 < len(with_offset) / len(parsed) < 0.08
    for _, moment in parsed:
        if moment.tzinfo is None:
            first, second = moment.replace(tzinfo=PARIS, fold=0), moment.replace(tzinfo=PARIS, fold=1)
            # Neither repeated (fall back) nor skipped (spring forward) wall-clock times.
            assert first.astimezone(UTC) == second.astimezone(UTC), moment
            assert first.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) == moment
    instants = [utc(value) for value, _ in parsed]
    for change in ("2024-03-31 01:00", "2024-10-27 01:00", "2025-03-30 01:00", "2025-10-26 01:00"):
        at = datetime.fromisoformat(change)
        assert any(abs(instant - at) < timedelta(hours=3) for instant in instants), change
    assert all(datetime(2023, 12, 31, 23) <= instant <= datetime(2025, 12, 31, 23) for instant in instants)


def _kept(rows: list[dict[str, str]], broken: dict[int, dict[str, str]], key: str) -> list[dict[str, str]]:
    """The rows staging keeps: not broken, one per id."""
    seen: dict[str, dict[str, str]] = {}
    for index, row in enumerate(rows):
        if index not in broken:
            seen.setdefault(row[key].strip(), row)
    return list(seen.values())


def test_ropo_flags_are_recomputed_from_the_written_events(
    raw: dict[str, list[dict[str, str]]],
    truth: dict[str, list[dict[str, str]]],
    defect_rows: dict[str, dict[int, dict[str, str]]],
) -> None:
    person_of = {(line["record_type"], line["record_id"]): line["person_id"] for line in truth["identity"]}
    products = {
        row["product_id"] or defect_rows["raw_products"][index]["record_key"]: row["category"]
        for index, row in enumerate(raw["raw_products"])
    }
    staged_products = {
        row["product_id"] for index, row in enumerate(raw["raw_products"]) if index not in defect_rows["raw_products"]
    }
    events = _kept(raw["raw_web_events"], defect_rows["raw_web_events"], "event_id")
    # A cookie is tied to its person by a logged-in event or a web lead sent from it.
    tied = {row["cookie_id"] for row in events if row["account_id"]} | {
        row["cookie_id"]
        for row in _kept(raw["raw_leads"], defect_rows["raw_leads"], "lead_id")
        if canonical(row["channel"]) == "web" and row["cookie_id"]
    }
    research: dict[str, list[tuple[datetime, str, str, str, bool]]] = defaultdict(list)
    for row in events:
        if (
            canonical(row["event_type"]) in ("product_view", "lead_start", "lead_submit")
            and row["product_id"]
        ):
            identifiable = row["cookie_id"] in tied and row["product_id"] in staged_products
            research[person_of[("cookie", row["cookie_id"])]].append(
                (utc(row["event_at"]), row["event_id"], row["product_id"], row["site_id"], identifiable)
            )
    shown: dict[str, list[datetime]] = defaultdict(list)
    for row in _kept(raw["raw_leads"], defect_rows["raw_leads"], "lead_id"):
        if canonical(row["channel"]) == "store":
            shown[person_of[("lead", row["lead_id"])]].append(utc(row["created_at"]))
    orders = {row["order_id"]: row for row in _kept(raw["raw_orders"], defect_rows["raw_orders"], "order_id")}
    for row in orders.values():
        if canonical(row["channel"]) == "store":
            shown[person_of[("order", row["order_id"])]].append(utc(row["ordered_at"]))
    checked: Counter[str] = Counter()
    for line in truth["orders"]:
        order = orders.get(line["order_id"])
        if order is None:
            continue  # a broken order: its product may not be readable
        at = datetime.fromisoformat(line["ordered_at_utc"])
        window = [
            e
            for e in research[line["person_id"]]
            if at - timedelta(hours=720) <= e[0] < at and products[e[2]] == products[order["product_id"]]
        ]
        offline = line["channel"] != "web"
        expected_ropo = offline and bool(window)
        assert (line["is_ropo"] == "true") == expected_ropo, line
        identifiable = order["product_id"] in staged_products and any(e[4] for e in window)
        assert (line["is_identifiable_ropo"] == "true") == (offline and identifiable), line
        checked["identifiable"] += offline and identifiable
        if expected_ropo:
            latest = max(window, key=lambda e: (e[0], e[1]))
            assert line["ropo_site_id"] == latest[3]
            same = any(e[2] == order["product_id"] for e in window)
            assert line["ropo_product_match"] == ("same_product" if same else "same_category")
            checked["ropo"] += 1
        else:
            assert line["ropo_site_id"] == line["ropo_product_match"] == ""
        reverse = line["channel"] == "web" and any(
            at - timedelta(hours=720) <= t < at for t in shown[line["person_id"]]
        )
        assert (line["is_reverse_ropo"] == "true") == reverse, line
        checked["reverse"] += reverse
    assert checked["ropo"] > 50 and checked["reverse"] > 20
    # A lead started online: a web lead, or one preceded by a lead form started on the web.
    form_starts: dict[str, list[datetime]] = defaultdict(list)
    for row in events:
        if canonical(row["event_type"]) == "lead_start":
            form_starts[person_of[("cookie", row["cookie_id"])]].append(utc(row["event_at"]))
    leads = {row["lead_id"]: row for row in _kept(raw["raw_leads"], defect_rows["raw_leads"], "lead_id")}
    for line in truth["leads"]:
        if line["lead_id"] not in leads:
            continue
        at = utc(leads[line["lead_id"]]["created_at"])
        started = line["channel"] == "web" or any(
            at - timedelta(hours=720) <= start < at for start in form_starts[line["person_id"]]
        )
        assert (line["is_started_online"] == "true") == started, line
        checked["started_online"] += started and line["channel"] != "web"
    assert checked["started_online"] > 10
    assert 0.4 * checked["ropo"] < checked["identifiable"] < 0.9 * checked["ropo"]
    store = [line for line in truth["orders"] if line["channel"] == "store"]
    assert 0.35 < sum(line["is_ropo"] == "true" for line in store) / len(store) < 0.6


def test_intents_and_conversions_are_recomputed_from_the_written_rows(
    raw: dict[str, list[dict[str, str]]],
    truth: dict[str, list[dict[str, str]]],
    defect_rows: dict[str, dict[int, dict[str, str]]],
) -> None:
    """Each person's latest product view or lead start, and latest order, lead or sent form."""
    person_of = {(line["record_type"], line["record_id"]): line["person_id"] for line in truth["identity"]}
    last_intent: dict[str, datetime] = {}
    last_conversion: dict[str, datetime] = {}

    def keep_latest(latest: dict[str, datetime], person: str, at: datetime) -> None:
        latest[person] = max(at, latest.get(person, at))

    for row in _kept(raw["raw_web_events"], defect_rows["raw_web_events"], "event_id"):
        person, event_type = person_of[("cookie", row["cookie_id"])], canonical(row["event_type"])
        if event_type in ("product_view", "lead_start") and row["product_id"]:
            keep_latest(last_intent, person, utc(row["event_at"]))
        elif event_type in ("lead_submit", "order"):
            keep_latest(last_conversion, person, utc(row["event_at"]))
    for row in _kept(raw["raw_orders"], defect_rows["raw_orders"], "order_id"):
        if canonical(row["status"]) == "confirmed":
            keep_latest(last_conversion, person_of[("order", row["order_id"])], utc(row["ordered_at"]))
    for row in _kept(raw["raw_leads"], defect_rows["raw_leads"], "lead_id"):
        keep_latest(last_conversion, person_of[("lead", row["lead_id"])], utc(row["created_at"]))

    def text(moment: datetime | None) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""

    expected = {person: (text(at), text(last_conversion.get(person))) for person, at in last_intent.items()}
    written = {line["person_id"]: (line["last_intent_at_utc"], line["last_conversion_at_utc"]) for line in truth["intents"]}
    assert written == expected
    # Both kinds exist: intenders who converted since, and intenders who did not.
    assert 100 < sum(intent > conversion for intent, conversion in written.values()) < len(written) - 100


def test_persons_buy_their_favourite_category_most(
    raw: dict[str, list[dict[str, str]]], truth: dict[str, list[dict[str, str]]]
) -> None:
    """A true look-alike of a category's buyers is a person whose favourite category it is: most of
    their orders are of it (60% drawn in it, the rest any of seven categories)."""
    favourite = {line["person_id"]: line["favourite_category"] for line in truth["persons"]}
    assert set(favourite.values()) <= {"beach", "city_break", "cruise", "circuit", "ski", "long_haul", "weekend"}
    category = {row["product_id"]: row["category"] for row in raw["raw_products"]}
    product = {row["order_id"]: row["product_id"] for row in raw["raw_orders"]}
    in_favourite = [
        category.get(product.get(line["order_id"], ""), "") == favourite[line["person_id"]] for line in truth["orders"]
    ]
    assert len(in_favourite) > 500
    assert 0.5 < sum(in_favourite) / len(in_favourite) < 0.75


def test_parameters_can_be_set_and_are_recorded(tmp_path: Path) -> None:
    parameters = with_overrides(
        parse_settings(["login_cookie_share=0.35", "ropo_store_order_share = 0.55", "holdout_shares=0.1,0.5"])
    )
    assert (parameters.login_cookie_share, parameters.ropo_store_order_share) == (0.35, 0.55)
    assert parameters.holdout_shares == (0.1, 0.5)
    generate(persons=300, seed=3, out_dir=tmp_path, parameters=parameters)
    metadata = json.loads((tmp_path / "truth" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["parameters"]["login_cookie_share"] == 0.35
    assert metadata["parameters_set"] == {
        "login_cookie_share": 0.35,
        "ropo_store_order_share": 0.55,
        "holdout_shares": [0.1, 0.5],
    }
    default = json.loads((SEEDS_TRUTH / "metadata.json").read_text(encoding="utf-8"))
    assert default["parameters_set"] == {}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (["login_cookie_share"], "name=value"),
        (["login_share=0.3"], "unknown generator parameter 'login_share'"),
        (["login_cookie_share=most"], "expects float"),
        (["login_cookie_share=1.5"], "share between 0 and 1"),
        (["defect_min_reference_rows=2.5"], "expects int"),
    ],
)
def test_wrong_settings_name_the_parameter(settings: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        with_overrides(parse_settings(settings))


def test_orders_and_leads_carry_their_journeys(
    raw: dict[str, list[dict[str, str]]], truth: dict[str, list[dict[str, str]]]
) -> None:
    leads = {line["lead_id"]: line for line in truth["leads"]}
    orders = {line["order_id"]: line for line in truth["orders"]}
    journeys = Counter(line["journey"] for line in leads.values())
    assert (
        journeys["web_to_store"]
        and journeys["store_to_web"]
        and journeys["same_channel"]
        and journeys["not_converted"]
    )
    for lead in leads.values():
        order = orders.get(lead["converted_order_id"])
        if order is None:
            continue
        assert order["converted_lead_id"] == lead["lead_id"] and order["person_id"] == lead["person_id"]
        expected = {"web_to_store": ("web", "store"), "store_to_web": ("store", "web")}.get(lead["journey"])
        assert (
            (lead["channel"], order["channel"]) == expected
            if expected
            else lead["channel"] == order["channel"]
        )
    # Web leads and web orders were sent from a visit: their events carry the lead_id / order_id.
    web_leads = {row["lead_id"].strip() for row in raw["raw_leads"] if canonical(row["channel"]) == "web"}
    assert web_leads - {""} <= {row["lead_id"] for row in raw["raw_web_events"]}
    web_orders = {row["order_id"].strip() for row in raw["raw_orders"] if canonical(row["channel"]) == "web"}
    assert web_orders - {""} <= {row["order_id"] for row in raw["raw_web_events"]}


def test_campaign_groups_follow_the_holdout_share_and_members_add_up(
    raw: dict[str, list[dict[str, str]]], truth: dict[str, list[dict[str, str]]]
) -> None:
    holdout = {row["campaign_id"]: float(row["holdout_share"]) for row in raw["raw_campaigns"]}
    members: Counter[tuple[str, str]] = Counter()
    conversions: Counter[tuple[str, str]] = Counter()
    for line in truth["campaign_members"]:
        members[(line["campaign_id"], line["assignment_group"])] += 1
        conversions[(line["campaign_id"], line["assignment_group"])] += line["converted"] == "true"
    total_control = total_expected = 0.0
    for campaign in truth["campaigns"]:
        cid = campaign["campaign_id"]
        control, treatment = members[(cid, "control")], members[(cid, "treatment")]
        assert (int(campaign["members_control"]), int(campaign["members_treatment"])) == (control, treatment)
        assert (int(campaign["conversions_control"]), int(campaign["conversions_treatment"])) == (
            conversions[(cid, "control")],
            conversions[(cid, "treatment")],
        )
        n, share = control + treatment, holdout[cid]
        assert abs(control - n * share) <= 4 * (n * share * (1 - share)) ** 0.5 + 2, cid
        total_control += control
        total_expected += n * share
        lift = float(campaign["true_relative_lift"])
        assert 0 <= lift <= 0.6
        assert float(campaign["true_absolute_lift"]) == pytest.approx(
            lift * float(campaign["baseline_conversion_rate"]), abs=2e-6
        )
    assert total_control == pytest.approx(total_expected, rel=0.1)
    assert any(float(campaign["true_relative_lift"]) == 0 for campaign in truth["campaigns"])
    # Touches for treated members and for control members touched anyway (non-compliance), with
    # the audience's own keys.
    treated = {
        (row["campaign_id"], row["audience_key_type"], row["audience_key"])
        for row in raw["raw_campaign_audience"]
        if row["assignment_group"] == "treatment"
    }
    touched = {
        (row["campaign_id"], row["audience_key_type"], row["audience_key"])
        for row in raw["raw_campaign_touches"]
    }
    touched_anyway = {
        (line["campaign_id"], line["audience_key_type"], line["audience_key"])
        for line in truth["campaign_members"]
        if line["is_control_touched"] == "true"
    }
    assert all(
        line["assignment_group"] == "control" and line["is_exposed"] == "true"
        for line in truth["campaign_members"]
        if line["is_control_touched"] == "true"
    )
    assert touched_anyway and touched_anyway <= touched
    assert sum(int(campaign["control_touched_members"]) for campaign in truth["campaigns"]) == len(touched_anyway)
    assert len(touched - treated - touched_anyway) <= sum(
        1 for row in raw["raw_campaign_touches"] if problems("raw_campaign_touches", row)
    )
    # Contamination: a person listed twice, under two keys, one in each group, and exposed.
    groups: dict[tuple[str, str], set[str]] = {}
    for line in truth["campaign_members"]:
        groups.setdefault((line["campaign_id"], line["person_id"]), set()).add(line["assignment_group"])
    contaminated = {member for member, assigned in groups.items() if assigned == {"treatment", "control"}}
    flagged = {
        (line["campaign_id"], line["person_id"])
        for line in truth["campaign_members"]
        if line["is_contaminated"] == "true"
    }
    assert contaminated and flagged == contaminated
    assert all(line["is_exposed"] == "true" for line in truth["campaign_members"] if line["is_contaminated"] == "true")
    # Each campaign's true ITT lift is the mean of its analysed rows' effects, and contaminated rows
    # are never analysed.
    effects: dict[str, list[float]] = defaultdict(list)
    for line in truth["campaign_members"]:
        assert not (line["is_analysed"] == "true" and line["is_contaminated"] == "true")
        if line["is_analysed"] == "true":
            effects[line["campaign_id"]].append(float(line["true_itt_conversion_effect"]))
    for campaign in truth["campaigns"]:
        members = effects[campaign["campaign_id"]]
        assert len(members) == int(campaign["itt_members"])
        assert sum(members) / len(members) == pytest.approx(float(campaign["true_itt_absolute_lift"]), abs=1e-7)
    # Counted when both rows were delivered valid (what any build can find).
    found = sum(int(campaign["contaminated_persons"]) for campaign in truth["campaigns"])
    assert 0 < found <= len(contaminated)
    clicked = {row["audience_key"] for row in raw["raw_campaign_touches"] if row["touch_type"] == "click"}
    assert clicked
    campaign_visits = {row["utm_campaign"] for row in raw["raw_web_events"] if row["utm_medium"] == "email"}
    assert any(cid in campaign_visits for cid in holdout)


def test_funnel_stages_include_every_buying_month(truth: dict[str, list[dict[str, str]]]) -> None:
    stages = {(line["person_id"], line["month"]): line["stage"] for line in truth["funnel_stages"]}
    assert len(stages) == len(truth["funnel_stages"])
    assert set(stages.values()) == {"aware", "looker", "considerer", "intender", "buyer"}
    months = {f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)}
    assert {month for _, month in stages} <= months
    for line in truth["orders"]:
        if line["caused_by_campaign_id"]:
            assert stages.get((line["person_id"], _paris_month(line["ordered_at_utc"]))) == "buyer"


def _paris_month(utc_text: str) -> str:
    return datetime.fromisoformat(utc_text).replace(tzinfo=UTC).astimezone(PARIS).strftime("%Y-%m")


def test_persons_are_generated_in_chunks_with_ids_unique_across_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_PERSONS", 400)
    done: list[int] = []
    summary = generate(persons=1000, seed=8, out_dir=tmp_path, progress=done.append)
    assert done == [400, 400, 200]
    identity = read_csv(tmp_path / "truth" / "identity.csv")
    assert len({(line["record_type"], line["record_id"]) for line in identity}) == len(identity)
    persons = read_csv(tmp_path / "truth" / "persons.csv")
    assert [p["person_id"] for p in persons] == [f"P{n:07d}" for n in range(1, 1001)]
    assert len({p["email"] for p in persons}) == 1000
    events = read_csv(tmp_path / "raw_web_events.csv")
    assert len(events) == summary.rows_per_table["raw_web_events"]
    assert 15 < len(events) / 1000 < 26


@pytest.mark.parametrize(
    ("name", "heard"),
    [("Dupont", "Dupond"), ("Renault", "Renaud"), ("Bernard", "Bernart"), ("Moreau", "Moreaux"),
     ("Philippe", "Philipp"), ("Sylvie", "Silvie"), ("Léa", "Léah"), ("dupont", "dupond")],
)
def test_a_name_heard_is_spelled_as_it_sounds(name: str, heard: str) -> None:
    assert heard_spelling(name) == heard


@pytest.mark.parametrize("seed", range(40))
def test_a_digit_typo_is_one_transposition_or_one_mistyped_digit(seed: int) -> None:
    written = digit_typo("FID628295628", seed)
    assert written != "FID628295628" and len(written) == 12 and written[:3] == "FID"
    changed = [i for i, (a, b) in enumerate(zip(written, "FID628295628", strict=True)) if a != b]
    transposed = len(changed) == 2 and changed[1] == changed[0] + 1 and sorted(written) == sorted("FID628295628")
    assert len(changed) == 1 or transposed
    assert digit_typo("no digits", seed) == "no digits"


def test_the_messy_preset_writes_the_errors_its_truth_records(tmp_path: Path) -> None:
    """At least 20% of records with a name error, 10% of dated ones a date error, 10% of located ones a
    postal-code error, 5% first and last name swapped, 30% without e-mail; each error is in the data."""
    generate(persons=1500, seed=3, out_dir=tmp_path, parameters=preset("messy"))
    raw = {table: read_csv(tmp_path / f"{table}.csv") for table in (*RECORD_TYPES, "raw_leads")}
    truth = {name: read_csv(tmp_path / "truth" / f"{name}.csv") for name in ("identity", "persons", "record_errors")}
    id_columns = {"raw_web_accounts": "account_id", "raw_store_customers": "store_customer_id",
                  "raw_crm_contacts": "contact_id", "raw_leads": "lead_id"}
    # The newest version of each record, as staging keeps it.
    records: dict[str, dict[str, str]] = {}
    for table, rows in raw.items():
        for row in sorted(rows, key=lambda row: row.get("updated_at") or row.get("created_at") or ""):
            records[row[id_columns[table]]] = row
    person_of = {row["record_id"]: row["person_id"] for row in truth["identity"]}
    persons = {row["person_id"]: row for row in truth["persons"]}
    errors: dict[str, set[str]] = defaultdict(set)
    for row in truth["record_errors"]:
        errors[row["error_kind"]].add(row["record_id"])

    def share(kinds: tuple[str, ...], field: str | None = None) -> float:
        having = [rid for rid, row in records.items() if field is None or (row.get(field) or "").strip()]
        return sum(any(rid in errors[kind] for kind in kinds) for rid in having) / len(having)

    names = ("first_name_typo", "first_name_heard", "last_name_typo", "last_name_heard")
    assert share(names) >= 0.20
    assert share(("birth_date_day_month_swapped",), "birth_date") >= 0.10
    assert share(("postal_code_digit",), "postal_code") >= 0.10
    assert share(("names_swapped",)) >= 0.05
    assert sum(not (row["email"] or "").strip() for row in records.values()) / len(records) >= 0.30

    def clean(text: str) -> str:
        return strip_accents(text).strip().lower().replace("-", " ")

    for record_id in errors["names_swapped"] & records.keys():
        row, person = records[record_id], persons[person_of[record_id]]
        if record_id not in set().union(*(errors[kind] for kind in names)):
            assert clean(row["first_name"]) == clean(person["last_name"])
    for record_id in errors["postal_code_digit"] & records.keys():
        written, true = records[record_id]["postal_code"].strip(), persons[person_of[record_id]]["postal_code"]
        assert written != true and len(written) == len(true) and sorted(written) != sorted(true) or (
            sorted(written) == sorted(true) and sum(a != b for a, b in zip(written, true, strict=True)) == 2
        )
    for record_id in errors["birth_date_day_month_swapped"] & records.keys():
        written, true = records[record_id]["birth_date"].strip(), persons[person_of[record_id]]["birth_date"]
        assert written and written != true and written[:4] == true[:4]
    for record_id in errors["loyalty_digit"] & records.keys():
        assert records[record_id]["loyalty_id"].strip() != persons[person_of[record_id]]["loyalty_id"]
    assert min(len(errors[kind]) for kind in truth_error_kinds()) > 0


def truth_error_kinds() -> tuple[str, ...]:
    from crosschannel.generator.truth import ERROR_KINDS

    return ERROR_KINDS
