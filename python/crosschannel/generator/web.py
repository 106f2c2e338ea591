"""Cookies, visits and web events.

A visit is planned as one row (cookie, time, site, how the visitor arrived, what it ends with) and
expanded into events only at the end of a chunk, all visits at once: a landing page, some browsing
in one product category, then possibly a tail (a lead form, a purchase, or the product research
that precedes a store purchase). A planned purchase or lead fixes the time of the tail's last event,
so the order event and the raw order carry the same instant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    Groups,
    IntArray,
    KeyIndex,
    choice,
    concat_rows,
    expand,
    group_starts,
    ints,
    uniform_int,
)
from crosschannel.generator.backoffice import WEB_ACCOUNT, record_keys
from crosschannel.generator.clock import ACTIVITY_END, ACTIVITY_START, DAY, DST_CHANGES, HOUR, activity_month
from crosschannel.generator.config import Parameters
from crosschannel.generator.people import Persons
from crosschannel.generator.reference import BRAND_SITE, Reference
from crosschannel.generator.sales import STORE, WEB, Leads, Orders, other_product_same_category

EVENT_TYPES = ("page_view", "product_view", "search", "lead_start", "lead_submit", "add_to_cart", "order")
PAGE_VIEW, PRODUCT_VIEW, SEARCH, LEAD_START, LEAD_SUBMIT, ADD_TO_CART, ORDER = range(7)
DEVICES = ("desktop", "mobile", "tablet")

# How a visitor arrives, and the landing parameters each way leaves in the first event.
DIRECT, ORGANIC_SEARCH, PAID_SEARCH, SOCIAL, DISPLAY, EMAIL, AFFILIATE, REFERRAL, SMS, RETARGETING, PRINT = (
    range(11)
)
_ORGANIC_WEIGHTS = (0.25, 0.25, 0.17, 0.10, 0.05, 0.08, 0.05, 0.05, 0.0, 0.0, 0.0)
# Per raw campaign channel (vocabulary.CAMPAIGN_CHANNELS): how its clicks arrive.
CAMPAIGN_ARRIVALS = ints([EMAIL, SMS, DISPLAY, RETARGETING, PAID_SEARCH, SOCIAL, PRINT])
UTM_SOURCES = (
    "google",
    "bing",
    "facebook",
    "instagram",
    "criteo",
    "outbrain",
    "newsletter",
    "ebuyclub",
    "igraal",
    "sms",
    "courrier",
)
UTM_MEDIUMS = ("cpc", "social", "display", "email", "affiliate", "sms", "retargeting", "print")
REFERRERS = (
    "https://www.google.fr/",
    "https://www.bing.com/",
    "https://www.qwant.com/",
    "https://www.facebook.com/",
    "https://www.instagram.com/",
    "https://www.routard.com/",
    "https://www.tripadvisor.fr/",
    "https://www.lonelyplanet.fr/",
)
# Per marketing way: the possible (utm_source, utm_medium, referrer) of the landing event (NONE: empty).
_LANDINGS: tuple[tuple[tuple[int, int, int], ...], ...] = (
    ((NONE, NONE, NONE),),
    ((NONE, NONE, 0), (NONE, NONE, 1), (NONE, NONE, 2)),
    ((0, 0, 0), (1, 0, 1)),
    ((2, 1, 3), (3, 1, 4)),
    ((4, 2, NONE), (5, 2, NONE)),
    ((6, 3, NONE),),
    ((7, 4, NONE), (8, 4, NONE)),
    ((NONE, NONE, 5), (NONE, NONE, 6), (NONE, NONE, 7)),
    ((9, 5, NONE),),
    ((4, 6, NONE),),
    ((10, 7, NONE),),
)
_LANDING_TABLE = ints([option for options in _LANDINGS for option in options])
_LANDING_COUNT = ints([len(options) for options in _LANDINGS])
_LANDING_START = group_starts(_LANDING_COUNT)
# utm_campaign values that are not raw campaigns: monthly newsletters and search ad groups.
GENERIC_CAMPAIGNS = tuple(f"nl_{year}_{month:02d}" for year in (2024, 2025) for month in range(1, 13)) + (
    "sea_marque",
    "sea_generique",
)
_SEA_FIRST = 24

# What a visit ends with.
TAIL_NONE, TAIL_LEAD, TAIL_ORDER, TAIL_RESEARCH = range(4)
_TAIL_TYPES = ints(
    [
        [NONE, NONE, NONE],
        [PRODUCT_VIEW, LEAD_START, LEAD_SUBMIT],
        [PRODUCT_VIEW, ADD_TO_CART, ORDER],
        [PRODUCT_VIEW, NONE, NONE],
    ]
)
_TAIL_LENGTH = ints([0, 3, 3, 1])
_BROWSE_TYPES = (PAGE_VIEW, PRODUCT_VIEW, SEARCH, ADD_TO_CART)
_BROWSE_WEIGHTS = (0.28, 0.47, 0.20, 0.05)
NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Cookies:
    """The browsers of a chunk's persons (one row per cookie)."""

    person: IntArray
    number: IntArray  # run-wide sequence number -> cookie_id
    device: IntArray
    site: IntArray  # the site this browser mostly visits

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True)
class Visits:
    """Planned visits (one row per visit), expanded into events by expand_events."""

    cookie: IntArray
    anchor_at: IntArray  # time of the first event, or of the last one when anchor_last
    anchor_last: BoolArray
    site: IntArray
    utm_source: IntArray
    utm_medium: IntArray
    referrer: IntArray
    campaign: IntArray  # raw campaign of utm_campaign, NONE
    generic_campaign: IntArray  # index into GENERIC_CAMPAIGNS, NONE
    category: IntArray  # product category browsed
    browse: IntArray  # events before the tail (landing included)
    tail: IntArray
    product: IntArray  # product of the tail
    lead: IntArray
    order: IntArray

    def __len__(self) -> int:
        return len(self.cookie)


