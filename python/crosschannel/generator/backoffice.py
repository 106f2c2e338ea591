"""The three customer back offices: web accounts, store customer cards and CRM contacts.

Records are planned symbolically (whose record, where, which contact details with which noise) when
a person is created or when an order or lead first needs one, and rendered to text only once the
chunk is complete, because their creation dates depend on the activity that uses them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.generator import lexicon as lex
from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    IntArray,
    choice,
    concat_rows,
    scramble,
    take_rows,
    uniform_int,
)
from crosschannel.generator.clock import ACTIVITY_END, ACTIVITY_START, DAY, HISTORY_START
from crosschannel.generator.config import Parameters
from crosschannel.generator.people import (
    PHONE_MOBILE,
    PROFILES,
    ContactPlan,
    Persons,
    draw_contact_plan,
    render_contact,
    with_digit_typos,
)
from crosschannel.generator.reference import BRAND_SITE, Reference, site_ids, store_ids
from crosschannel.generator.text import by_code, ids, integers, join, lookup, timestamp_styles, timestamps

WEB_ACCOUNT, STORE_CUSTOMER, CRM_CONTACT = 0, 1, 2
RECORD_TYPES = ("web_account", "store_customer", "crm_contact")
RECORD_TABLES = ("raw_web_accounts", "raw_store_customers", "raw_crm_contacts")
RECORD_ID_PREFIXES = ("WA", "SC", "CC")
RECORD_ID_DIGITS = 9
RECORD_ID_SALTS = (11_111_111, 22_222_222, 33_333_333)
CRM_SOURCES = ("newsletter", "contest", "call_center", "event", "other")
_CRM_SOURCE_WEIGHTS = (0.40, 0.15, 0.25, 0.10, 0.10)
_CALL_CENTER_SOURCE = 2
_OPT_IN_SHARE = (0.55, 0.40, 0.75)


@dataclass(frozen=True)
class Records:
    """Back-office records of a chunk, all three kinds together (one row per record)."""

    kind: IntArray
    person: IntArray  # chunk-local person index
    place: IntArray  # site of an account, store of a card, NONE for a contact
    created_at: IntArray  # UTC seconds; moved earlier if activity uses the record before
    contact: ContactPlan
    opt_in: BoolArray
    crm_source: IntArray  # NONE outside the CRM
    unsubscribed_at: IntArray  # NONE unless unsubscribed
    loyalty_shown: BoolArray
    address: IntArray  # card address: NONE, 0 "12 rue X", 1 "12, rue X", 2 upper case
    city: IntArray  # card city: NONE, 0 as spelled, 1 upper case, 2 upper case without accents
    created_style: IntArray
    updated_style: IntArray
    boolean_spelling: IntArray

    def __len__(self) -> int:
        return len(self.kind)


def make_records(
    rng: np.random.Generator,
    persons: Persons,
    kind: IntArray,
    person: IntArray,
    place: IntArray,
    created_at: IntArray,
    params: Parameters,
    crm_source: IntArray,
) -> Records:
    """Records of the given kinds, persons and places, with their contact details drawn."""
    n = len(kind)
    plans: list[tuple[BoolArray, ContactPlan]] = []
    for code, name in enumerate(RECORD_TYPES):
        rows = kind == code
        # Only a store card has a store whose phone a clerk can type in the customer's field.
        at_store = np.full(int(rows.sum()), code == STORE_CUSTOMER)
        plans.append((rows, draw_contact_plan(rng, persons, person[rows], PROFILES[name], params, at_store)))
    contact = _concat_plans(plans, n)
    unsubscribes = (kind == CRM_CONTACT) & (rng.random(n) < params.crm_unsubscribed_share)
    unsubscribed_at = np.where(
        unsubscribes, uniform_int(rng, np.maximum(created_at, ACTIVITY_START), ACTIVITY_END, n), NONE
    )
    opt_in = (rng.random(n) < np.asarray(_OPT_IN_SHARE)[kind]) & ~unsubscribes
    is_card = kind == STORE_CUSTOMER
    return Records(
        kind=kind,
        person=person,
        place=place,
        created_at=created_at,
        contact=contact,
        opt_in=opt_in,
        crm_source=np.where(kind == CRM_CONTACT, crm_source, NONE),
        unsubscribed_at=unsubscribed_at,
        loyalty_shown=(persons.loyalty[person] != NONE) & (rng.random(n) < params.loyalty_shown_share),
        address=np.where(is_card & (rng.random(n) < 0.8), choice(rng, (0.6, 0.25, 0.15), n), NONE),
        city=np.where(is_card & (rng.random(n) < 0.85), choice(rng, (0.7, 0.2, 0.1), n), NONE),
        created_style=timestamp_styles(rng, n, params.offset_timestamp_share),
        updated_style=timestamp_styles(rng, n, params.offset_timestamp_share),
        boolean_spelling=choice(rng, (0.85, 0.07, 0.04, 0.04), n),
    )


def _concat_plans(parts: list[tuple[BoolArray, ContactPlan]], n: int) -> ContactPlan:
    """Plans drawn per kind, put back in record order."""
    order = np.concatenate([np.flatnonzero(mask) for mask, _ in parts])
    combined = concat_rows([plan for _, plan in parts])
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    return take_rows(combined, position)


def base_records(rng: np.random.Generator, persons: Persons, ref: Reference, params: Parameters) -> Records:
    """The records persons already have before any simulated activity needs one."""
    n = len(persons)
    everyone = np.arange(n, dtype=np.int64)
    home_site = ref.stores.site[persons.home_store]
    second_site = np.where(
        persons.second_store != NONE, ref.stores.site[np.maximum(persons.second_store, 0)], NONE
    )

    # Web accounts: on the brand site or the home agency's white-label site; a few have a second
    # account on another site of the network.
    has_account = rng.random(n) < params.web_account_share
    first_site = np.where((home_site != NONE) & (rng.random(n) < 0.4), home_site, BRAND_SITE)
    other_site = np.where(
        first_site != BRAND_SITE, BRAND_SITE, np.where(home_site != NONE, home_site, second_site)
    )
    has_second = has_account & (other_site != NONE) & (rng.random(n) < params.second_web_account_share)

    has_card = rng.random(n) < params.store_card_share
    has_second_card = has_card & (persons.second_store != NONE) & (rng.random(n) < params.second_card_share)
    has_contact = rng.random(n) < params.crm_contact_share

    groups = [
        (WEB_ACCOUNT, everyone[has_account], first_site[has_account]),
        (WEB_ACCOUNT, everyone[has_second], other_site[has_second]),
        (STORE_CUSTOMER, everyone[has_card], persons.home_store[has_card]),
        (STORE_CUSTOMER, everyone[has_second_card], persons.second_store[has_second_card]),
        (CRM_CONTACT, everyone[has_contact], np.full(int(has_contact.sum()), NONE)),
    ]
    kind = np.concatenate([np.full(len(who), code) for code, who, _ in groups]).astype(np.int64)
    person = np.concatenate([who for _, who, _ in groups])
    place = np.concatenate([where for _, _, where in groups]).astype(np.int64)
    count = len(kind)
    historic = rng.random(count) < params.history_record_share
    created_at = np.where(
        historic,
        uniform_int(rng, HISTORY_START, ACTIVITY_START, count),
        uniform_int(rng, ACTIVITY_START, ACTIVITY_END - 30 * DAY, count),
    )
    return make_records(
        rng, persons, kind, person, place, created_at, params, choice(rng, _CRM_SOURCE_WEIGHTS, count)
    )


def call_center_sources(count: int) -> IntArray:
    """CRM source of contacts created when a person calls the call centre."""
    return np.full(count, _CALL_CENTER_SOURCE, dtype=np.int64)


def record_keys(kind: IntArray, person: IntArray, place: IntArray) -> IntArray:
    """One int64 key per (kind, person, place): how orders and leads find a person's record."""
    return (person * 4096 + place + 1) * 4 + kind


