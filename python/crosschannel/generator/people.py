"""Persons (the truth behind every record) and how their contact details get written down.

A person is never a raw table: the back offices, lead forms and campaign tools each hold their own
copy of a person's contact details, typed by the person, a clerk or a call-centre agent. A
ContactPlan records, per written copy, which details were written and with which noise (accents
lost, a typo, a family e-mail, a placeholder...), so the same copy can be rendered again (a
re-delivered record) and the truth can tell which keys really belong to whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.generator import lexicon as lex
from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    FloatArray,
    IntArray,
    choice,
    expand,
    ints,
    pick,
    rank_within,
    scramble,
    uniform_int,
)
from crosschannel.generator.config import Parameters
from crosschannel.generator.reference import Reference, Stores, landline_number
from crosschannel.generator.text import blank_some, by_code, dates, lookup

MOBILE_SALT = 27_182_818  # with it, only person number 64,953,448 (> MAX_PERSONS) would get 0600000000
LOYALTY_SALT = 31_415_926


@dataclass(frozen=True)
class Persons:
    """The true identity of each person of a chunk (indices into the vocabulary and reference)."""

    number: IntArray  # 0-based over the run: person_id P0000001 is number 0
    household: IntArray  # household number over the run
    first_name: IntArray
    last_name: IntArray
    birth_day: IntArray  # days since the epoch
    region: IntArray
    city: IntArray
    postal_code: IntArray
    street_number: IntArray
    street_type: IntArray
    street_name: IntArray
    home_store: IntArray
    second_store: IntArray  # NONE for most
    loyalty: IntArray  # loyalty card number, NONE without card
    mobile: IntArray  # 9 significant digits
    landline: IntArray  # 9 significant digits, NONE without landline
    email_first: IntArray  # personal e-mail: lexicon tokens, separator, number (0: none), domain
    email_separator: IntArray
    email_second: IntArray
    email_number: IntArray
    email_domain: IntArray
    family_first: IntArray  # the household's shared e-mail (NONE where there is none)
    family_separator: IntArray
    family_second: IntArray
    family_number: IntArray
    family_domain: IntArray
    uses_family_email: BoolArray
    activity: FloatArray  # multiplies the person's order and lead rates (mean 1)
    browsing: FloatArray  # multiplies the person's web visits (mean 1)
    favourite_category: IntArray
    is_browser: BoolArray

    def __len__(self) -> int:
        return len(self.number)


class EmailRegistry:
    """Addresses already given out in earlier chunks, so that every personal e-mail is unique.

    The second Jean Dupont at gmail.com gets jean.dupont2@gmail.com, as mail providers do. Only the
    bases (addresses without the number) are remembered: tokens contain no digits, so a base plus a
    distinct number can never equal another base.
    """

    def __init__(self) -> None:
        self._taken: dict[str, int] = {}

    def numbers(self, bases: pa.Array) -> IntArray:
        """The number to append to each base (0 for none), in row order after all earlier rows."""
        encoded = pc.dictionary_encode(bases)
        groups = ints(encoded.indices.to_numpy(zero_copy_only=False))
        uniques = encoded.dictionary.to_pylist()
        taken_before = ints([self._taken.get(base, 0) for base in uniques])
        counts = np.bincount(groups, minlength=len(uniques))
        self._taken.update(zip(uniques, (taken_before + counts).tolist(), strict=True))
        rank = taken_before[groups] + rank_within(groups)
        return np.where(rank == 0, 0, rank + 1)


# Personal e-mail patterns: (first token kind, separator, second token kind) and their weights.
_FULL, _JOINED, _INITIAL, _LAST = range(4)
_EMAIL_PATTERNS = (
    ((_FULL, 0, _LAST), 0.35),
    ((_JOINED, 1, _LAST), 0.12),
    ((_INITIAL, 0, _LAST), 0.12),
    ((_INITIAL, 1, _LAST), 0.08),
    ((_LAST, 0, _FULL), 0.10),
    ((_FULL, 2, _LAST), 0.08),
    ((_LAST, 1, _INITIAL), 0.05),
    ((_FULL, 3, _LAST), 0.10),
)


def _household_sizes(rng: np.random.Generator, persons: int, person_share: float) -> IntArray:
    """Sizes of consecutive households covering exactly this many persons.

    With P(size 2, 3, 4) = q * (0.5, 0.3, 0.2) the mean multi-person size is 2.7, and the share of
    persons living in one is 2.7q / (1 + 1.7q); q is solved from the wanted share.
    """
    q = person_share / (2.7 - 1.7 * person_share)
    sizes = choice(rng, (1 - q, 0.5 * q, 0.3 * q, 0.2 * q), persons) + 1
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, persons)) + 1
    sizes = sizes[:count]
    sizes[-1] -= int(ends[count - 1]) - persons
    return sizes


@dataclass(frozen=True)
class _Addresses:
    """E-mail addresses as parts: lexicon tokens, separator, number (0: none), domain."""

    first: IntArray
    separator: IntArray
    second: IntArray
    number: IntArray
    domain: IntArray


def _registered(
    rng: np.random.Generator,
    lexicon: lex.Lexicon,
    registry: EmailRegistry,
    first: IntArray,
    separator: IntArray,
    second: IntArray,
) -> _Addresses:
    """Addresses at a drawn provider, numbered where the base is already taken."""
    domain = choice(rng, vocab.EMAIL_DOMAIN_WEIGHTS, len(first))
    local = lex.email_locals(lexicon, first, separator, second, np.zeros(len(first), dtype=np.int64))
    bases = pc.binary_join_element_wise(local, lookup(vocab.EMAIL_DOMAINS, domain), "@")
    return _Addresses(first, separator, second, registry.numbers(bases), domain)


def _personal_addresses(
    rng: np.random.Generator,
    lexicon: lex.Lexicon,
    registry: EmailRegistry,
    first_name: IntArray,
    last_name: IntArray,
) -> _Addresses:
    """Each person's own address, built from their names (jean.dupont, jdupont, dupont.jean...)."""
    count = len(first_name)
    kinds = ints([kinds for kinds, _ in _EMAIL_PATTERNS])[choice(rng, [w for _, w in _EMAIL_PATTERNS], count)]
    tokens = np.stack(
        [
            lexicon.first_full[first_name],
            lexicon.first_joined[first_name],
            lexicon.first_initial[first_name],
            lexicon.last_token[last_name],
        ]
    )
    rows = np.arange(count)
    return _registered(
        rng, lexicon, registry, tokens[kinds[:, 0], rows], kinds[:, 1], tokens[kinds[:, 2], rows]
    )