@dataclass(frozen=True)
class Events:
    """Web events (one row per event)."""

    visit: IntArray
    cookie: IntArray
    at: IntArray
    site: IntArray
    event_type: IntArray
    product: IntArray
    lead: IntArray
    order: IntArray
    landing: BoolArray  # first event of its visit: carries the utm parameters and referrer

    def __len__(self) -> int:
        return len(self.visit)


def person_sites(persons: Persons, ref: Reference) -> IntArray:
    """(persons, 3) sites a person may browse: the brand site, their agencies' white-label sites (or NONE)."""
    home = ref.stores.site[persons.home_store]
    second = np.where(
        persons.second_store != NONE, ref.stores.site[np.maximum(persons.second_store, 0)], NONE
    )
    return np.stack([np.full(len(persons), BRAND_SITE), home, second], axis=1)


def make_cookies(
    rng: np.random.Generator, persons: Persons, ref: Reference, params: Parameters, first_number: int
) -> Cookies:
    """One to four browsers (devices) for each person who browses."""
    count = np.where(persons.is_browser, choice(rng, params.cookie_count_weights, len(persons)) + 1, 0)
    person, rank = expand(count)
    n = len(person)
    # The first browser is often a computer, the next ones phones and tablets.
    device = np.where(rank == 0, choice(rng, (0.5, 0.4, 0.1), n), choice(rng, (0.3, 0.55, 0.15), n))
    home_site = ref.stores.site[persons.home_store[person]]
    site = np.where((home_site != NONE) & (rng.random(n) < 0.4), home_site, BRAND_SITE)
    return Cookies(
        person=person, number=first_number + np.arange(n, dtype=np.int64), device=device, site=site
    )