@dataclass(frozen=True)
class Redelivery:
    """Second versions of some records: a later export with one or two fields changed."""

    record: IntArray  # which records are delivered twice
    contact: ContactPlan  # the second version's contact details
    opt_in: BoolArray
    updated_at: IntArray


_CHANGE_PHONE, _CHANGE_OPT_IN, _CHANGE_NAME = 1, 2, 4


def plan_redeliveries(
    rng: np.random.Generator, records: Records, updated_at: IntArray, params: Parameters
) -> tuple[Records, Redelivery]:
    """Pick the re-delivered records and their changes; returns the first versions (a corrected
    name needs a wrong one first) and the second versions."""
    # The second version is 1 to 90 days newer, and no later than the end of the simulated years.
    room = ACTIVITY_END - updated_at
    chosen = np.flatnonzero((room > DAY) & (rng.random(len(records)) < params.redelivered_record_share))
    n = len(chosen)
    # One or two of: a new phone, the opt-in flipped, a corrected name.
    first_change = np.asarray([_CHANGE_PHONE, _CHANGE_OPT_IN, _CHANGE_NAME])[rng.integers(0, 3, n)]
    second_change = np.where(
        rng.random(n) < 0.3,
        np.asarray([_CHANGE_PHONE, _CHANGE_OPT_IN, _CHANGE_NAME])[rng.integers(0, 3, n)],
        0,
    )
    changes = first_change | second_change
    # An unsubscribed contact cannot opt in again: its phone changes instead.
    unsubscribed = records.unsubscribed_at[chosen] != NONE
    changes = np.where(
        unsubscribed & (changes & _CHANGE_OPT_IN > 0), (changes & ~_CHANGE_OPT_IN) | _CHANGE_PHONE, changes
    )
    old = take_rows(records.contact, chosen)
    new_phone = changes & _CHANGE_PHONE > 0
    new_name = changes & _CHANGE_NAME > 0
    second = dataclasses.replace(
        old,
        phone_source=np.where(new_phone, PHONE_MOBILE, old.phone_source),
        phone_format=np.where(
            new_phone,
            (old.phone_format + rng.integers(1, lex.PHONE_FORMATS, n)) % lex.PHONE_FORMATS,
            old.phone_format,
        ),
        first_name_variant=np.where(new_name, lex.NAME_CLEAN, old.first_name_variant),
        last_name_variant=np.where(new_name, lex.NAME_CLEAN, old.last_name_variant),
    )
    # The first version carried the mistake the second one corrects.
    wrong_last = np.where(old.last_name_variant != NONE, lex.NAME_TYPO_SWAP, NONE)
    last_variant = records.contact.last_name_variant.copy()
    last_variant[chosen] = np.where(new_name, wrong_last, old.last_name_variant)
    first_versions = dataclasses.replace(
        records, contact=dataclasses.replace(records.contact, last_name_variant=last_variant)
    )
    opt_in = records.opt_in[chosen] ^ (changes & _CHANGE_OPT_IN > 0)
    later = updated_at[chosen] + uniform_int(rng, DAY, np.minimum(room[chosen], 90 * DAY) + 1, n)
    return first_versions, Redelivery(record=chosen, contact=second, opt_in=opt_in, updated_at=later)


