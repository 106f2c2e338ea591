"""Leads and orders of a chunk: organic demand, quote journeys between channels, showrooming.

Demand is a Poisson process per person (rate = parameter x the person's activity), which is also
what makes each campaign member's expected baseline conversion computable (campaigns.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    FloatArray,
    Groups,
    IntArray,
    choice,
    expand,
    uniform_int,
)
from crosschannel.generator.clock import ACTIVITY_END, ACTIVITY_START, DAY, HOUR
from crosschannel.generator.config import Parameters
from crosschannel.generator.people import PROFILES, ContactPlan, Persons, draw_contact_plan
from crosschannel.generator.reference import BRAND_SITE, Reference

CHANNELS = ("web", "store", "call_center")
WEB, STORE, CALL_CENTER = range(3)
SOURCE_SYSTEMS = ("web", "store", "crm")  # the back office of each channel, same order
LEAD_TYPES = ("quote", "test_drive", "appointment", "callback")
QUOTE, TEST_DRIVE, APPOINTMENT, CALLBACK = range(4)
LEAD_STATUSES = ("open", "won", "lost")
OPEN, WON, LOST = range(3)
ORDER_STATUSES = ("confirmed", "cancelled", "refunded")
CONFIRMED, CANCELLED, REFUNDED = range(3)
JOURNEYS = ("web_to_store", "store_to_web", "same_channel", "not_converted")
WEB_TO_STORE, STORE_TO_WEB, SAME_CHANNEL, NOT_CONVERTED = range(4)
CURRENCIES = ("EUR", "CHF")

# Travellers per order or quote, and their weights.
TRAVELLERS = (1, 2, 3, 4)
TRAVELLER_WEIGHTS = (0.35, 0.40, 0.10, 0.15)
REVENUE_FACTOR = (0.85, 1.10)  # revenue = list price x travellers x U(factor)
MARGIN_RATE = (0.05, 0.15)  # margin = revenue x U(rate)
MEAN_MARGIN_RATE = sum(MARGIN_RATE) / 2
ACTIVITY_DAYS = (ACTIVITY_END - ACTIVITY_START) / DAY
_LEAD_TYPE_WEIGHTS = ((0.60, 0.05, 0.15, 0.20), (0.60, 0.0, 0.40, 0.0), (0.40, 0.0, 0.10, 0.50))
_LEAD_PROFILES = ("web_form", "store_lead", "call_center")


@dataclass(frozen=True)
class Reach:
    """What a chunk's persons can buy with: their cookies and the web accounts they already have."""

    cookies: Groups
    cookie_site: IntArray
    accounts: Groups  # rows are record indices of web accounts
    record_place: IntArray


@dataclass(frozen=True)
class Leads:
    """Leads of a chunk (one row per lead), with the journey each one takes."""

    person: IntArray
    channel: IntArray
    created_at: IntArray
    product: IntArray  # NONE for call-backs about nothing in particular
    lead_type: IntArray
    travellers: IntArray
    quoted_cents: IntArray  # NONE unless a quote
    journey: IntArray
    status: IntArray
    store: IntArray  # store chosen by, or taking, the lead (NONE)
    cookie: IntArray  # the cookie a web lead was sent from (NONE otherwise)
    contact: ContactPlan  # what the form or the clerk wrote
    converted_order: IntArray  # NONE unless converted
    reverse_ropo: BoolArray  # a store visit injected before a web order or quote

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True)
class Orders:
    """Orders of a chunk (one row per order), with what caused them."""

    person: IntArray
    channel: IntArray
    ordered_at: IntArray
    product: IntArray
    quantity: IntArray
    revenue_cents: IntArray  # in EUR (CHF orders are written converted)
    margin_cents: IntArray  # NONE when the source does not give it
    chf: BoolArray
    status: IntArray
    store: IntArray
    site: IntArray
    cookie: IntArray  # web orders: the cookie the order was placed from
    lead: IntArray  # the lead this order converts (NONE)
    campaign: IntArray  # the campaign whose treatment caused this extra order (NONE)
    ropo_research: BoolArray  # a web research visit was injected before this store order

    def __len__(self) -> int:
        return len(self.person)


