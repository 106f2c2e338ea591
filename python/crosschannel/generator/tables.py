"""A simulated chunk rendered as the raw contract tables (every column text, in contract order).

Identifiers are derived from run-wide sequence numbers, scrambled, so the same entity gets the same
id in every table that names it (an order's lead_id, an event's account_id...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa

from crosschannel.contract import RAW_TABLES
from crosschannel.generator.arrays import NONE, BoolArray, IntArray, gather, ints, scramble, take_rows
from crosschannel.generator.backoffice import RECORD_TABLES, WEB_ACCOUNT, record_ids, render_records
from crosschannel.generator.campaigns import (
    GROUPS,
    KEY_ACCOUNT,
    KEY_CONTACT,
    KEY_COOKIE,
    KEY_EMAIL,
    KEY_PHONE,
    KEY_STORE_CUSTOMER,
    KEY_TYPES,
    TOUCH_TYPES,
)
from crosschannel.generator.chunk import Chunk
from crosschannel.generator.config import Parameters
from crosschannel.generator.lexicon import Lexicon
from crosschannel.generator.people import render_contact, render_emails, render_phones
from crosschannel.generator.reference import Reference, campaign_ids, product_ids, site_ids, store_ids
from crosschannel.generator.sales import (
    CHANNELS,
    CURRENCIES,
    LEAD_STATUSES,
    LEAD_TYPES,
    ORDER_STATUSES,
    SOURCE_SYSTEMS,
)
from crosschannel.generator.text import by_code, ids, integers, lookup, money, timestamp_styles, timestamps
from crosschannel.generator.web import (
    DEVICES,
    EVENT_TYPES,
    GENERIC_CAMPAIGNS,
    REFERRERS,
    UTM_MEDIUMS,
    UTM_SOURCES,
)

Columns = dict[str, pa.Array]


def cookie_ids(numbers: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """`CK` and 10 scrambled digits."""
    return ids("CK", scramble(numbers, 10, 44_444_444), 10, valid)


def event_ids(numbers: IntArray) -> pa.StringArray:
    """`EV` and 11 scrambled digits."""
    return ids("EV", scramble(numbers, 11, 55_555_555), 11)


def lead_ids(numbers: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """`LD` and 9 scrambled digits."""
    return ids("LD", scramble(numbers, 9, 66_666_666), 9, valid)


def order_ids(numbers: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """`OR` and 9 scrambled digits."""
    return ids("OR", scramble(numbers, 9, 77_777_777), 9, valid)


def customer_ids(chunk: Chunk, record: IntArray) -> pa.Array:
    """account_id / store_customer_id / contact_id of these records (null for NONE)."""
    kind = np.where(record != NONE, gather(chunk.records.kind, record), NONE)
    number = gather(chunk.record_number, record)

    def of_kind(rows: IntArray, *, kind: int) -> pa.Array:
        return record_ids(kind, number[rows])

    return by_code(kind, {code: partial(of_kind, kind=code) for code in range(3)})


def _enum(values: tuple[str, ...], codes: IntArray, rng: np.random.Generator, share: float) -> pa.Array:
    """Enum values, a few written with other case or spaces (`Call Center`, `STORE`): still valid."""
    table = (
        list(values)
        + [value.upper() for value in values]
        + [value.replace("_", " ").title() for value in values]
    )
    variant = np.where(rng.random(len(codes)) < share, rng.integers(1, 3, len(codes)), 0)
    return lookup(table, variant * len(values) + codes, codes != NONE)


def _ordered(table: str, columns: Columns) -> Columns:
    return {name: columns[name] for name in RAW_TABLES[table]}


@dataclass(frozen=True)
class BackOfficeTable:
    """A back-office table of a chunk, in its two deliveries."""

    first: Columns  # every record of the table, first version
    second: Columns  # second versions of the re-delivered records
    repeated: IntArray  # which rows of `first` the second versions replace


def back_office_columns(chunk: Chunk, lexicon: Lexicon, ref: Reference) -> dict[str, BackOfficeTable]:
    """Per back-office table: the first versions of its records, and the second versions."""
    records, redelivery = chunk.records, chunk.redelivery
    tables: dict[str, BackOfficeTable] = {}
    for kind, table in enumerate(RECORD_TABLES):
        rows = np.flatnonzero(records.kind == kind)
        again = np.flatnonzero(records.kind[redelivery.record] == kind)
        first = render_records(
            records,
            kind,
            rows,
            take_rows(records.contact, rows),
            records.opt_in[rows],
            chunk.record_number[rows],
            chunk.updated_at[rows],
            chunk.persons,
            lexicon,
            ref,
        )
        repeated = redelivery.record[again]
        second = render_records(
            records,
            kind,
            repeated,
            take_rows(redelivery.contact, again),
            redelivery.opt_in[again],
            chunk.record_number[repeated],
            redelivery.updated_at[again],
            chunk.persons,
            lexicon,
            ref,
        )
        tables[table] = BackOfficeTable(
            _ordered(table, first), _ordered(table, second), ints(np.searchsorted(rows, repeated))
        )
    return tables


def event_columns(rng: np.random.Generator, chunk: Chunk, ref: Reference, params: Parameters) -> Columns:
    """raw_web_events: utm parameters and referrer on the landing event of each visit."""
    events, visits, cookies = chunk.events, chunk.visits, chunk.cookies
    n = len(events)
    visit = events.visit

    def landing(codes: IntArray) -> IntArray:
        return np.where(events.landing, codes[visit], NONE)

    campaign = landing(visits.campaign)
    generic = landing(visits.generic_campaign)
    utm_campaign = np.where(
        campaign != NONE, campaign, np.where(generic != NONE, len(ref.campaigns.channel) + generic, NONE)
    )
    campaign_names = pa.concat_arrays(
        [campaign_ids(len(ref.campaigns.channel)), pa.array(GENERIC_CAMPAIGNS, pa.string())]
    )
    account = chunk.event_account
    return {
        "event_id": event_ids(chunk.event_number),
        "event_at": timestamps(events.at, timestamp_styles(rng, n, params.offset_timestamp_share)),
        "cookie_id": cookie_ids(cookies.number[events.cookie]),
        "account_id": record_ids(WEB_ACCOUNT, gather(chunk.record_number, account), account != NONE),
        "site_id": lookup(site_ids(ref.sites), events.site),
        "event_type": _enum(EVENT_TYPES, events.event_type, rng, params.enum_case_noise_share),
        "product_id": lookup(product_ids(len(ref.products.category)), events.product),
        "lead_id": lead_ids(gather(chunk.lead_number, events.lead), events.lead != NONE),
        "order_id": order_ids(gather(chunk.order_number, events.order), events.order != NONE),
        "utm_source": lookup(UTM_SOURCES, landing(visits.utm_source)),
        "utm_medium": lookup(UTM_MEDIUMS, landing(visits.utm_medium)),
        "utm_campaign": lookup(campaign_names, utm_campaign),
        "referrer": lookup(REFERRERS, landing(visits.referrer)),
        "device": lookup(DEVICES, cookies.device[events.cookie]),
    }


def lead_columns(
    rng: np.random.Generator, chunk: Chunk, lexicon: Lexicon, ref: Reference, params: Parameters
) -> Columns:
    """raw_leads, with the contact details the form or the clerk wrote."""
    leads = chunk.leads
    n = len(leads)
    store_phone = np.where(leads.store != NONE, ref.stores.phone[np.maximum(leads.store, 0)], NONE)
    written = render_contact(leads.contact, chunk.persons, leads.person, lexicon, ref, store_phone)
    return {
        "lead_id": lead_ids(chunk.lead_number),
        "created_at": timestamps(leads.created_at, timestamp_styles(rng, n, params.offset_timestamp_share)),
        "channel": _enum(CHANNELS, leads.channel, rng, params.enum_case_noise_share),
        "source_system": lookup(SOURCE_SYSTEMS, leads.channel),
        "source_customer_id": customer_ids(chunk, chunk.lead_record),
        "cookie_id": cookie_ids(gather(chunk.cookies.number, leads.cookie), leads.cookie != NONE),
        "email": written["email"],
        "phone": written["phone"],
        "first_name": written["first_name"],
        "last_name": written["last_name"],
        "store_id": lookup(store_ids(len(ref.stores.region)), leads.store),
        "product_id": lookup(product_ids(len(ref.products.category)), leads.product),
        "lead_type": lookup(LEAD_TYPES, leads.lead_type),
        "quoted_amount": money(np.maximum(leads.quoted_cents, 0), leads.quoted_cents != NONE),
        "status": lookup(LEAD_STATUSES, leads.status),
    }


def order_columns(rng: np.random.Generator, chunk: Chunk, ref: Reference, params: Parameters) -> Columns:
    """raw_orders; CHF orders carry amounts in francs."""
    orders = chunk.orders
    n = len(orders)
    # CHF orders are written in francs.
    written_cents = np.where(
        orders.chf, np.round(orders.revenue_cents * params.chf_per_eur), orders.revenue_cents
    ).astype(np.int64)
    margin = np.where(
        orders.chf, np.round(orders.margin_cents * params.chf_per_eur), orders.margin_cents
    ).astype(np.int64)
    return {
        "order_id": order_ids(chunk.order_number),
        "ordered_at": timestamps(orders.ordered_at, timestamp_styles(rng, n, params.offset_timestamp_share)),
        "channel": _enum(CHANNELS, orders.channel, rng, params.enum_case_noise_share),
        "source_system": lookup(SOURCE_SYSTEMS, orders.channel),
        "source_customer_id": customer_ids(chunk, chunk.order_record),
        "store_id": lookup(store_ids(len(ref.stores.region)), orders.store),
        "site_id": lookup(site_ids(ref.sites), orders.site),
        "lead_id": lead_ids(gather(chunk.lead_number, orders.lead), orders.lead != NONE),
        "product_id": lookup(product_ids(len(ref.products.category)), orders.product),
        "quantity": integers(orders.quantity),
        "revenue": money(written_cents),
        "margin": money(np.maximum(margin, 0), orders.margin_cents != NONE),
        "currency": lookup(CURRENCIES, orders.chf.astype(np.int64)),
        "status": _enum(ORDER_STATUSES, orders.status, rng, params.enum_case_noise_share),
    }


def audience_keys(chunk: Chunk, lexicon: Lexicon) -> pa.Array:
    """Each audience member's key as the campaign tool holds it: the raw value found in the source."""
    audience, records = chunk.audience, chunk.records

    def emails(rows: IntArray) -> pa.Array:
        record = audience.key_row[rows]
        return render_emails(
            take_rows(records.contact, record), chunk.persons, records.person[record], lexicon
        )

    def phones(rows: IntArray) -> pa.Array:
        record = audience.key_row[rows]
        no_store = np.full(len(rows), NONE, dtype=np.int64)  # only mobiles are SMS keys
        return render_phones(
            take_rows(records.contact, record), chunk.persons, records.person[record], no_store
        )

    def cookies(rows: IntArray) -> pa.Array:
        return cookie_ids(chunk.cookies.number[audience.key_row[rows]])

    def record_keys(rows: IntArray) -> pa.Array:
        return customer_ids(chunk, audience.key_row[rows])

    return by_code(
        audience.key_type,
        {
            KEY_EMAIL: emails,
            KEY_PHONE: phones,
            KEY_COOKIE: cookies,
            KEY_ACCOUNT: record_keys,
            KEY_STORE_CUSTOMER: record_keys,
            KEY_CONTACT: record_keys,
        },
    )