def _family_addresses(
    rng: np.random.Generator, lexicon: lex.Lexicon, registry: EmailRegistry, last_name: IntArray
) -> _Addresses:
    """A household's shared address: famille.dupont, dupont.famille or lesdupont."""
    pattern = rng.integers(0, 3, len(last_name))
    surname = lexicon.last_token[last_name]
    first = np.select([pattern == 0, pattern == 1], [lexicon.family_word, surname], lexicon.plural_word)
    second = np.where(pattern == 1, lexicon.family_word, surname)
    return _registered(rng, lexicon, registry, ints(first), ints(np.where(pattern == 2, 1, 0)), ints(second))


def _stores_near(rng: np.random.Generator, stores: Stores, region: IntArray, minimum: int) -> IntArray:
    """A random open store of each region, or of the whole network where the region has fewer than
    `minimum` open stores."""
    count = len(region)
    nearby = pick(rng, stores.region_open_start[region], stores.region_open_count[region])
    anywhere = pick(rng, np.zeros(count, dtype=np.int64), np.full(count, len(stores.open_by_region)))
    return stores.open_by_region[np.where(stores.region_open_count[region] >= minimum, nearby, anywhere)]


def make_persons(
    rng: np.random.Generator,
    ref: Reference,
    lexicon: lex.Lexicon,
    registry: EmailRegistry,
    first_number: int,
    count: int,
    first_household: int,
    params: Parameters,
) -> Persons:
    """`count` persons numbered from `first_number`, in households numbered from `first_household`.

    Members of a household share surname, address, landline and home agency; some households also
    share an e-mail address.
    """
    geo = ref.geography
    sizes = _household_sizes(rng, count, params.household_person_share)
    households = len(sizes)
    member_of, _ = expand(sizes)
    region = choice(rng, geo.region_weight.tolist(), households)
    city = pick(rng, geo.region_city_start[region], geo.region_city_count[region])
    postal = pick(rng, geo.city_postal_start[city], geo.city_postal_count[city])
    # Common surnames are much more frequent than rare ones.
    last_name = choice(rng, (1.0 / (np.arange(len(vocab.LAST_NAMES)) + 8.0)).tolist(), households)
    home_store = _stores_near(rng, ref.stores, region, 1)
    household_number = first_household + np.arange(households, dtype=np.int64)
    has_landline = (sizes > 1) | (rng.random(households) < params.singleton_landline_share)
    landline = np.where(has_landline, landline_number(geo.region_zone[region], household_number), NONE)
    street = (
        ints(rng.integers(1, 160, households)),
        ints(rng.integers(0, len(vocab.STREET_TYPES), households)),
        ints(rng.integers(0, len(vocab.STREET_NAMES), households)),
    )

    number = first_number + np.arange(count, dtype=np.int64)
    person_region = region[member_of]
    first_name = choice(rng, (1.0 / (np.arange(len(vocab.FIRST_NAMES)) + 15.0)).tolist(), count)
    epoch = date(1970, 1, 1)
    birth_day = uniform_int(rng, (date(1940, 1, 1) - epoch).days, (date(2006, 6, 30) - epoch).days, count)
    # A second agency, in the same region when it has another one.
    second = _stores_near(rng, ref.stores, person_region, 2)
    has_second = (rng.random(count) < params.second_store_share) & (second != home_store[member_of])
    has_loyalty = rng.random(count) < params.loyalty_share
    personal = _personal_addresses(rng, lexicon, registry, first_name, last_name[member_of])
    shares_email = (sizes > 1) & (rng.random(households) < params.family_email_household_share)
    family_households = np.flatnonzero(shares_email)
    family = _family_addresses(rng, lexicon, registry, last_name[family_households])

    def per_member(values: IntArray) -> IntArray:
        by_household = np.full(households, NONE, dtype=np.int64)
        by_household[family_households] = values
        return by_household[member_of]

    activity = rng.gamma(0.8, 1 / 0.8, count)
    return Persons(
        number=number,
        household=household_number[member_of],
        first_name=first_name,
        last_name=last_name[member_of],
        birth_day=birth_day,
        region=person_region,
        city=city[member_of],
        postal_code=postal[member_of],
        street_number=street[0][member_of],
        street_type=street[1][member_of],
        street_name=street[2][member_of],
        home_store=home_store[member_of],
        second_store=np.where(has_second, second, NONE),
        loyalty=np.where(has_loyalty, scramble(number, 9, LOYALTY_SALT), NONE),
        mobile=np.where(number % 3 == 0, 700_000_000, 600_000_000) + scramble(number, 8, MOBILE_SALT),
        landline=landline[member_of],
        email_first=personal.first,
        email_separator=personal.separator,
        email_second=personal.second,
        email_number=personal.number,
        email_domain=personal.domain,
        family_first=per_member(family.first),
        family_separator=per_member(family.separator),
        family_second=per_member(family.second),
        family_number=per_member(family.number),
        family_domain=per_member(family.domain),
        uses_family_email=shares_email[member_of] & (rng.random(count) < params.family_email_member_use),
        activity=activity,
        # Active buyers browse more, but browsing also varies on its own.
        browsing=0.5 * activity + 0.5 * rng.gamma(1.5, 1 / 1.5, count),
        favourite_category=choice(rng, vocab.PRODUCT_CATEGORY_WEIGHTS, count),
        is_browser=rng.random(count) < params.browser_share,
    )