def new_visits(
    rng: np.random.Generator,
    *,
    cookie: IntArray,
    anchor_at: IntArray,
    anchor_last: bool,
    site: IntArray,
    marketing: IntArray,
    campaign: IntArray,
    category: IntArray,
    browse_mean: float,
    tail: int,
    product: IntArray,
    lead: IntArray,
    order: IntArray,
) -> Visits:
    """Visits with their landing parameters drawn for the way each visitor arrives."""
    n = len(cookie)
    option = _LANDING_START[marketing] + np.floor(rng.random(n) * _LANDING_COUNT[marketing]).astype(np.int64)
    landing = _LANDING_TABLE[option]
    month = np.clip(activity_month(anchor_at), 0, _SEA_FIRST - 1)
    generic = np.select(
        [(marketing == EMAIL) & (campaign == NONE), (marketing == PAID_SEARCH) & (campaign == NONE)],
        [month, _SEA_FIRST + rng.integers(0, 2, n)],
        NONE,
    )
    return Visits(
        cookie=cookie,
        anchor_at=anchor_at,
        anchor_last=np.full(n, anchor_last),
        site=site,
        utm_source=landing[:, 0],
        utm_medium=landing[:, 1],
        referrer=landing[:, 2],
        campaign=campaign,
        generic_campaign=generic,
        category=category,
        browse=1 + rng.poisson(browse_mean, n).astype(np.int64),
        tail=np.full(n, tail, dtype=np.int64),
        product=product,
        lead=lead,
        order=order,
    )


def visit_categories(
    rng: np.random.Generator, persons: Persons, ref: Reference, person: IntArray
) -> IntArray:
    """The category a visit browses: the person's favourite half of the time."""
    n = len(person)
    return np.where(
        rng.random(n) < 0.5,
        persons.favourite_category[person],
        rng.integers(0, len(ref.products.category_count), n),
    )


def organic_visits(
    rng: np.random.Generator, persons: Persons, cookies: Cookies, ref: Reference, params: Parameters
) -> Visits:
    """Browsing without a purchase or lead: a first visit per cookie, then more for keen browsers."""
    count = 1 + rng.poisson(params.organic_visits_per_cookie * persons.browsing[cookies.person])
    cookie, _ = expand(count.astype(np.int64))
    n = len(cookie)
    at = uniform_int(rng, ACTIVITY_START + HOUR, ACTIVITY_END - HOUR, n)
    # A few visits in the nights when clocks change, so every data set has such timestamps.
    changes = ints(DST_CHANGES)
    night = rng.random(n) < params.dst_night_visit_share
    at = np.where(
        night, changes[rng.integers(0, len(changes), n)] + uniform_int(rng, -2 * HOUR, 2 * HOUR, n), at
    )
    # Two visits of one browser less than two hours apart would merge into one session: keep the first.
    order = np.lexsort((at, cookie))
    cookie, at = cookie[order], at[order]
    too_close = np.r_[False, (cookie[1:] == cookie[:-1]) & (at[1:] - at[:-1] < 2 * HOUR)]
    cookie, at = cookie[~too_close], at[~too_close]
    n = len(cookie)
    person = cookies.person[cookie]
    sites = person_sites(persons, ref)[person]
    other = sites[np.arange(n), rng.integers(0, 3, n)]
    site = np.where((rng.random(n) < 0.15) & (other != NONE), other, cookies.site[cookie])
    none = np.full(n, NONE, dtype=np.int64)
    return new_visits(
        rng,
        cookie=cookie,
        anchor_at=at,
        anchor_last=False,
        site=site,
        marketing=choice(rng, _ORGANIC_WEIGHTS, n),
        campaign=none,
        category=visit_categories(rng, persons, ref, person),
        browse_mean=params.browse_events_per_visit,
        tail=TAIL_NONE,
        product=none,
        lead=none,
        order=none,
    )