def confirmed_order_rate(persons: Persons, params: Parameters) -> FloatArray:
    """Expected confirmed orders per day of each person from organic demand (leads included).

    Orders arrive at rate orders_per_person x activity over the two years; leads likewise, and a
    lead turns into an order with the conversion share of its channel. Persons who do not browse
    send their would-be web leads to a store, where store-to-web journeys stay in the store.
    """
    web_leads = params.lead_channel_weights[WEB] / sum(params.lead_channel_weights)
    store_leads = params.lead_channel_weights[STORE] / sum(params.lead_channel_weights)
    call_leads = 1 - web_leads - store_leads
    store_conversion = params.store_lead_to_web_share + params.store_lead_to_store_share
    call_conversion = call_leads * params.call_center_lead_converted_share
    browser = (
        web_leads * (params.web_lead_to_store_share + params.web_lead_to_web_share)
        + store_leads * store_conversion
        + call_conversion
    )
    other = (web_leads + store_leads) * store_conversion + call_conversion
    conversion = np.where(persons.is_browser, browser, other)
    per_day = (params.orders_per_person + params.leads_per_person * conversion) / ACTIVITY_DAYS
    return persons.activity * per_day * params.confirmed_share


def _random_products(rng: np.random.Generator, ref: Reference, category: IntArray) -> IntArray:
    products = ref.products
    return products.category_start[category] + np.floor(
        rng.random(len(category)) * products.category_count[category]
    ).astype(np.int64)


def preferred_products(
    rng: np.random.Generator, persons: Persons, ref: Reference, person: IntArray
) -> IntArray:
    """A product of the person's favourite category (60%) or of any category."""
    n = len(person)
    category = np.where(
        rng.random(n) < 0.6,
        persons.favourite_category[person],
        rng.integers(0, len(ref.products.category_count), n),
    )
    return _random_products(rng, ref, category)


def other_product_same_category(rng: np.random.Generator, ref: Reference, product: IntArray) -> IntArray:
    """Another product of the same category (the same one when the category has a single product)."""
    category = ref.products.category[product]
    count = ref.products.category_count[category]
    shift = 1 + np.floor(rng.random(len(product)) * np.maximum(count - 1, 1)).astype(np.int64)
    start = ref.products.category_start[category]
    return start + (product - start + shift) % count


def new_orders(
    rng: np.random.Generator,
    persons: Persons,
    reach: Reach,
    ref: Reference,
    params: Parameters,
    person: IntArray,
    channel: IntArray,
    ordered_at: IntArray,
    product: IntArray,
    *,
    store: IntArray,
    travellers: IntArray,
    quoted_cents: IntArray,
    lead: IntArray,
    campaign: IntArray,
) -> Orders:
    """Orders with their selling place, price and status (store / travellers / quote: NONE to draw)."""
    n = len(person)
    web = channel == WEB
    cookie = np.where(web, reach.cookies.pick(rng, person), NONE)
    # A web order is placed on a site where the person has an account if they have one; otherwise
    # on the site they browse, where an account is then opened for the order.
    account = reach.accounts.pick(rng, person)
    site = np.where(
        account >= 0, reach.record_place[np.maximum(account, 0)], reach.cookie_site[np.maximum(cookie, 0)]
    )
    site = np.where(web, site, NONE)
    second = persons.second_store[person]
    selling = np.where((second != NONE) & (rng.random(n) < 0.2), second, persons.home_store[person])
    store = np.where(channel == STORE, np.where(store != NONE, store, selling), NONE)
    # Web orders on a white-label site are credited to the agency that owns the site.
    store = np.where(web & (site > BRAND_SITE), ref.sites.store[np.maximum(site, 0)], store)
    quantity = np.where(
        travellers != NONE, travellers, np.asarray(TRAVELLERS)[choice(rng, TRAVELLER_WEIGHTS, n)]
    )
    list_total = ref.products.list_cents[product] * quantity
    low, high = REVENUE_FACTOR
    revenue = np.where(
        quoted_cents != NONE,
        quoted_cents * (0.95 + 0.05 * rng.random(n)),
        list_total * (low + (high - low) * rng.random(n)),
    ).astype(np.int64)
    low, high = MARGIN_RATE
    margin = (revenue * (low + (high - low) * rng.random(n))).astype(np.int64)
    status = choice(
        rng,
        (params.confirmed_share, params.cancelled_share, 1 - params.confirmed_share - params.cancelled_share),
        n,
    )
    caused = campaign != NONE
    return Orders(
        person=person,
        channel=channel,
        ordered_at=ordered_at,
        product=product,
        quantity=quantity,
        revenue_cents=revenue,
        margin_cents=np.where(rng.random(n) < params.margin_missing_share, NONE, margin),
        chf=~caused & (rng.random(n) < params.chf_order_share),
        # The extra conversions a campaign causes are, by definition, confirmed sales.
        status=np.where(caused, CONFIRMED, status),
        store=store,
        site=site,
        cookie=cookie,
        lead=lead,
        campaign=campaign,
        ropo_research=np.zeros(n, dtype=bool),
    )


