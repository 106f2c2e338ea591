"""One chunk of persons simulated from start to end: persons, records, browsing, sales, campaigns.

The order of the steps matters: campaigns target the records and cookies persons already have;
purchases then decide which records must exist (a store order needs a card at that store) and which
browsers are logged in; finally each record's creation date is moved before its first use.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    Groups,
    IntArray,
    KeyIndex,
    concat_rows,
    ints,
    rank_within,
    uniform_int,
)
from crosschannel.generator.backoffice import (
    CRM_CONTACT,
    STORE_CUSTOMER,
    WEB_ACCOUNT,
    Records,
    Redelivery,
    base_records,
    call_center_sources,
    make_records,
    plan_redeliveries,
    record_keys,
)
from crosschannel.generator.campaigns import Audience, Touches, run_campaigns
from crosschannel.generator.clock import ACTIVITY_END, DAY, HOUR, MINUTE
from crosschannel.generator.config import Parameters
from crosschannel.generator.lexicon import Lexicon
from crosschannel.generator.people import EmailRegistry, Persons, make_persons
from crosschannel.generator.reference import Reference
from crosschannel.generator.sales import (
    STORE,
    WEB,
    Leads,
    Orders,
    Reach,
    convert_leads,
    organic_leads,
    organic_orders,
    showrooming_leads,
)
from crosschannel.generator.web import (
    LEAD_SUBMIT,
    NEVER,
    Cookies,
    Events,
    Visits,
    event_accounts,
    expand_events,
    login_times,
    make_cookies,
    organic_visits,
    research_visits,
    transaction_visits,
)

_RECORD_OF_CHANNEL = ints([WEB_ACCOUNT, STORE_CUSTOMER, CRM_CONTACT])  # web, store, call_center


@dataclass(frozen=True)
class Counters:
    """Run-wide sequence numbers used before a chunk: ids are numbered across chunks."""

    persons: int = 0
    households: int = 0
    cookies: int = 0
    records: tuple[int, int, int] = (0, 0, 0)
    leads: int = 0
    orders: int = 0
    events: int = 0


@dataclass(frozen=True)
class Chunk:
    """Everything simulated for a chunk of persons, before rendering to text."""

    persons: Persons
    records: Records  # first versions
    record_number: IntArray  # run-wide number within the record's kind
    updated_at: IntArray
    redelivery: Redelivery
    cookies: Cookies
    visits: Visits
    events: Events
    event_account: IntArray  # record index of the logged-in account, NONE
    cookie_tied_without_campaigns: BoolArray
    event_number: IntArray
    leads: Leads
    lead_record: IntArray  # record index of the lead's source customer, NONE
    lead_number: IntArray
    orders: Orders
    order_record: IntArray
    order_number: IntArray
    audience: Audience
    touches: Touches

    def counters_after(self, before: Counters) -> Counters:
        kinds = np.bincount(self.records.kind, minlength=3)
        return Counters(
            persons=before.persons + len(self.persons),
            households=int(self.persons.household[-1]) + 1,
            cookies=before.cookies + len(self.cookies),
            records=(
                before.records[0] + int(kinds[0]),
                before.records[1] + int(kinds[1]),
                before.records[2] + int(kinds[2]),
            ),
            leads=before.leads + len(self.leads),
            orders=before.orders + len(self.orders),
            events=before.events + len(self.events),
        )


def simulate_chunk(
    rng: np.random.Generator,
    ref: Reference,
    lexicon: Lexicon,
    registry: EmailRegistry,
    params: Parameters,
    counters: Counters,
    count: int,
) -> Chunk:
    """Simulate `count` persons numbered after those of earlier chunks."""
    persons = make_persons(rng, ref, lexicon, registry, counters.persons, count, counters.households, params)
    records = base_records(rng, persons, ref, params)
    cookies = make_cookies(rng, persons, ref, params, counters.cookies)
    organic = organic_visits(rng, persons, cookies, ref, params)
    first_seen = np.full(len(cookies), NEVER, dtype=np.int64)
    np.minimum.at(first_seen, organic.cookie, organic.anchor_at)
    accounts = np.flatnonzero(records.kind == WEB_ACCOUNT)
    reach = Reach(
        cookies=Groups(cookies.person, count),
        cookie_site=cookies.site,
        accounts=Groups(records.person[accounts], count, accounts),
        record_place=records.place,
    )

    orders = organic_orders(rng, persons, reach, ref, params)
    leads, conversions = convert_leads(
        rng, persons, reach, ref, params, organic_leads(rng, persons, reach, ref, params), len(orders)
    )
    campaigns = run_campaigns(rng, persons, records, cookies, first_seen, reach, ref, params)
    orders = concat_rows([orders, conversions, campaigns.orders])
    research, researched = research_visits(rng, persons, reach.cookies, ref, params, orders)
    orders = dataclasses.replace(orders, ropo_research=researched)
    leads = concat_rows([leads, showrooming_leads(rng, persons, reach, ref, params, orders, leads)])
    records, order_record, lead_record = _attach_records(rng, persons, records, orders, leads, params)

    visits = concat_rows(
        [organic, research, campaigns.visits, transaction_visits(rng, persons, cookies, ref, leads, orders)]
    )
    events, visit_start = expand_events(rng, visits, ref)
    has_account = np.zeros(count, dtype=bool)
    has_account[records.person[records.kind == WEB_ACCOUNT]] = True
    login, login_without_purchases = login_times(rng, cookies, organic, has_account, visits, visit_start, params)
    # A cookie tied to its person by what they do anyway: a login, a purchase or a web lead that no
    # campaign caused (the truth of what a campaign's audience key lets one observe).
    tied_without_campaigns = login_without_purchases != NEVER
    order_campaign = np.r_[orders.campaign, NONE]  # a visit without an order reads the NONE at the end
    organic_purchase = (visits.order != NONE) & (order_campaign[visits.order] == NONE)
    tied_without_campaigns[visits.cookie[organic_purchase]] = True
    tied_without_campaigns[leads.cookie[leads.cookie != NONE]] = True
    event_account = event_accounts(
        events, cookies, login, KeyIndex(record_keys(records.kind, records.person, records.place))
    )
    # A web lead belongs to the account its form was sent from, when the visitor was logged in.
    submits = np.flatnonzero(events.event_type == LEAD_SUBMIT)
    lead_record[events.lead[submits]] = event_account[submits]

    records = dataclasses.replace(
        records,
        created_at=_created_before_first_use(
            rng,
            records,
            [(order_record, orders.ordered_at), (lead_record, leads.created_at), (event_account, events.at)],
        ),
    )
    updated_at = _updated_at(rng, records)
    records, redelivery = plan_redeliveries(rng, records, updated_at, params)
    record_offset = ints(counters.records)[records.kind]
    return Chunk(
        persons=persons,
        records=records,
        record_number=record_offset + rank_within(records.kind),
        updated_at=updated_at,
        redelivery=redelivery,
        cookies=cookies,
        visits=visits,
        events=events,
        event_account=event_account,
        cookie_tied_without_campaigns=tied_without_campaigns,
        event_number=counters.events + np.arange(len(events), dtype=np.int64),
        leads=leads,
        lead_record=lead_record,
        lead_number=counters.leads + np.arange(len(leads), dtype=np.int64),
        orders=orders,
        order_record=order_record,
        order_number=counters.orders + np.arange(len(orders), dtype=np.int64),
        audience=campaigns.audience,
        touches=campaigns.touches,
    )


def _attach_records(
    rng: np.random.Generator,
    persons: Persons,
    records: Records,
    orders: Orders,
    leads: Leads,
    params: Parameters,
) -> tuple[Records, IntArray, IntArray]:
    """The back-office record of each order and store / call-centre lead, created where missing.

    A person buys through a back office only where they are known: a store order needs a card at
    that store, a web order an account on that site, a call-centre order a CRM contact. Missing
    records are created just before their first use.
    """
    needs_record = leads.channel != WEB  # a web lead is tied to an account only when logged in
    kind = np.r_[_RECORD_OF_CHANNEL[orders.channel], _RECORD_OF_CHANNEL[leads.channel[needs_record]]]
    person = np.r_[orders.person, leads.person[needs_record]]
    place = np.r_[
        np.select([orders.channel == WEB, orders.channel == STORE], [orders.site, orders.store], NONE),
        np.where(leads.channel == STORE, leads.store, NONE)[needs_record],
    ].astype(np.int64)
    at = np.r_[orders.ordered_at, leads.created_at[needs_record]]
    keys = record_keys(kind, person, place)
    found = KeyIndex(record_keys(records.kind, records.person, records.place)).find(keys)
    missing = np.flatnonzero(found == NONE)
    _, first, which = np.unique(keys[missing], return_index=True, return_inverse=True)
    first_use = np.full(len(first), NEVER, dtype=np.int64)
    np.minimum.at(first_use, which, at[missing])
    new = missing[first]
    created = make_records(
        rng,
        persons,
        kind[new],
        person[new],
        place[new],
        first_use - uniform_int(rng, MINUTE, 2 * HOUR, len(new)),
        params,
        call_center_sources(len(new)),
    )
    found[missing] = len(records) + which
    lead_record = np.full(len(leads), NONE, dtype=np.int64)
    lead_record[needs_record] = found[len(orders) :]
    return concat_rows([records, created]), found[: len(orders)], lead_record


def _created_before_first_use(
    rng: np.random.Generator, records: Records, uses: list[tuple[IntArray, IntArray]]
) -> IntArray:
    """Creation dates, moved to just before the first order, lead or logged-in event that uses the record."""
    first_use = np.full(len(records), NEVER, dtype=np.int64)
    for record, at in uses:
        used = record != NONE
        np.minimum.at(first_use, record[used], at[used])
    earlier = first_use - uniform_int(rng, MINUTE, 2 * HOUR, len(records))
    return np.where(first_use < records.created_at, earlier, records.created_at)


def _updated_at(rng: np.random.Generator, records: Records) -> IntArray:
    """Last update of each record: its creation or up to a year later; an unsubscription updates it."""
    n = len(records)
    later = records.created_at + np.where(rng.random(n) < 0.6, uniform_int(rng, 0, 400 * DAY, n), 0)
    updated = np.maximum(records.created_at, np.minimum(later, ACTIVITY_END - HOUR))
    return np.maximum(updated, records.unsubscribed_at)