def research_visits(
    rng: np.random.Generator,
    persons: Persons,
    cookie_groups: Groups,
    ref: Reference,
    params: Parameters,
    orders: Orders,
) -> tuple[Visits, BoolArray]:
    """Web research 1-30 days before some store orders (ROPO), and which orders got one.

    Only persons who browse can research online, so their store orders are picked more often to
    reach the wanted share of all store orders.
    """
    store = np.flatnonzero(orders.channel == STORE)
    person = orders.person[store]
    browses = persons.is_browser[person]
    share = params.ropo_store_order_share / max(float(browses.mean()) if len(store) else 1.0, 1e-9)
    earliest = np.maximum(orders.ordered_at[store] - 30 * DAY, ACTIVITY_START + HOUR)
    latest = orders.ordered_at[store] - DAY
    chosen = browses & (earliest < latest) & (rng.random(len(store)) < share)
    rows = store[chosen]
    person, earliest, latest = person[chosen], earliest[chosen], latest[chosen]
    n = len(rows)
    product = orders.product[rows]
    product = np.where(
        rng.random(n) < params.ropo_same_product_share,
        product,
        other_product_same_category(rng, ref, product),
    )
    # Researched on the brand site or on the selling agency's own white-label site.
    agency_site = ref.stores.site[orders.store[rows]]
    site = np.where((agency_site != NONE) & (rng.random(n) < 0.5), agency_site, BRAND_SITE)
    none = np.full(n, NONE, dtype=np.int64)
    visits = new_visits(
        rng,
        cookie=cookie_groups.pick(rng, person),
        anchor_at=uniform_int(rng, earliest, latest, n),
        anchor_last=True,
        site=site,
        marketing=ints((DIRECT, ORGANIC_SEARCH, PAID_SEARCH, SOCIAL))[choice(rng, (0.35, 0.35, 0.2, 0.1), n)],
        campaign=none,
        category=ref.products.category[product],
        browse_mean=1.5,
        tail=TAIL_RESEARCH,
        product=product,
        lead=none,
        order=none,
    )
    researched = np.zeros(len(orders), dtype=bool)
    researched[rows] = True
    return visits, researched


def transaction_visits(
    rng: np.random.Generator, persons: Persons, cookies: Cookies, ref: Reference, leads: Leads, orders: Orders
) -> Visits:
    """The visits in which web leads were sent and web orders placed."""
    web_leads = np.flatnonzero(leads.channel == WEB)
    web_orders = np.flatnonzero(orders.channel == WEB)
    n_leads, n_orders = len(web_leads), len(web_orders)
    cookie = np.r_[leads.cookie[web_leads], orders.cookie[web_orders]].astype(np.int64)
    product = np.r_[leads.product[web_leads], orders.product[web_orders]].astype(np.int64)
    person = cookies.person[cookie]
    category = np.where(
        product != NONE,
        ref.products.category[np.maximum(product, 0)],
        visit_categories(rng, persons, ref, person),
    )
    none_leads, none_orders = np.full(n_orders, NONE, dtype=np.int64), np.full(n_leads, NONE, dtype=np.int64)
    lead_visits = new_visits(
        rng,
        cookie=cookie[:n_leads],
        anchor_at=leads.created_at[web_leads],
        anchor_last=True,
        site=cookies.site[cookie[:n_leads]],
        marketing=choice(rng, _ORGANIC_WEIGHTS, n_leads),
        campaign=np.full(n_leads, NONE, dtype=np.int64),
        category=category[:n_leads],
        browse_mean=1.5,
        tail=TAIL_LEAD,
        product=product[:n_leads],
        lead=web_leads,
        order=none_orders,
    )
    order_visits = new_visits(
        rng,
        cookie=cookie[n_leads:],
        anchor_at=orders.ordered_at[web_orders],
        anchor_last=True,
        site=orders.site[web_orders],
        marketing=choice(rng, _ORGANIC_WEIGHTS, n_orders),
        campaign=np.full(n_orders, NONE, dtype=np.int64),
        category=category[n_leads:],
        browse_mean=1.5,
        tail=TAIL_ORDER,
        product=product[n_leads:],
        lead=none_leads,
        order=web_orders,
    )
    return concat_rows([lead_visits, order_visits])


