"""The ground truth of a chunk: who is behind every record, which orders were researched online,
what each campaign really caused, each person's funnel stage per month.

Record-level truth (identity, persons, leads, orders, campaign members) lists every true entity;
the flags derived from behaviour (ROPO, reverse ROPO, funnel stages, realised conversions) are
computed from the rows staging keeps: rows broken by a defect are not evidence, and a row delivered
twice counts once. The definitions are written to metadata.json (DEFINITIONS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import NONE, BoolArray, FloatArray, IntArray, gather, scramble
from crosschannel.generator.backoffice import CRM_CONTACT, RECORD_TABLES, RECORD_TYPES, loyalty_ids, record_ids
from crosschannel.generator.campaigns import (
    CAUSED_WEB_SHARE,
    GROUPS,
    IMPRESSION,
    KEY_COOKIE,
    KEY_EMAIL,
    KEY_PHONE,
    KEY_TYPES,
    OPEN,
)
from crosschannel.generator.chunk import Chunk
from crosschannel.generator.clock import ACTIVITY_MONTHS, ACTIVITY_START, DAY, HOUR, activity_month
from crosschannel.generator.defects import Defects
from crosschannel.generator import lexicon as lex
from crosschannel.generator.lexicon import Lexicon
from crosschannel.generator.people import BIRTH_SWAPPED, EMAIL_FAMILY, ContactPlan, person_emails
from crosschannel.generator.reference import Reference, campaign_ids, site_ids, store_ids
from crosschannel.generator.sales import CHANNELS, CONFIRMED, JOURNEYS, MEAN_MARGIN_RATE, STORE, WEB
from crosschannel.generator.tables import cookie_ids, lead_ids, order_ids
from crosschannel.generator.text import (
    dates,
    digit_chars,
    fixed_width,
    ids,
    literal_chars,
    lookup,
    money,
    utc_timestamps,
)
from crosschannel.generator.web import ADD_TO_CART, LEAD_START, LEAD_SUBMIT, ORDER, PRODUCT_VIEW

ROPO_WINDOW = 720 * HOUR
FUNNEL_STAGES = ("aware", "looker", "considerer", "intender", "buyer")
_AWARE, _LOOKER, _CONSIDERER, _INTENDER, _BUYER = range(1, 6)

DEFINITIONS = {
    "evidence": (
        "Flags derived from behaviour use the rows staging keeps: rows with a defect are not evidence"
        " and rows delivered twice count once. Instants are compared in UTC."
    ),
    "is_ropo": (
        "A store or call_center order is ROPO when the same person (any of their cookies, logged in "
        "or not) has a product_view, lead_start or lead_submit web event on a product of the same "
        "category as the order's product with ordered_at - 720 hours <= event_at < ordered_at."
    ),
    "is_identifiable_ropo": (
        "is_ropo, counting only research events on a cookie the delivered rows tie to the person: the "
        "cookie carries a kept logged-in event (any time) or sent a kept web lead, and both the order's "
        "and the event's product rows are kept (a quarantined product has no known category). The share a build "
        "can identify deterministically; is_ropo minus this is research on cookies nothing ties to anyone."
    ),
    "ropo_product_match": (
        "same_product when one of those events is on the order's product, else same_category; empty "
        "when not ROPO."
    ),
    "ropo_site_id": "site_id of the latest of those events (ties: the greatest event_id).",
    "is_reverse_ropo": (
        "A web order is reverse ROPO when the same person has a store lead (created_at) or a store "
        "order (ordered_at), any status, with ordered_at - 720 hours <= that instant < ordered_at."
    ),
    "converted_lead_id": "The lead_id the order carries (the lead it converts).",
    "is_started_online": (
        "A lead started online: a web lead, or a store or call_center lead of a person who has a "
        "lead_start web event (any of their cookies) with created_at - 720 hours <= event_at < created_at."
    ),
    "caused_by_campaign_id": (
        "The campaign whose treatment created this extra conversion (it would not exist without the "
        "campaign)."
    ),
    "journey": (
        "web_to_store: a web lead converted by a store order; store_to_web: a store lead converted by"
        " a web order; same_channel: converted in the lead's own channel; not_converted otherwise."
    ),
    "campaign_window": (
        "A member's response window is start_at <= ordered_at < end_at + response_extra_days days."
    ),
    "converted": (
        "A member converted when they have at least one confirmed order (web, store or call_center) "
        "in the window; revenue_in_window sums the EUR revenue of those orders."
    ),
    "baseline_conversion_rate": (
        "Mean over members of p0 = 1 - exp(-r * window_days), r being the person's expected rate of "
        "organic confirmed orders per day (campaign-caused orders of other campaigns excluded)."
    ),
    "true_absolute_lift": (
        "Mean over members of (1 - p0) * q, where q = min(1, p0 * lift / (1 - p0)) is the probability"
        " of the campaign-caused order of a treated member: the expected treatment rate minus the "
        "expected control rate."
    ),
    "true_revenue_lift_per_member": (
        "Mean over members of q times the expected EUR revenue of a campaign-caused order."
    ),
    "is_contaminated": (
        "The person is in both groups of the campaign, under two keys (one row each): their primary key "
        "and another back-office id of theirs. Only persons whose primary key names them alone (an id, "
        "a mobile, a personal e-mail) are contaminated this way. contaminated_persons counts them when "
        "both rows were delivered valid."
    ),
    "is_control_touched": (
        "A control member who received a kept touch anyway (non-compliance); is_exposed: treated, "
        "touched anyway or contaminated - the members a campaign-caused conversion can happen to."
    ),
    "true_itt_conversion_effect": (
        "Per row of campaign_members.csv: the row's term of true_itt_absolute_lift (its campaign's "
        "value is their mean over the analysed rows, is_analysed), so that the true effect on any "
        "group of members defined before the campaign (an audience at its start) is their mean."
    ),
    "true_itt_absolute_lift": (
        "Intention-to-treat effect on observed conversions, the estimand of the campaign marts: mean "
        "over analysed members (first row, valid, not contaminated) of (1 - would be touched if in "
        "control) x q x kept share of caused orders x (1 - organic conversion observed) x P(a caused "
        "order is observed through the key): 1 when the key names the person (an id, a mobile, a "
        "personal e-mail, a family address no one else in the household writes, a cookie tied to the "
        "person without any campaign), else the chance that a caused web order is placed from the key "
        "cookie. true_itt_relative_lift divides its sum by the expected observed control conversions; "
        "true_itt_revenue_lift_per_member and ..._margin_... add the caused order's expected revenue "
        "(margin: times the mean margin rate) and the organic revenue a caused order reveals."
    ),
    "funnel_stage": (
        "Per person and Europe/Paris calendar month, the highest stage reached: aware (a campaign "
        "impression or open touch) < looker (a product_view) < considerer (3 or more product_views of"
        " one category in the month, or an add_to_cart) < intender (a lead of any channel, or a "
        "lead_start / lead_submit event) < buyer (a confirmed order of any channel). Months without "
        "any of these have no row."
    ),
    "favourite_category": (
        "persons.csv: the category the person browses half the time and buys 60% of the time (the "
        "rest: any category). A true look-alike of a category's buyers is a person whose favourite "
        "category it is: they resemble its buyers on the web and are the likeliest to buy it."
    ),
    "intent": (
        "intents.csv has a row per person with at least one intent: a product_view or lead_start web "
        "event on a product, on any of their cookies. last_intent_at_utc is the latest; "
        "last_conversion_at_utc the latest conversion of any kind (empty: none): a confirmed order "
        "(web, store or call_center), a lead (any channel), or a lead_submit or order web event on "
        "any of their cookies. At an instant T and a window of W days, a person is an intender "
        "without conversion when last_intent_at_utc > T - W days and last_intent_at_utc > "
        "last_conversion_at_utc: they researched in the window and did not convert since."
    ),
    "revenue": (
        "Truth revenues are in EUR; CHF orders are written in francs in raw_orders at chf_per_eur "
        "francs per euro."
    ),
}

Columns = dict[str, pa.Array]


@dataclass(frozen=True)
class Kept:
    """Which rows of a chunk staging keeps, and which lost their id (missing from the identity truth)."""

    events: BoolArray
    leads: BoolArray
    orders: BoolArray
    touches: BoolArray
    audience: BoolArray
    records_with_id: BoolArray
    leads_with_id: BoolArray
    orders_with_id: BoolArray


def kept_rows(chunk: Chunk, defects: dict[str, Defects]) -> Kept:
    """The validity of every symbolic row, from the defects injected in each delivered table."""

    def valid(count: int, table: str) -> BoolArray:
        mask = np.ones(count, dtype=bool)
        mask[defects[table].rows] = False
        return mask

    def has_id(count: int, table: str, rows_of_table: IntArray | None = None) -> BoolArray:
        mask = np.ones(count, dtype=bool)
        broken = defects[table].rows[np.asarray(defects[table].reasons, dtype=object) == "missing_id"]
        mask[broken if rows_of_table is None else rows_of_table[broken]] = False
        return mask

    records_with_id = np.ones(len(chunk.records), dtype=bool)
    for kind, table in enumerate(RECORD_TABLES):
        records_with_id &= has_id(len(chunk.records), table, np.flatnonzero(chunk.records.kind == kind))
    return Kept(
        events=valid(len(chunk.events), "raw_web_events"),
        leads=valid(len(chunk.leads), "raw_leads"),
        orders=valid(len(chunk.orders), "raw_orders"),
        touches=valid(len(chunk.touches), "raw_campaign_touches"),
        audience=valid(len(chunk.audience), "raw_campaign_audience"),
        records_with_id=records_with_id,
        leads_with_id=has_id(len(chunk.leads), "raw_leads"),
        orders_with_id=has_id(len(chunk.orders), "raw_orders"),
    )


def person_id_digits(persons: int) -> int:
    """P0000001... with seven digits, more when the run needs them."""
    return max(7, len(str(persons)))


def person_ids(numbers: IntArray, digits: int) -> pa.StringArray:
    """`P0000001`...: person numbers are sequential, as in a truth file."""
    return ids("P", numbers + 1, digits)


def identity_table(chunk: Chunk, kept: Kept, digits: int) -> Columns:
    """record_type, record_id, person_id of every record, lead, cookie and order that has an id."""
    persons = chunk.persons
    types: list[pa.Array] = []
    record_id: list[pa.Array] = []
    owner: list[IntArray] = []
    for kind, name in enumerate(RECORD_TYPES):
        rows = np.flatnonzero((chunk.records.kind == kind) & kept.records_with_id)
        types.append(pa.array([name] * len(rows), pa.string()))
        record_id.append(record_ids(kind, chunk.record_number[rows]))
        owner.append(chunk.records.person[rows])
    leads = np.flatnonzero(kept.leads_with_id)
    orders = np.flatnonzero(kept.orders_with_id)
    for name, made, person in (
        ("lead", lead_ids(chunk.lead_number[leads]), chunk.leads.person[leads]),
        ("cookie", cookie_ids(chunk.cookies.number), chunk.cookies.person),
        ("order", order_ids(chunk.order_number[orders]), chunk.orders.person[orders]),
    ):
        types.append(pa.array([name] * len(person), pa.string()))
        record_id.append(made)
        owner.append(person)
    return {
        "record_type": pa.concat_arrays(types),
        "record_id": pa.concat_arrays(record_id),
        "person_id": person_ids(persons.number[np.concatenate(owner)], digits),
    }


# The typing errors written into the records' contact details (record_errors.csv), one row per error.
ERROR_KINDS = (
    "first_name_typo",
    "first_name_heard",
    "last_name_typo",
    "last_name_heard",
    "names_swapped",
    "birth_date_day_month_swapped",
    "postal_code_digit",
    "loyalty_digit",
    "email_typo",
    "email_left_out",
)


def _plan_errors(plan: ContactPlan) -> dict[str, BoolArray]:
    def typo(variant: IntArray) -> BoolArray:
        return (variant == lex.NAME_TYPO_SWAP) | (variant == lex.NAME_TYPO_DROP)

    return {
        "first_name_typo": typo(plan.first_name_variant),
        "first_name_heard": plan.first_name_variant == lex.NAME_HEARD,
        "last_name_typo": typo(plan.last_name_variant),
        "last_name_heard": plan.last_name_variant == lex.NAME_HEARD,
        "names_swapped": plan.names_swapped.copy(),
        "birth_date_day_month_swapped": plan.birth_date == BIRTH_SWAPPED,
        "postal_code_digit": plan.postal_code_typo != NONE,
        "loyalty_digit": plan.loyalty_typo != NONE,
        "email_typo": plan.email_typo != lex.TYPO_NONE,
        "email_left_out": plan.email_left_out.copy(),
    }


def record_errors_table(chunk: Chunk, kept: Kept) -> Columns:
    """record_type, record_id, error_kind of every typing error in the version of a record or lead
    that staging keeps (a re-delivered record's newest)."""
    records = chunk.records
    errors = _plan_errors(records.contact)
    newest = _plan_errors(chunk.redelivery.contact)
    for kind in ERROR_KINDS:
        errors[kind][chunk.redelivery.record] = newest[kind]
    # Only errors in a field the copy writes: CRM contacts hold no birth date, leads no birth date,
    # postal code or loyalty card.
    errors["loyalty_digit"] &= records.loyalty_shown
    errors["birth_date_day_month_swapped"] &= records.kind != CRM_CONTACT
    lead_errors = _plan_errors(chunk.leads.contact)
    for unwritten in ("birth_date_day_month_swapped", "postal_code_digit", "loyalty_digit"):
        lead_errors[unwritten][:] = False
    types: list[pa.Array] = []
    record_id: list[pa.Array] = []
    error_kind: list[pa.Array] = []
    for error in ERROR_KINDS:
        for kind, name in enumerate(RECORD_TYPES):
            rows = np.flatnonzero((records.kind == kind) & kept.records_with_id & errors[error])
            types.append(pa.array([name] * len(rows), pa.string()))
            record_id.append(record_ids(kind, chunk.record_number[rows]))
            error_kind.append(pa.array([error] * len(rows), pa.string()))
        leads = np.flatnonzero(kept.leads_with_id & lead_errors[error])
        types.append(pa.array(["lead"] * len(leads), pa.string()))
        record_id.append(lead_ids(chunk.lead_number[leads]))
        error_kind.append(pa.array([error] * len(leads), pa.string()))
    return {
        "record_type": pa.concat_arrays(types),
        "record_id": pa.concat_arrays(record_id),
        "error_kind": pa.concat_arrays(error_kind),
    }


def persons_table(chunk: Chunk, lexicon: Lexicon, ref: Reference, digits: int) -> Columns:
    """persons.csv: the true (clean) identity of each person."""
    persons = chunk.persons
    n = len(persons)
    has_landline = persons.landline != NONE

    def phone(numbers: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
        return fixed_width(np.hstack([literal_chars("0", n), digit_chars(np.maximum(numbers, 0), 9)]), valid)

    return {
        "person_id": person_ids(persons.number, digits),
        "household_id": ids("H", persons.household + 1, digits),
        "first_name": lookup(vocab.FIRST_NAMES, persons.first_name),
        "last_name": lookup(vocab.LAST_NAMES, persons.last_name),
        "birth_date": dates(persons.birth_day),
        "email": person_emails(persons, lexicon),
        "mobile_phone": phone(persons.mobile),
        "landline": phone(persons.landline, has_landline),
        "postal_code": lookup(ref.geography.postal_codes, persons.postal_code),
        "region": lookup(ref.geography.region_names, persons.region),
        "home_store_id": lookup(store_ids(len(ref.stores.region)), persons.home_store),
        "loyalty_id": loyalty_ids(persons.loyalty, persons.loyalty != NONE),
        "favourite_category": lookup(vocab.PRODUCT_CATEGORIES, persons.favourite_category),
    }


def _window_keys(person: IntArray, at: IntArray, group: IntArray | None = None, groups: int = 1) -> IntArray:
    """Sortable int64 keys: (person, group) then time, so a searchsorted finds a person's window."""
    owner = person * groups + (0 if group is None else group)
    return (owner << 28) | (at - (ACTIVITY_START - 40 * DAY))


@dataclass(frozen=True)
class OrderFlags:
    """ROPO flags of the orders of a chunk (see DEFINITIONS)."""

    is_ropo: BoolArray
    is_identifiable_ropo: BoolArray
    ropo_site: IntArray
    same_product: BoolArray
    is_reverse_ropo: BoolArray


def _tied_cookies(chunk: Chunk, kept: Kept) -> BoolArray:
    """Cookies the delivered rows tie to their person: a kept logged-in event, or a kept web lead sent from it."""
    events, leads = chunk.events, chunk.leads
    tied = np.zeros(len(chunk.cookies), dtype=bool)
    tied[events.cookie[kept.events & (chunk.event_account != NONE)]] = True
    tied[leads.cookie[kept.leads & (leads.cookie != NONE)]] = True
    return tied


def order_flags(chunk: Chunk, kept: Kept, ref: Reference, staged_products: BoolArray) -> OrderFlags:
    """ROPO and reverse-ROPO flags of every order, recomputed from the kept rows (see DEFINITIONS).

    staged_products marks the products whose row staging keeps: only those have a known category,
    so identifiable research and identifiable orders are on them.
    """
    events, orders = chunk.events, chunk.orders
    research = (
        kept.events
        & np.isin(events.event_type, (PRODUCT_VIEW, LEAD_START, LEAD_SUBMIT))
        & (events.product != NONE)
    )
    person = chunk.cookies.person[events.cookie[research]]
    product = events.product[research]
    at = events.at[research]
    # Latest event first broken by the greatest event_id: the scrambled number orders like the id.
    tie = scramble(chunk.event_number[research], 11, 55_555_555)
    categories = len(vocab.PRODUCT_CATEGORIES)
    by_category = _window_keys(person, at, ref.products.category[product], categories)
    order_c = np.lexsort((tie, by_category))
    sorted_category, site_sorted = by_category[order_c], events.site[research][order_c]
    by_product = np.sort(_window_keys(person, at, product, len(ref.products.category)))
    identifiable = _tied_cookies(chunk, kept)[events.cookie[research]] & staged_products[product]
    identifiable_category = np.sort(by_category[identifiable])

    offline = orders.channel != WEB
    o_person, o_at, o_product = orders.person, orders.ordered_at, orders.product
    o_category = ref.products.category[o_product]
    window_end = _window_keys(o_person, o_at, o_category, categories)
    window_start = _window_keys(o_person, o_at - ROPO_WINDOW, o_category, categories)
    high = np.searchsorted(sorted_category, window_end)
    low = np.searchsorted(sorted_category, window_start)
    is_ropo = offline & (high > low)
    is_identifiable = offline & staged_products[o_product] & (
        np.searchsorted(identifiable_category, window_end) > np.searchsorted(identifiable_category, window_start)
    )
    product_high = np.searchsorted(
        by_product, _window_keys(o_person, o_at, o_product, len(ref.products.category))
    )
    product_low = np.searchsorted(
        by_product, _window_keys(o_person, o_at - ROPO_WINDOW, o_product, len(ref.products.category))
    )
    ropo_site = np.where(is_ropo, gather(site_sorted, high - 1), NONE)

    store_leads = kept.leads & (chunk.leads.channel == STORE)
    store_orders = kept.orders & (orders.channel == STORE)
    showroom = np.sort(
        np.r_[
            _window_keys(chunk.leads.person[store_leads], chunk.leads.created_at[store_leads]),
            _window_keys(orders.person[store_orders], orders.ordered_at[store_orders]),
        ]
    )
    seen = np.searchsorted(showroom, _window_keys(o_person, o_at)) > np.searchsorted(
        showroom, _window_keys(o_person, o_at - ROPO_WINDOW)
    )
    return OrderFlags(
        is_ropo=is_ropo,
        is_identifiable_ropo=is_identifiable,
        ropo_site=ropo_site,
        same_product=is_ropo & (product_high > product_low),
        is_reverse_ropo=(orders.channel == WEB) & seen,
    )


def _booleans(values: BoolArray) -> pa.Array:
    return lookup(("false", "true"), values.astype(np.int64))


def orders_table(chunk: Chunk, kept: Kept, flags: OrderFlags, ref: Reference, digits: int) -> Columns:
    """orders.csv rows of the orders that have an id."""
    orders = chunk.orders
    rows = np.flatnonzero(kept.orders_with_id)
    match = np.where(flags.is_ropo, np.where(flags.same_product, 0, 1), NONE)
    return {
        "order_id": order_ids(chunk.order_number[rows]),
        "person_id": person_ids(chunk.persons.number[orders.person[rows]], digits),
        "channel": lookup(CHANNELS, orders.channel[rows]),
        "ordered_at_utc": utc_timestamps(orders.ordered_at[rows]),
        "revenue": money(orders.revenue_cents[rows]),
        "is_ropo": _booleans(flags.is_ropo[rows]),
        "is_identifiable_ropo": _booleans(flags.is_identifiable_ropo[rows]),
        "ropo_site_id": lookup(site_ids(ref.sites), flags.ropo_site[rows]),
        "ropo_product_match": lookup(("same_product", "same_category"), match[rows]),
        "is_reverse_ropo": _booleans(flags.is_reverse_ropo[rows]),
        "converted_lead_id": lead_ids(
            gather(chunk.lead_number, orders.lead[rows]), orders.lead[rows] != NONE
        ),
        "caused_by_campaign_id": lookup(campaign_ids(len(ref.campaigns.channel)), orders.campaign[rows]),
    }


def leads_table(chunk: Chunk, kept: Kept, digits: int) -> Columns:
    """leads.csv rows of the leads that have an id."""
    leads = chunk.leads
    rows = np.flatnonzero(kept.leads_with_id)
    converted = leads.converted_order[rows]
    return {
        "lead_id": lead_ids(chunk.lead_number[rows]),
        "person_id": person_ids(chunk.persons.number[leads.person[rows]], digits),
        "channel": lookup(CHANNELS, leads.channel[rows]),
        "journey": lookup(JOURNEYS, leads.journey[rows]),
        "converted_order_id": order_ids(gather(chunk.order_number, converted), converted != NONE),
        "is_started_online": _booleans(started_online(chunk, kept)[rows]),
    }


def started_online(chunk: Chunk, kept: Kept) -> BoolArray:
    """Leads started online (see DEFINITIONS): web leads, and the others preceded by a kept
    lead_start web event of the same person in the 720 hours before."""
    events, leads = chunk.events, chunk.leads
    starts = kept.events & (events.event_type == LEAD_START)
    sorted_starts = np.sort(_window_keys(chunk.cookies.person[events.cookie[starts]], events.at[starts]))
    preceded = np.searchsorted(sorted_starts, _window_keys(leads.person, leads.created_at)) > np.searchsorted(
        sorted_starts, _window_keys(leads.person, leads.created_at - ROPO_WINDOW)
    )
    return (leads.channel == WEB) | preceded


@dataclass(frozen=True)
class MemberOutcomes:
    """What each audience row realised in the response window, and what its campaign changed there.

    Observed means what a warehouse can see through the row's key: a key that names the person
    (an id, a mobile, a personal e-mail, a family address no other member of the household uses,
    a cookie the person logged in on, bought or sent a lead from without any campaign) shows all the
    person's orders; any other key shows nothing, unless a campaign-caused web order is placed from
    that very cookie (its purchase logs the cookie in). The effects are expected values given what
    the person did anyway in the window (their organic orders): an intention-to-treat effect on
    observed outcomes, diluted by non-compliance (a control member touched anyway is exposed too).
    """

    converted: BoolArray  # any kept confirmed order in the window (caused ones included)
    revenue_cents: IntArray
    analysed: BoolArray  # kept, first row of the person, not contaminated
    is_control_touched: BoolArray
    observed_organic_conversion: FloatArray  # 0/1: organic conversion the key lets one see
    conversion_effect: FloatArray  # ITT: (1 - touched if control) x expected observed extra conversion
    revenue_effect_cents: FloatArray
    margin_effect_cents: FloatArray
    control_conversion: FloatArray  # expected observed conversion if in control
    is_contamination_found: BoolArray  # second row of a contaminated person, both rows delivered valid


def member_outcomes(chunk: Chunk, kept: Kept, ref: Reference, caused_order_cents: float) -> MemberOutcomes:
    """Realised and expected outcomes of every audience row in its campaign's response window."""
    orders, audience = chunk.orders, chunk.audience
    confirmed = np.flatnonzero(kept.orders & (orders.status == CONFIRMED))
    keys = _window_keys(orders.person[confirmed], orders.ordered_at[confirmed])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    revenue = np.r_[0, np.cumsum(orders.revenue_cents[confirmed][order])]
    start = ref.campaigns.start_at[audience.campaign]
    end = ref.response_window_end[audience.campaign]
    low = np.searchsorted(keys, _window_keys(audience.person, start))
    high = np.searchsorted(keys, _window_keys(audience.person, end))
    count, window_revenue = high - low, revenue[high] - revenue[low]

    # This campaign's own caused order of the person (at most one), taken out of the organic outcome.
    caused = confirmed[orders.campaign[confirmed] != NONE]
    campaigns = len(ref.campaigns.channel)
    caused_keys = orders.person[caused] * campaigns + orders.campaign[caused]
    member_keys = audience.person * campaigns + audience.campaign
    sorted_caused = np.argsort(caused_keys, kind="stable")
    at = np.searchsorted(caused_keys[sorted_caused], member_keys)
    padded_rows = np.r_[caused[sorted_caused], NONE]
    padded_keys = np.r_[caused_keys[sorted_caused], -1]
    own = padded_keys[at] == member_keys
    padded_revenue = np.r_[orders.revenue_cents, 0]  # NONE reads the 0 at the end
    own_revenue = np.where(own, padded_revenue[padded_rows[at]], 0)
    organic = (count - own.astype(np.int64)) > 0
    organic_revenue = (window_revenue - own_revenue).astype(np.float64)

    linked = _key_names_person(chunk, kept)
    cookies_of_person = np.bincount(chunk.cookies.person, minlength=len(chunk.persons.number))
    on_key_cookie = np.where(
        audience.key_type == KEY_COOKIE,
        chunk.persons.is_browser[audience.person] * CAUSED_WEB_SHARE / np.maximum(cookies_of_person[audience.person], 1),
        0.0,
    )
    observing = np.where(linked, 1.0, on_key_cookie)  # P(a caused order is observed through the key)
    all_caused = orders.campaign != NONE
    kept_caused = float(kept.orders[all_caused].mean()) if all_caused.any() else 1.0
    observed_organic = (organic & linked).astype(np.float64)
    extra = audience.uplift * kept_caused  # P(a caused, kept order) when exposed
    conversion = extra * (1 - observed_organic) * observing
    unlinked_organic_revenue = np.where(linked, 0.0, on_key_cookie * organic_revenue)
    revenue_effect = extra * (observing * caused_order_cents + unlinked_organic_revenue)
    touched = _rows_touched(chunk, kept)
    dilution = 1.0 - audience.touched_if_control
    # Within a campaign, a contaminated person's second row follows all first rows.
    person_keys = audience.campaign * len(chunk.persons.number) + audience.person
    first_rows = np.flatnonzero(audience.primary)
    by_key = first_rows[np.argsort(person_keys[first_rows], kind="stable")]
    first_of = by_key[np.searchsorted(person_keys[by_key], person_keys)] if len(by_key) else person_keys
    contamination_found = ~audience.primary & kept.audience & kept.audience[first_of]
    return MemberOutcomes(
        converted=count > 0,
        revenue_cents=window_revenue,
        analysed=kept.audience & audience.primary & ~audience.contaminated,
        is_control_touched=~audience.treatment & touched,
        observed_organic_conversion=observed_organic,
        conversion_effect=dilution * conversion,
        revenue_effect_cents=dilution * revenue_effect,
        margin_effect_cents=dilution * revenue_effect * MEAN_MARGIN_RATE,
        control_conversion=observed_organic + audience.touched_if_control * conversion,
        is_contamination_found=contamination_found,
    )


def _key_names_person(chunk: Chunk, kept: Kept) -> BoolArray:
    """Whether each audience row's key shows its person's orders without any campaign's doing."""
    audience, records = chunk.audience, chunk.records
    is_record_key = audience.key_type != KEY_COOKIE
    record = np.where(is_record_key, audience.key_row, 0)
    cookie = np.where(is_record_key, 0, audience.key_row)
    # A family address names one person when no one else in the household writes it.
    family = np.flatnonzero(records.contact.email_source == EMAIL_FAMILY)
    household = chunk.persons.household[records.person[family]]
    writers = np.zeros(int(chunk.persons.household.max(initial=0)) + 1, dtype=np.int64)
    pairs = np.unique(np.c_[household, records.person[family]], axis=0) if len(family) else np.zeros((0, 2), int)
    np.add.at(writers, pairs[:, 0], 1)
    email_source = np.where(is_record_key, records.contact.email_source[record], NONE)
    email_names = (email_source != EMAIL_FAMILY) | (
        writers[chunk.persons.household[audience.person]] <= 1
    )
    return np.select(
        [audience.key_type == KEY_COOKIE, audience.key_type == KEY_EMAIL, audience.key_type == KEY_PHONE],
        [chunk.cookie_tied_without_campaigns[cookie], email_names, True],
        default=kept.records_with_id[record],
    )


def _rows_touched(chunk: Chunk, kept: Kept) -> BoolArray:
    """Audience rows with at least one kept touch."""
    touched = np.zeros(len(chunk.audience), dtype=bool)
    touched[chunk.touches.member[kept.touches]] = True
    return touched


def members_table(
    chunk: Chunk, outcomes: MemberOutcomes, keys: pa.Array, ref: Reference, digits: int
) -> Columns:
    """campaign_members.csv, with the key each member was targeted by (a contaminated person twice)."""
    audience = chunk.audience
    return {
        "campaign_id": lookup(campaign_ids(len(ref.campaigns.channel)), audience.campaign),
        "person_id": person_ids(chunk.persons.number[audience.person], digits),
        "assignment_group": lookup(GROUPS, np.where(audience.treatment, 0, 1)),
        "converted": _booleans(outcomes.converted),
        "revenue_in_window": money(outcomes.revenue_cents),
        "audience_key_type": lookup(KEY_TYPES, audience.key_type),
        "audience_key": keys,
        "is_contaminated": _booleans(audience.contaminated),
        "is_control_touched": _booleans(outcomes.is_control_touched),
        "is_exposed": _booleans(audience.exposed),
        "is_analysed": _booleans(outcomes.analysed),
        "true_itt_conversion_effect": pa.array(
            [f"{value:.8f}" for value in outcomes.conversion_effect.tolist()], pa.string()
        ),
    }


@dataclass
class CampaignTotals:
    """Per-campaign sums accumulated over chunks (campaigns.csv is written once, at the end)."""

    sums: dict[str, FloatArray]

    NAMES = (
        "members_treatment",
        "members_control",
        "conversions_treatment",
        "conversions_control",
        "baseline",
        "absolute_lift",
        "uplift",
        "analysed_members",
        "conversion_effect",
        "revenue_effect_cents",
        "margin_effect_cents",
        "control_conversion",
        "contaminated_persons",
        "control_touched_members",
    )

    @classmethod
    def empty(cls, campaigns: int) -> CampaignTotals:
        return cls({name: np.zeros(campaigns) for name in cls.NAMES})

    def add(self, chunk: Chunk, outcomes: MemberOutcomes) -> None:
        audience = chunk.audience
        count = len(next(iter(self.sums.values())))
        primary = audience.primary

        def add(name: str, values: FloatArray | BoolArray, mask: BoolArray) -> None:
            self.sums[name] += np.bincount(
                audience.campaign[mask], weights=np.asarray(values, dtype=np.float64)[mask], minlength=count
            )

        everyone = np.ones(len(audience), dtype=bool)
        # Audience rows (a contaminated person has one in each group), as campaign_members.csv lists them.
        treated, control = audience.treatment, ~audience.treatment
        add("members_treatment", everyone, treated)
        add("members_control", everyone, control)
        add("conversions_treatment", outcomes.converted, treated)
        add("conversions_control", outcomes.converted, control)
        add("baseline", audience.baseline, primary)
        add("absolute_lift", (1 - audience.baseline) * audience.uplift, primary)
        add("uplift", audience.uplift, primary)
        analysed = outcomes.analysed
        add("analysed_members", everyone, analysed)
        for name in ("conversion_effect", "revenue_effect_cents", "margin_effect_cents", "control_conversion"):
            add(name, getattr(outcomes, name), analysed)
        add("contaminated_persons", outcomes.is_contamination_found, everyone)
        add("control_touched_members", outcomes.is_control_touched, analysed)


def campaigns_table(totals: CampaignTotals, ref: Reference, caused_order_cents: float) -> Columns:
    """campaigns.csv: each campaign's true effect and realised counts."""
    campaigns = ref.campaigns
    sums = totals.sums
    members = np.maximum(sums["members_treatment"] + sums["members_control"], 1)
    analysed = np.maximum(sums["analysed_members"], 1)

    def decimals(values: FloatArray, places: int) -> pa.Array:
        return pa.array([f"{value:.{places}f}" for value in values.tolist()], pa.string())

    def counts(name: str) -> pa.Array:
        return pa.array([str(int(round(v))) for v in sums[name].tolist()], pa.string())

    with np.errstate(divide="ignore", invalid="ignore"):
        relative = sums["conversion_effect"] / sums["control_conversion"]
    return {
        "campaign_id": campaign_ids(len(campaigns.channel)),
        "true_relative_lift": decimals(campaigns.relative_lift, 4),
        "baseline_conversion_rate": decimals(sums["baseline"] / members, 6),
        "true_absolute_lift": decimals(sums["absolute_lift"] / members, 6),
        "true_revenue_lift_per_member": decimals(sums["uplift"] / members * caused_order_cents / 100, 2),
        "response_window_days": pa.array(
            [str(days) for days in ((ref.response_window_end - campaigns.start_at) // DAY).tolist()],
            pa.string(),
        ),
        "members_treatment": counts("members_treatment"),
        "members_control": counts("members_control"),
        "conversions_treatment": counts("conversions_treatment"),
        "conversions_control": counts("conversions_control"),
        "contaminated_persons": counts("contaminated_persons"),
        "control_touched_members": counts("control_touched_members"),
        "itt_members": counts("analysed_members"),
        "true_itt_control_conversion_rate": decimals(sums["control_conversion"] / analysed, 8),
        "true_itt_absolute_lift": decimals(sums["conversion_effect"] / analysed, 8),
        "true_itt_relative_lift": decimals(np.where(np.isfinite(relative), relative, 0.0), 6),
        "true_itt_revenue_lift_per_member": decimals(sums["revenue_effect_cents"] / analysed / 100, 6),
        "true_itt_margin_lift_per_member": decimals(sums["margin_effect_cents"] / analysed / 100, 6),
    }


def funnel_table(chunk: Chunk, kept: Kept, ref: Reference, digits: int) -> Columns:
    """funnel_stages.csv rows of the chunk's persons (see DEFINITIONS['funnel_stage'])."""
    events, leads, orders, touches, audience = (
        chunk.events,
        chunk.leads,
        chunk.orders,
        chunk.touches,
        chunk.audience,
    )
    grid = np.zeros((len(chunk.persons), len(ACTIVITY_MONTHS)), dtype=np.int8)

    def reach(person: IntArray, at: IntArray, stage: int) -> None:
        np.maximum.at(grid, (person, activity_month(at)), stage)

    seen = kept.touches & np.isin(touches.touch_type, (IMPRESSION, OPEN))
    reach(audience.person[touches.member[seen]], touches.at[seen], _AWARE)
    event_person = chunk.cookies.person[events.cookie]
    views = kept.events & (events.event_type == PRODUCT_VIEW)
    reach(event_person[views], events.at[views], _LOOKER)
    carts = kept.events & (events.event_type == ADD_TO_CART)
    reach(event_person[carts], events.at[carts], _CONSIDERER)
    categories = len(vocab.PRODUCT_CATEGORIES)
    month = activity_month(events.at[views])
    viewed = (event_person[views] * len(ACTIVITY_MONTHS) + month) * categories + ref.products.category[
        events.product[views]
    ]
    repeated, count = np.unique(viewed, return_counts=True)
    keen = repeated[count >= 3] // categories
    np.maximum.at(grid, (keen // len(ACTIVITY_MONTHS), keen % len(ACTIVITY_MONTHS)), _CONSIDERER)
    forms = kept.events & np.isin(events.event_type, (LEAD_START, LEAD_SUBMIT))
    reach(event_person[forms], events.at[forms], _INTENDER)
    reach(leads.person[kept.leads], leads.created_at[kept.leads], _INTENDER)
    bought = kept.orders & (orders.status == CONFIRMED)
    reach(orders.person[bought], orders.ordered_at[bought], _BUYER)
    person, month_index = np.nonzero(grid)
    return {
        "person_id": person_ids(chunk.persons.number[person], digits),
        "month": lookup(ACTIVITY_MONTHS, month_index.astype(np.int64)),
        "stage": lookup(FUNNEL_STAGES, grid[person, month_index].astype(np.int64) - 1),
    }


def intents_table(chunk: Chunk, kept: Kept, digits: int) -> Columns:
    """intents.csv rows: each person's latest intent and latest conversion (see DEFINITIONS['intent'])."""
    events, orders, leads = chunk.events, chunk.orders, chunk.leads
    event_person = chunk.cookies.person[events.cookie]
    last_intent = np.full(len(chunk.persons), NONE, dtype=np.int64)
    last_conversion = np.full(len(chunk.persons), NONE, dtype=np.int64)
    intents = kept.events & np.isin(events.event_type, (PRODUCT_VIEW, LEAD_START)) & (events.product != NONE)
    np.maximum.at(last_intent, event_person[intents], events.at[intents])
    converting_events = kept.events & np.isin(events.event_type, (LEAD_SUBMIT, ORDER))
    np.maximum.at(last_conversion, event_person[converting_events], events.at[converting_events])
    bought = kept.orders & (orders.status == CONFIRMED)
    np.maximum.at(last_conversion, orders.person[bought], orders.ordered_at[bought])
    np.maximum.at(last_conversion, leads.person[kept.leads], leads.created_at[kept.leads])
    person = np.flatnonzero(last_intent != NONE)
    converted = last_conversion[person] != NONE
    return {
        "person_id": person_ids(chunk.persons.number[person], digits),
        "last_intent_at_utc": utc_timestamps(last_intent[person]),
        "last_conversion_at_utc": utc_timestamps(last_conversion[person], converted),
    }


def defects_table(table: str, defects: Defects, first_row: int) -> Columns:
    """truth/defects.csv rows: where each broken row is in the raw file and what broke it."""
    n = len(defects)
    return {
        "table_name": pa.array([table] * n, pa.string()),
        "row_number": pa.array([str(first_row + int(row) + 1) for row in defects.rows.tolist()], pa.string()),
        "record_key": pa.array(list(defects.keys), pa.string()),
        "reason": pa.array(list(defects.reasons), pa.string()),
        "column": pa.array(list(defects.columns), pa.string()),
        "value": pa.array(list(defects.values), pa.string()),
    }