def audience_columns(
    rng: np.random.Generator, chunk: Chunk, keys: pa.Array, ref: Reference, params: Parameters
) -> Columns:
    """raw_campaign_audience: every member is assigned when the campaign starts."""
    audience = chunk.audience
    n = len(audience)
    return {
        "campaign_id": lookup(campaign_ids(len(ref.campaigns.channel)), audience.campaign),
        "audience_key_type": lookup(KEY_TYPES, audience.key_type),
        "audience_key": keys,
        "assignment_group": lookup(GROUPS, np.where(audience.treatment, 0, 1)),
        "assigned_at": timestamps(
            ref.campaigns.start_at[audience.campaign], timestamp_styles(rng, n, params.offset_timestamp_share)
        ),
    }


def touch_columns(
    rng: np.random.Generator, chunk: Chunk, keys: pa.Array, ref: Reference, params: Parameters
) -> Columns:
    """raw_campaign_touches, keyed like the member's audience row."""
    audience, touches = chunk.audience, chunk.touches
    n = len(touches)
    member = touches.member
    return {
        "campaign_id": lookup(campaign_ids(len(ref.campaigns.channel)), audience.campaign[member]),
        "audience_key_type": lookup(KEY_TYPES, audience.key_type[member]),
        "audience_key": keys.take(pa.array(member)),
        "touched_at": timestamps(touches.at, timestamp_styles(rng, n, params.offset_timestamp_share)),
        "touch_type": lookup(TOUCH_TYPES, touches.touch_type),
    }