def person_emails(persons: Persons, lexicon: lex.Lexicon) -> pa.Array:
    """Each person's personal e-mail, as registered (the truth)."""
    local = lex.email_locals(
        lexicon, persons.email_first, persons.email_separator, persons.email_second, persons.email_number
    )
    return pc.binary_join_element_wise(local, lookup(vocab.EMAIL_DOMAINS, persons.email_domain), "@")


# Where a written e-mail comes from.
EMAIL_NONE, EMAIL_PERSONAL, EMAIL_FAMILY, EMAIL_PLACEHOLDER = range(4)
# Where a written phone comes from: the person's mobile or landline, a clerk's placeholder
# (0000000000, 0600000000) or the store's own number typed in the customer's field.
PHONE_NONE, PHONE_MOBILE, PHONE_LANDLINE, PHONE_ZEROS, PHONE_ZEROS_MOBILE, PHONE_STORE = range(6)
BIRTH_NONE, BIRTH_WRITTEN, BIRTH_SWAPPED = range(3)


@dataclass(frozen=True)
class ContactProfile:
    """How complete and how clean the contact details are in one kind of source."""

    email_missing: float
    phone_missing: float
    landline: float  # share of written phones that are the home landline (when there is one)
    names_missing: float
    name_variants: tuple[float, float, float, float, float, float, float]  # NAME_CLEAN..NAME_PADDED
    upper_last_name: float  # clerks type surnames in capitals
    email_styles: tuple[float, float, float, float, float]
    phone_formats: tuple[float, float, float, float, float, float, float, float]
    birth_missing: float
    postal_missing: float
    placeholder_email: float = 0.0
    placeholder_phone: float = 0.0