def record_ids(kind: int, numbers: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """account_id / store_customer_id / contact_id from record numbers."""
    return ids(
        RECORD_ID_PREFIXES[kind],
        scramble(numbers, RECORD_ID_DIGITS, RECORD_ID_SALTS[kind]),
        RECORD_ID_DIGITS,
        valid,
    )


def loyalty_ids(numbers: IntArray, valid: BoolArray) -> pa.StringArray:
    """Loyalty card numbers `FID123456789`."""
    return ids("FID", np.maximum(numbers, 0), 9, valid)


def render_records(
    records: Records,
    kind: int,
    rows: IntArray,
    contact: ContactPlan,
    opt_in: BoolArray,
    numbers: IntArray,
    updated_at: IntArray,
    persons: Persons,
    lexicon: lex.Lexicon,
    ref: Reference,
) -> dict[str, pa.Array]:
    """The contract columns of these records of one kind (rows), in the given version."""
    person = records.person[rows]
    place = records.place[rows]
    store_phone = (
        ref.stores.phone[np.maximum(place, 0)] if kind == STORE_CUSTOMER else np.full(len(rows), NONE)
    )
    written = render_contact(contact, persons, person, lexicon, ref, store_phone)
    common = {
        "email": written["email"],
        "phone": written["phone"],
        "first_name": written["first_name"],
        "last_name": written["last_name"],
    }
    loyalty = with_digit_typos(loyalty_ids(persons.loyalty[person], records.loyalty_shown[rows]), contact.loyalty_typo)
    times = {
        "email_opt_in": lex.booleans(opt_in, records.boolean_spelling[rows]),
        "created_at": timestamps(records.created_at[rows], records.created_style[rows]),
        "updated_at": timestamps(updated_at, records.updated_style[rows]),
    }
    if kind == WEB_ACCOUNT:
        return {
            "account_id": record_ids(kind, numbers),
            "site_id": lookup(site_ids(ref.sites), place),
            **common,
            "birth_date": written["birth_date"],
            "postal_code": written["postal_code"],
            "loyalty_id": loyalty,
            **times,
        }
    if kind == STORE_CUSTOMER:
        return {
            "store_customer_id": record_ids(kind, numbers),
            "store_id": lookup(store_ids(len(ref.stores.region)), place),
            **common,
            "birth_date": written["birth_date"],
            "postal_code": written["postal_code"],
            "address_line": _addresses(records.address[rows], persons, person),
            "city": _cities(records.city[rows], persons, person, ref),
            "loyalty_id": loyalty,
            **times,
        }
    unsubscribed = records.unsubscribed_at[rows]
    return {
        "contact_id": record_ids(kind, numbers),
        **common,
        "postal_code": written["postal_code"],
        "loyalty_id": loyalty,
        "source": lookup(CRM_SOURCES, records.crm_source[rows]),
        "email_opt_in": times["email_opt_in"],
        "unsubscribed_at": timestamps(unsubscribed, records.updated_style[rows], unsubscribed != NONE),
        "created_at": times["created_at"],
        "updated_at": times["updated_at"],
    }


def _addresses(style: IntArray, persons: Persons, person: IntArray) -> pa.Array:
    def written(rows: IntArray, separator: str) -> pa.Array:
        p = person[rows]
        return join(
            integers(persons.street_number[p]),
            separator,
            lookup(vocab.STREET_TYPES, persons.street_type[p]),
            " ",
            lookup(vocab.STREET_NAMES, persons.street_name[p]),
        )

    return by_code(
        style,
        {
            0: lambda rows: written(rows, " "),
            1: lambda rows: written(rows, ", "),
            2: lambda rows: pc.utf8_upper(written(rows, " ")),
        },
    )


def _cities(style: IntArray, persons: Persons, person: IntArray, ref: Reference) -> pa.Array:
    names = list(ref.geography.city_names)
    table = names + [name.upper() for name in names] + [lex.strip_accents(name).upper() for name in names]
    return lookup(table, style * len(names) + persons.city[person], style != NONE)