def _poisson_arrivals(rng: np.random.Generator, rate: FloatArray) -> tuple[IntArray, IntArray]:
    """Persons and instants of events arriving at these per-person rates over the two years."""
    count = rng.poisson(rate)
    person, _ = expand(count.astype(np.int64))
    at = uniform_int(rng, ACTIVITY_START + HOUR, ACTIVITY_END - HOUR, len(person))
    return person, at


def _channels(
    rng: np.random.Generator, persons: Persons, person: IntArray, weights: tuple[float, float, float]
) -> IntArray:
    """Channels drawn with these weights; persons who never browse use a store instead of the web."""
    channel = choice(rng, weights, len(person))
    return np.where((channel == WEB) & ~persons.is_browser[person], STORE, channel)


def organic_orders(
    rng: np.random.Generator, persons: Persons, reach: Reach, ref: Reference, params: Parameters
) -> Orders:
    """Orders not preceded by a lead of the simulation."""
    person, at = _poisson_arrivals(rng, persons.activity * params.orders_per_person)
    n = len(person)
    channel = _channels(rng, persons, person, params.order_channel_weights)
    none = np.full(n, NONE, dtype=np.int64)
    return new_orders(
        rng,
        persons,
        reach,
        ref,
        params,
        person,
        channel,
        at,
        preferred_products(rng, persons, ref, person),
        store=none,
        travellers=none,
        quoted_cents=none,
        lead=none,
        campaign=none,
    )


def organic_leads(
    rng: np.random.Generator, persons: Persons, reach: Reach, ref: Reference, params: Parameters
) -> Leads:
    """Quote, appointment and call-back requests, each with the journey it will take."""
    person, at = _poisson_arrivals(rng, persons.activity * params.leads_per_person)
    n = len(person)
    channel = _channels(rng, persons, person, params.lead_channel_weights)
    lead_type = np.select(
        [channel == code for code in range(3)],
        [choice(rng, weights, n) for weights in _LEAD_TYPE_WEIGHTS],
    )
    product = preferred_products(rng, persons, ref, person)
    product = np.where((lead_type == CALLBACK) & (rng.random(n) < 0.5), NONE, product)
    draw = rng.random(n)
    browser = persons.is_browser[person]
    journey = np.select(
        [
            (channel == WEB) & (draw < params.web_lead_to_store_share),
            (channel == WEB) & (draw < params.web_lead_to_store_share + params.web_lead_to_web_share),
            (channel == STORE) & (draw < params.store_lead_to_web_share) & browser,
            (channel == STORE) & (draw < params.store_lead_to_web_share + params.store_lead_to_store_share),
            (channel == CALL_CENTER) & (draw < params.call_center_lead_converted_share),
        ],
        [WEB_TO_STORE, SAME_CHANNEL, STORE_TO_WEB, SAME_CHANNEL, SAME_CHANNEL],
        NOT_CONVERTED,
    )
    # A converting lead needs a product to buy.
    journey = np.where(product == NONE, NOT_CONVERTED, journey)
    second = persons.second_store[person]
    at_store = np.where((second != NONE) & (rng.random(n) < 0.15), second, persons.home_store[person])
    store = np.select(
        [
            channel == STORE,
            (channel == WEB) & (rng.random(n) < 0.6),
            (channel == CALL_CENTER) & (rng.random(n) < 0.3),
        ],
        [at_store, persons.home_store[person], persons.home_store[person]],
        NONE,
    )
    return _leads(rng, persons, reach, ref, params, person, channel, at, product, lead_type, journey, store)