_TYPED_BY_PERSON = (0.84, 0.06, 0.02, 0.01, 0.04, 0.02, 0.01)
_TYPED_BY_CLERK = (0.57, 0.18, 0.05, 0.12, 0.02, 0.04, 0.02)
_WEB_EMAILS = (0.85, 0.06, 0.01, 0.06, 0.02)
_CLERK_EMAILS = (0.70, 0.15, 0.08, 0.05, 0.02)
_WEB_PHONES = (0.40, 0.25, 0.08, 0.08, 0.04, 0.05, 0.05, 0.05)
_CLERK_PHONES = (0.25, 0.45, 0.15, 0.04, 0.03, 0.03, 0.03, 0.02)

PROFILES: dict[str, ContactProfile] = {
    "web_account": ContactProfile(
        0.0, 0.60, 0.10, 0.35, _TYPED_BY_PERSON, 0.0, _WEB_EMAILS, _WEB_PHONES, 0.50, 0.40
    ),
    "store_customer": ContactProfile(
        0.30, 0.10, 0.25, 0.02, _TYPED_BY_CLERK, 0.35, _CLERK_EMAILS, _CLERK_PHONES, 0.30, 0.05, 0.03, 0.03
    ),
    "crm_contact": ContactProfile(
        0.05, 0.60, 0.10, 0.15, _TYPED_BY_PERSON, 0.05, _WEB_EMAILS, _WEB_PHONES, 1.0, 0.50
    ),
    "web_form": ContactProfile(
        0.05, 0.30, 0.05, 0.08, _TYPED_BY_PERSON, 0.0, _WEB_EMAILS, _WEB_PHONES, 1.0, 1.0
    ),
    "store_lead": ContactProfile(
        0.50, 0.20, 0.20, 0.03, _TYPED_BY_CLERK, 0.35, _CLERK_EMAILS, _CLERK_PHONES, 1.0, 1.0, 0.03, 0.03
    ),
    "call_center": ContactProfile(
        0.60, 0.05, 0.30, 0.10, _TYPED_BY_CLERK, 0.20, _CLERK_EMAILS, _CLERK_PHONES, 1.0, 1.0
    ),
}