def expand_events(rng: np.random.Generator, visits: Visits, ref: Reference) -> tuple[Events, IntArray]:
    """All events of these visits, and each visit's start time."""
    size = visits.browse + _TAIL_LENGTH[visits.tail]
    visit, position = expand(size)
    n = len(visit)
    # Seconds to minutes between two clicks of a visit.
    gap = np.where(position == 0, 0, 5 + rng.exponential(40.0, n).astype(np.int64))
    elapsed = np.cumsum(gap)
    first_row = group_starts(size)
    elapsed -= np.repeat(elapsed[first_row], size)
    anchor_row = first_row + np.where(visits.anchor_last, size - 1, 0)
    start = visits.anchor_at - elapsed[anchor_row]
    at = start[visit] + elapsed
    browse = visits.browse[visit]
    in_tail = position >= browse
    tail_type = _TAIL_TYPES[visits.tail[visit], np.where(in_tail, position - browse, 0)]
    # A lead form about no product in particular starts from a plain page.
    tail_type = np.where(
        in_tail & (tail_type == PRODUCT_VIEW) & (visits.product[visit] == NONE), PAGE_VIEW, tail_type
    )
    landing_type = ints((PAGE_VIEW, PRODUCT_VIEW, SEARCH))[choice(rng, (0.8, 0.15, 0.05), n)]
    browse_type = np.where(position == 0, landing_type, ints(_BROWSE_TYPES)[choice(rng, _BROWSE_WEIGHTS, n)])
    event_type = np.where(in_tail, tail_type, browse_type)
    products = ref.products
    category = visits.category[visit]
    browsed = products.category_start[category] + np.floor(
        rng.random(n) * products.category_count[category]
    ).astype(np.int64)
    with_product = (event_type == PRODUCT_VIEW) | (event_type == ADD_TO_CART)
    product = np.where(in_tail, visits.product[visit], np.where(with_product, browsed, NONE))
    product = np.where(event_type == PAGE_VIEW, NONE, product)
    is_lead_event = (event_type == LEAD_START) | (event_type == LEAD_SUBMIT)
    events = Events(
        visit=visit,
        cookie=visits.cookie[visit],
        at=at,
        site=visits.site[visit],
        event_type=event_type,
        product=product,
        lead=np.where(is_lead_event, visits.lead[visit], NONE),
        order=np.where(event_type == ORDER, visits.order[visit], NONE),
        landing=position == 0,
    )
    return events, start


def login_times(
    rng: np.random.Generator,
    cookies: Cookies,
    organic: Visits,
    has_account: BoolArray,
    visits: Visits,
    visit_start: IntArray,
    params: Parameters,
) -> tuple[IntArray, IntArray]:
    """When each cookie first logs in (NEVER for anonymous ones), and when it would without purchases.

    Persons with a web account log in on most of their browsers at the start of one of their visits;
    a web order needs a logged-in visit, so a browser is logged in from its first purchase at the latest.
    """
    visit = Groups(organic.cookie, len(cookies)).pick(rng, np.arange(len(cookies), dtype=np.int64))
    logs_in = (
        has_account[cookies.person] & (visit != NONE) & (rng.random(len(cookies)) < params.login_cookie_share)
    )
    without_purchases = np.where(logs_in, organic.anchor_at[np.maximum(visit, 0)], NEVER)
    login = without_purchases.copy()
    purchases = visits.tail == TAIL_ORDER
    np.minimum.at(login, visits.cookie[purchases], visit_start[purchases])
    return login, without_purchases


def event_accounts(events: Events, cookies: Cookies, login: IntArray, accounts: KeyIndex) -> IntArray:
    """The web account (record index) of each event: the person's account on its site, once logged in."""
    person = cookies.person[events.cookie]
    account = accounts.find(record_keys(np.full(len(events), WEB_ACCOUNT), person, events.site))
    return np.where((account != NONE) & (events.at >= login[events.cookie]), account, NONE)