def _leads(
    rng: np.random.Generator,
    persons: Persons,
    reach: Reach,
    ref: Reference,
    params: Parameters,
    person: IntArray,
    channel: IntArray,
    at: IntArray,
    product: IntArray,
    lead_type: IntArray,
    journey: IntArray,
    store: IntArray,
) -> Leads:
    """Leads with their travellers, quote, default status, cookie and written contact details."""
    n = len(person)
    travellers = np.asarray(TRAVELLERS)[choice(rng, TRAVELLER_WEIGHTS, n)].astype(np.int64)
    quoted = (
        ref.products.list_cents[np.maximum(product, 0)] * travellers * (0.95 + 0.20 * rng.random(n))
    ).astype(np.int64)
    plans = [
        draw_contact_plan(rng, persons, person, PROFILES[profile], params, store != NONE)
        for profile in _LEAD_PROFILES
    ]
    contact = dataclasses.replace(
        plans[0],
        **{
            field.name: np.choose(channel, [getattr(plan, field.name) for plan in plans])
            for field in dataclasses.fields(ContactPlan)
        },
    )
    return Leads(
        person=person,
        channel=channel,
        created_at=at,
        product=product,
        lead_type=lead_type,
        travellers=travellers,
        quoted_cents=np.where((lead_type == QUOTE) & (product != NONE), (quoted // 100) * 100, NONE),
        journey=journey,
        status=np.where(rng.random(n) < 0.3, OPEN, LOST),
        store=store,
        cookie=np.where(channel == WEB, reach.cookies.pick(rng, person), NONE),
        contact=contact,
        converted_order=np.full(n, NONE, dtype=np.int64),
        reverse_ropo=np.zeros(n, dtype=bool),
    )


def convert_leads(
    rng: np.random.Generator,
    persons: Persons,
    reach: Reach,
    ref: Reference,
    params: Parameters,
    leads: Leads,
    first_order: int,
) -> tuple[Leads, Orders]:
    """The orders of converting leads (numbered from first_order), and the leads marked won."""
    delay = uniform_int(rng, DAY, 20 * DAY, len(leads))
    converts = (leads.journey != NOT_CONVERTED) & (leads.created_at + delay < ACTIVITY_END - HOUR)
    # A lead whose conversion would fall after the simulated years is still open.
    journey = np.where((leads.journey != NOT_CONVERTED) & ~converts, NOT_CONVERTED, leads.journey)
    status = np.where(converts, WON, np.where(leads.journey != NOT_CONVERTED, OPEN, leads.status))
    rows = np.flatnonzero(converts)
    channel = np.select(
        [journey[rows] == WEB_TO_STORE, journey[rows] == STORE_TO_WEB], [STORE, WEB], leads.channel[rows]
    )
    # A web lead converted in store goes to the store the visitor chose, if any.
    store = np.where(channel == STORE, leads.store[rows], NONE)
    orders = new_orders(
        rng,
        persons,
        reach,
        ref,
        params,
        leads.person[rows],
        channel,
        leads.created_at[rows] + delay[rows],
        leads.product[rows],
        store=store,
        travellers=leads.travellers[rows],
        quoted_cents=leads.quoted_cents[rows],
        lead=rows,
        campaign=np.full(len(rows), NONE, dtype=np.int64),
    )
    converted = np.full(len(leads), NONE, dtype=np.int64)
    converted[rows] = first_order + np.arange(len(rows))
    return dataclasses.replace(leads, journey=journey, status=status, converted_order=converted), orders


def showrooming_leads(
    rng: np.random.Generator,
    persons: Persons,
    reach: Reach,
    ref: Reference,
    params: Parameters,
    orders: Orders,
    leads: Leads,
) -> Leads:
    """Store quotes and appointments a few days before some web orders and web quotes (reverse ROPO)."""
    web_orders = np.flatnonzero(orders.channel == WEB)
    web_quotes = np.flatnonzero((leads.channel == WEB) & (leads.lead_type == QUOTE))
    person = np.r_[orders.person[web_orders], leads.person[web_quotes]].astype(np.int64)
    at = np.r_[orders.ordered_at[web_orders], leads.created_at[web_quotes]].astype(np.int64)
    product = np.r_[orders.product[web_orders], leads.product[web_quotes]].astype(np.int64)
    earliest = np.maximum(at - 30 * DAY, ACTIVITY_START + HOUR)
    chosen = (rng.random(len(person)) < params.reverse_ropo_share) & (earliest < at - DAY)
    person, at, product, earliest = person[chosen], at[chosen], product[chosen], earliest[chosen]
    n = len(person)
    shown = _leads(
        rng,
        persons,
        reach,
        ref,
        params,
        person,
        np.full(n, STORE, dtype=np.int64),
        uniform_int(rng, earliest, at - DAY, n),
        product,
        np.where(rng.random(n) < 0.7, QUOTE, APPOINTMENT),
        np.full(n, NOT_CONVERTED, dtype=np.int64),
        persons.home_store[person],
    )
    # The store does not know the customer went on to buy online: for it the lead is lost or open.
    return dataclasses.replace(
        shown, status=np.where(rng.random(n) < 0.6, LOST, OPEN), reverse_ropo=np.ones(n, dtype=bool)
    )


def expected_caused_order_cents(ref: Reference) -> float:
    """Expected EUR revenue (cents) of a campaign-caused order: any product, drawn travellers and price."""
    travellers = float(np.dot(TRAVELLERS, TRAVELLER_WEIGHTS) / sum(TRAVELLER_WEIGHTS))
    return float(ref.products.list_cents.mean()) * travellers * sum(REVENUE_FACTOR) / 2