@dataclass(frozen=True)
class ContactPlan:
    """Which contact details one written copy holds, and how each is spelled."""

    email_source: IntArray
    email_style: IntArray
    email_typo: IntArray
    placeholder_email: IntArray  # index into vocabulary.PLACEHOLDER_EMAILS
    phone_source: IntArray
    phone_format: IntArray
    first_name_variant: IntArray  # NONE: not written
    last_name_variant: IntArray
    birth_date: IntArray  # BIRTH_*
    postal_code: BoolArray
    blank: BoolArray  # missing values of this copy are written as '' rather than null
    names_swapped: BoolArray  # first name written in the last name's field and the other way round
    postal_code_typo: IntArray  # NONE, or the seed of one mistyped or transposed digit (digit_typo)
    loyalty_typo: IntArray  # the same for the loyalty card number
    email_left_out: BoolArray  # an e-mail this copy would carry, not written (the preset's extra missing)


def draw_contact_plan(
    rng: np.random.Generator,
    persons: Persons,
    person: IntArray,
    profile: ContactProfile,
    params: Parameters,
    has_store: BoolArray,
) -> ContactPlan:
    """How each of these persons' details are written in one kind of source (one row per copy)."""
    n = len(person)
    email = np.where(persons.uses_family_email[person] & (rng.random(n) < 0.8), EMAIL_FAMILY, EMAIL_PERSONAL)
    email = np.where(rng.random(n) < profile.email_missing, EMAIL_NONE, email)
    email = np.where(rng.random(n) < profile.placeholder_email, EMAIL_PLACEHOLDER, email)
    typed = (email == EMAIL_PERSONAL) | (email == EMAIL_FAMILY)
    # The errors below are drawn only when their share is set, so that the default world's random
    # streams (and data) stay what they were before these kinds of noise existed.
    email_left_out = typed & _chance(rng, n, params.email_left_out_share)
    email = np.where(email_left_out, EMAIL_NONE, email)
    typed = typed & ~email_left_out
    typo = np.where(typed & (rng.random(n) < params.email_typo_share), rng.integers(1, 4, n), lex.TYPO_NONE)

    has_landline = persons.landline[person] != NONE
    phone = np.where(has_landline & (rng.random(n) < profile.landline), PHONE_LANDLINE, PHONE_MOBILE)
    phone = np.where(rng.random(n) < profile.phone_missing, PHONE_NONE, phone)
    placeholder_phone = rng.integers(PHONE_ZEROS, PHONE_STORE + 1, n)
    placeholder_phone = np.where(
        has_store, placeholder_phone, np.minimum(placeholder_phone, PHONE_ZEROS_MOBILE)
    )
    phone = np.where(rng.random(n) < profile.placeholder_phone, placeholder_phone, phone)

    def name_variants(upper_share: float) -> IntArray:
        variant = choice(rng, profile.name_variants, n)
        upper = rng.random(n) < upper_share
        variant = np.where(
            upper, np.where(rng.random(n) < 0.5, lex.NAME_UPPER, lex.NAME_UPPER_ASCII), variant
        )
        typo = rng.random(n) < params.name_typo_share
        variant = np.where(typo, rng.integers(lex.NAME_TYPO_SWAP, lex.NAME_TYPO_DROP + 1, n), variant)
        return np.where(_chance(rng, n, params.name_heard_share) & ~typo, lex.NAME_HEARD, variant)

    names_missing = rng.random(n) < profile.names_missing
    first_missing = names_missing | (rng.random(n) < 0.05)
    birth = np.where(rng.random(n) < profile.birth_missing, BIRTH_NONE, BIRTH_WRITTEN)
    month, day = _month_day(persons.birth_day[person])
    swappable = (day <= 12) & (day != month)
    # Only a date whose day is 12 or less can be misread month-first; those are picked more often so
    # that about birth_date_swap_share of all written dates are swapped.
    swap = params.birth_date_swap_share / max(float(swappable.mean()) if n else 1.0, 1e-9)
    birth = np.where((birth == BIRTH_WRITTEN) & swappable & (rng.random(n) < swap), BIRTH_SWAPPED, birth)
    # Drawn in the order of the fields, as they always were.
    email_style = choice(rng, profile.email_styles, n)
    placeholder_email = rng.integers(0, len(vocab.PLACEHOLDER_EMAILS), n).astype(np.int64)
    phone_format = choice(rng, profile.phone_formats, n)
    first_name_variant = np.where(first_missing, NONE, name_variants(0.0))
    last_name_variant = np.where(names_missing, NONE, name_variants(profile.upper_last_name))
    postal_code = rng.random(n) >= profile.postal_missing
    blank = rng.random(n) < params.blank_string_share
    both_names = (first_name_variant != NONE) & (last_name_variant != NONE)
    return ContactPlan(
        email_source=email,
        email_style=email_style,
        email_typo=typo,
        placeholder_email=placeholder_email,
        phone_source=phone,
        phone_format=phone_format,
        first_name_variant=first_name_variant,
        last_name_variant=last_name_variant,
        birth_date=birth,
        postal_code=postal_code,
        blank=blank,
        names_swapped=both_names & _chance(rng, n, params.names_swapped_share),
        postal_code_typo=_digit_typos(rng, postal_code & _chance(rng, n, params.postal_code_typo_share)),
        loyalty_typo=_digit_typos(rng, _chance(rng, n, params.loyalty_typo_share)),
        email_left_out=email_left_out,
    )


def _chance(rng: np.random.Generator, n: int, share: float) -> BoolArray:
    """Rows picked with probability `share`; nothing is drawn (the stream is untouched) when it is 0."""
    if share <= 0:
        return np.zeros(n, dtype=bool)
    return rng.random(n) < share


def _digit_typos(rng: np.random.Generator, picked: BoolArray) -> IntArray:
    """NONE, or for picked rows the seed of their digit typo (see digit_typo)."""
    if not picked.any():
        return np.full(len(picked), NONE, dtype=np.int64)
    return np.where(picked, rng.integers(0, 2**30, len(picked)), NONE)


def digit_typo(text: str, seed: int) -> str:
    """One typing error among the digits of `text`: two neighbouring digits transposed (even seeds,
    when they differ) or one digit mistyped as another. Texts without digits are returned as they are."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return text
    chars = list(text)
    neighbours = [i for i in digits if i + 1 in digits and chars[i] != chars[i + 1]]
    if seed % 2 == 0 and neighbours:
        i = neighbours[(seed // 2) % len(neighbours)]
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        i = digits[(seed // 2) % len(digits)]
        chars[i] = str((int(chars[i]) + 1 + (seed // 64) % 9) % 10)
    return "".join(chars)


def with_digit_typos(values: pa.Array, typo: IntArray) -> pa.Array:
    """The values with the digit typo of each row whose typo is set (see digit_typo)."""
    rows = np.flatnonzero(typo != NONE)
    if not len(rows):
        return values
    column = values.to_pylist()
    for row in rows:
        if column[row]:
            column[row] = digit_typo(column[row], int(typo[row]))
    return pa.array(column, values.type)


def _month_day(days: IntArray) -> tuple[IntArray, IntArray]:
    as_days = days.astype("datetime64[D]")
    months = as_days.astype("datetime64[M]")
    return months.astype(np.int64) % 12 + 1, (as_days - months.astype("datetime64[D]")).astype(np.int64) + 1


def _swapped_birth_days(days: IntArray) -> IntArray:
    """The date read with day and month exchanged (only asked for when both are 12 or less)."""
    month, day = _month_day(days)
    year_start = days.astype("datetime64[D]").astype("datetime64[Y]").astype("datetime64[M]")
    return ((year_start + (day - 1)).astype("datetime64[D]") + (month - 1)).astype(np.int64)


def render_emails(plan: ContactPlan, persons: Persons, person: IntArray, lexicon: lex.Lexicon) -> pa.Array:
    """The e-mail column of these copies."""
    family = plan.email_source == EMAIL_FAMILY

    def typed(rows: IntArray) -> pa.Array:
        p, fam, typo = person[rows], family[rows], plan.email_typo[rows]
        first = np.where(fam, persons.family_first[p], persons.email_first[p])
        second = np.where(fam, persons.family_second[p], persons.email_second[p])
        first = np.where(typo == lex.TYPO_FIRST_TOKEN, lexicon.token_typo[first], first)
        second = np.where(typo == lex.TYPO_SECOND_TOKEN, lexicon.token_typo[second], second)
        local = lex.email_locals(
            lexicon,
            first,
            np.where(fam, persons.family_separator[p], persons.email_separator[p]),
            second,
            np.where(fam, persons.family_number[p], persons.email_number[p]),
        )
        domain = lex.domains(
            np.where(fam, persons.family_domain[p], persons.email_domain[p]), typo == lex.TYPO_DOMAIN
        )
        return lex.emails(local, domain, plan.email_style[rows])

    kind = np.select(
        [family | (plan.email_source == EMAIL_PERSONAL), plan.email_source == EMAIL_PLACEHOLDER], [1, 2], 0
    )
    return by_code(
        kind, {1: typed, 2: lambda rows: lookup(vocab.PLACEHOLDER_EMAILS, plan.placeholder_email[rows])}
    )


def render_phones(plan: ContactPlan, persons: Persons, person: IntArray, store_phone: IntArray) -> pa.Array:
    """The phone column of these copies; store_phone is the phone of the store holding each copy."""
    source = plan.phone_source
    number = np.select(
        [source == PHONE_MOBILE, source == PHONE_LANDLINE, source == PHONE_STORE],
        [persons.mobile[person], persons.landline[person], store_phone],
        NONE,
    )
    kind = np.select([number >= 0, source == PHONE_ZEROS, source == PHONE_ZEROS_MOBILE], [1, 2, 3], 0)
    return by_code(
        kind,
        {
            1: lambda rows: lex.phones(number[rows], plan.phone_format[rows]),
            2: lambda rows: pa.array([vocab.PLACEHOLDER_PHONES[0]] * len(rows), pa.string()),
            3: lambda rows: pa.array([vocab.PLACEHOLDER_PHONES[1]] * len(rows), pa.string()),
        },
    )


def render_contact(
    plan: ContactPlan,
    persons: Persons,
    person: IntArray,
    lexicon: lex.Lexicon,
    ref: Reference,
    store_phone: IntArray,
) -> dict[str, pa.Array]:
    """email, phone, first_name, last_name, birth_date and postal_code columns of these copies."""
    birth_days = np.where(
        plan.birth_date == BIRTH_SWAPPED,
        _swapped_birth_days(persons.birth_day[person]),
        persons.birth_day[person],
    )
    first_name = lex.names(lexicon.first_names, persons.first_name[person], plan.first_name_variant)
    last_name = lex.names(lexicon.last_names, persons.last_name[person], plan.last_name_variant)
    swapped = pa.array(plan.names_swapped)
    columns = {
        "email": render_emails(plan, persons, person, lexicon),
        "phone": render_phones(plan, persons, person, store_phone),
        "first_name": pc.if_else(swapped, last_name, first_name),
        "last_name": pc.if_else(swapped, first_name, last_name),
        "birth_date": dates(birth_days, plan.birth_date != BIRTH_NONE),
        "postal_code": with_digit_typos(
            lookup(ref.geography.postal_codes, persons.postal_code[person], plan.postal_code), plan.postal_code_typo
        ),
    }
    return {name: blank_some(values, plan.blank) for name, values in columns.items()}
