"""Campaign audiences, randomised hold-out groups, touches, clicks and the conversions campaigns cause.

For each campaign, eligible persons (those with the campaign's key in a back office, or a cookie)
join the audience with the campaign's audience share and are assigned to control with its hold-out
share. Every member has a baseline probability to convert in the response window that follows from
their organic demand (sales.confirmed_order_rate); exposed members get an extra, campaign-caused
confirmed order with probability q = p0 x lift / (1 - p0), independent of their organic orders, so
that their conversion probability is exactly 1 - (1 - p0)(1 - q) = p0 x (1 + lift).

What real campaign tools do to a randomised test is injected too, and recorded in the truth:
- non-compliance: a control member is touched anyway (params.control_touched_share, drawn for every
  member as "would be touched if in control") and so exposed;
- contamination: a member is also in the other group under a second key, one of their back-office
  ids (params.contaminated_member_share). Only members targeted by a key that names one person (an
  id, a mobile, a personal e-mail) are contaminated this way: a cookie that never logs in or a family
  address cannot be told to be the same person, by anyone. A contaminated person is exposed.
Exposed means treated, touched anyway, or contaminated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crosschannel.generator.arrays import (
    NONE,
    BoolArray,
    FloatArray,
    IntArray,
    concat_rows,
    ints,
    uniform_int,
)
from crosschannel.generator.backoffice import CRM_CONTACT, STORE_CUSTOMER, WEB_ACCOUNT, Records
from crosschannel.generator.clock import DAY, HOUR, MINUTE
from crosschannel.generator.config import Parameters
from crosschannel.generator.people import EMAIL_FAMILY, EMAIL_PERSONAL, PHONE_MOBILE, Persons
from crosschannel.generator.reference import Reference
from crosschannel.generator.sales import STORE, WEB, Orders, Reach, confirmed_order_rate, new_orders
from crosschannel.generator.web import (
    CAMPAIGN_ARRIVALS,
    TAIL_NONE,
    Cookies,
    Visits,
    new_visits,
    visit_categories,
)

KEY_TYPES = ("email", "phone", "cookie_id", "account_id", "store_customer_id", "contact_id")
KEY_EMAIL, KEY_PHONE, KEY_COOKIE, KEY_ACCOUNT, KEY_STORE_CUSTOMER, KEY_CONTACT = range(6)
GROUPS = ("treatment", "control")
TOUCH_TYPES = ("sent", "delivered", "impression", "open", "click")
SENT, DELIVERED, IMPRESSION, OPEN, CLICK = range(5)
# Raw campaign channels (vocabulary.CAMPAIGN_CHANNELS order).
EMAIL, SMS, DISPLAY, RETARGETING, SEARCH, SOCIAL, DIRECT_MAIL = range(7)
_MESSAGE_CHANNELS = (EMAIL, SMS, DIRECT_MAIL)
# Per message channel: P(delivered | sent), P(open | delivered), P(click | open).
_MESSAGE_RATES = {EMAIL: (0.97, 0.30, 0.25), SMS: (0.95, 0.60, 0.12), DIRECT_MAIL: (0.92, 0.45, 0.06)}
# Share of a browser's campaign-caused conversions placed on the web (the rest in store).
CAUSED_WEB_SHARE = 0.5
# Per advertising channel: click-through rate of one impression.
_AD_CLICK_RATES = {DISPLAY: 0.01, RETARGETING: 0.03, SEARCH: 0.05, SOCIAL: 0.015}


@dataclass(frozen=True)
class Audience:
    """One row per campaign member and key: who, with which key, in which group, and their true effect.

    A contaminated person has two rows, one per group (`primary` marks the row drawn first); the
    person-level fields (exposed, touched_if_control, contaminated, baseline, uplift) repeat.
    """

    campaign: IntArray
    person: IntArray
    key_type: IntArray
    key_row: IntArray  # record index (e-mail, phone and ids of records) or cookie index
    treatment: BoolArray
    baseline: FloatArray  # expected probability to convert in the window without the campaign
    uplift: FloatArray  # q: probability of the campaign-caused conversion when exposed
    touched_if_control: BoolArray  # would be touched anyway if in control (non-compliance)
    contaminated: BoolArray  # the person is in both groups, under two keys
    primary: BoolArray
    exposed: BoolArray  # treated, touched anyway in control, or contaminated

    def __len__(self) -> int:
        return len(self.person)


@dataclass(frozen=True)
class Touches:
    """What treated members received or did (sent, delivered, impression, open, click)."""

    member: IntArray  # audience row
    at: IntArray
    touch_type: IntArray

    def __len__(self) -> int:
        return len(self.member)


@dataclass(frozen=True)
class CampaignActivity:
    """Everything the campaigns add to a chunk's activity."""

    audience: Audience
    touches: Touches
    visits: Visits  # visits after clicks
    orders: Orders  # campaign-caused conversions


@dataclass(frozen=True)
class _Keys:
    """Who could be targeted by one kind of key, from when."""

    person: IntArray
    key_type: IntArray
    key_row: IntArray
    identity: IntArray  # rows with the same identity are the same address: one audience row
    since: IntArray
    names_one_person: BoolArray  # not a family address nor an anonymous browser


def _eligible_keys(
    persons: Persons, records: Records, cookies: Cookies, first_seen: IntArray
) -> dict[str, _Keys]:
    """Key tables per targeting family: e-mails and phones as written in back offices, cookies, ids."""
    plan = records.contact
    rows = np.arange(len(records), dtype=np.int64)
    person = records.person
    typed = (plan.email_source == EMAIL_PERSONAL) | (plan.email_source == EMAIL_FAMILY)
    # A family address is one key for the whole household.
    email_identity = np.where(
        plan.email_source == EMAIL_FAMILY, persons.household[person] * 2 + 1, persons.number[person] * 2
    )
    mobile = plan.phone_source == PHONE_MOBILE
    account = records.kind == WEB_ACCOUNT
    mail = (records.kind == STORE_CUSTOMER) | (records.kind == CRM_CONTACT)

    def keys(mask: BoolArray, key_type: IntArray, identity: IntArray, personal: BoolArray) -> _Keys:
        return _Keys(
            person[mask], key_type[mask], rows[mask], identity[mask], records.created_at[mask], personal[mask]
        )

    everyone = np.ones(len(records), dtype=np.int64)
    all_personal = np.ones(len(records), dtype=bool)
    cookie_rows = np.arange(len(cookies), dtype=np.int64)
    return {
        "email": keys(typed, everyone * KEY_EMAIL, email_identity, plan.email_source == EMAIL_PERSONAL),
        "phone": keys(mobile, everyone * KEY_PHONE, persons.number[person], all_personal),
        "account": keys(account, everyone * KEY_ACCOUNT, rows, all_personal),
        "mail": keys(
            mail, np.where(records.kind == STORE_CUSTOMER, KEY_STORE_CUSTOMER, KEY_CONTACT), rows, all_personal
        ),
        "cookie": _Keys(
            cookies.person,
            np.full(len(cookies), KEY_COOKIE),
            cookie_rows,
            cookie_rows,
            first_seen,
            np.zeros(len(cookies), dtype=bool),
        ),
    }


_FAMILY_OF_CHANNEL = ("email", "phone", "cookie", "cookie", "account", "account", "mail")


def _draw_members(rng: np.random.Generator, keys: _Keys, start: int, audience_share: float) -> IntArray:
    """Rows of the key table that join the audience: one key per person, one row per address."""
    available = np.flatnonzero(keys.since <= start)
    order = available[np.lexsort((rng.random(len(available)), keys.person[available]))]
    first_of_person = (
        np.r_[True, keys.person[order][1:] != keys.person[order][:-1]]
        if len(order)
        else np.zeros(0, dtype=bool)
    )
    chosen = order[first_of_person]
    _, first_of_identity = np.unique(keys.identity[chosen], return_index=True)
    distinct = chosen[np.sort(first_of_identity)]
    return distinct[rng.random(len(distinct)) < audience_share]


def _concat_keys(first: _Keys, second: _Keys) -> _Keys:
    return _Keys(*(np.r_[getattr(first, name), getattr(second, name)] for name in _Keys.__dataclass_fields__))


def _second_keys(
    rng: np.random.Generator,
    ids: _Keys,
    start: int,
    person: IntArray,
    key_type: IntArray,
    key_row: IntArray,
    wanted: BoolArray,
) -> IntArray:
    """For the members to contaminate, another back-office id of theirs (row of `ids`), else NONE."""
    available = np.flatnonzero(ids.since <= start)
    order = available[np.lexsort((rng.random(len(available)), ids.person[available]))]
    if not len(order):
        return np.full(len(person), NONE, dtype=np.int64)
    owners = ids.person[order]
    low = np.searchsorted(owners, person, side="left")
    high = np.searchsorted(owners, person, side="right")
    first = order[np.minimum(low, len(order) - 1)]
    # The person's first id in random order, or their second when the first is the key they joined by.
    pick = low + ((ids.key_type[first] == key_type) & (ids.key_row[first] == key_row)).astype(np.int64)
    found = wanted & (pick < high)
    return np.where(found, order[np.minimum(pick, len(order) - 1)], NONE)


def run_campaigns(
    rng: np.random.Generator,
    persons: Persons,
    records: Records,
    cookies: Cookies,
    first_seen: IntArray,
    reach: Reach,
    ref: Reference,
    params: Parameters,
) -> CampaignActivity:
    """Audiences, touches, click visits and caused orders of every campaign for a chunk's persons."""
    campaigns = ref.campaigns
    keys = _eligible_keys(persons, records, cookies, first_seen)
    rate = confirmed_order_rate(persons, params)
    audiences: list[Audience] = []
    touches: list[Touches] = []
    visits: list[Visits] = []
    orders: list[Orders] = []
    ids = _concat_keys(keys["account"], keys["mail"])
    members_before = 0
    for campaign in range(len(campaigns.channel)):
        channel = int(campaigns.channel[campaign])
        start, end = int(campaigns.start_at[campaign]), int(campaigns.end_at[campaign])
        window_end = int(ref.response_window_end[campaign])
        family = keys[_FAMILY_OF_CHANNEL[channel]]
        rows = _draw_members(rng, family, start, float(campaigns.audience_share[campaign]))
        n = len(rows)
        person = family.person[rows]
        treatment = rng.random(n) >= campaigns.holdout_share[campaign]
        touched_if_control = rng.random(n) < params.control_touched_share
        second = _second_keys(
            rng, ids, start, person, family.key_type[rows], family.key_row[rows],
            family.names_one_person[rows] & (rng.random(n) < params.contaminated_member_share),
        )
        contaminated = second >= 0
        exposed = treatment | touched_if_control | contaminated
        baseline = 1 - np.exp(-rate[person] * (window_end - start) / DAY)
        uplift = np.minimum(1.0, baseline * campaigns.relative_lift[campaign] / (1 - baseline))
        doubled = np.flatnonzero(contaminated)
        audience = Audience(
            campaign=np.full(n + len(doubled), campaign, dtype=np.int64),
            person=np.r_[person, person[doubled]],
            key_type=np.r_[family.key_type[rows], ids.key_type[second[doubled]]],
            key_row=np.r_[family.key_row[rows], ids.key_row[second[doubled]]],
            treatment=np.r_[treatment, ~treatment[doubled]],
            baseline=np.r_[baseline, baseline[doubled]],
            uplift=np.r_[uplift, uplift[doubled]],
            touched_if_control=np.r_[touched_if_control, touched_if_control[doubled]],
            contaminated=np.r_[contaminated, contaminated[doubled]],
            primary=np.r_[np.ones(n, dtype=bool), np.zeros(len(doubled), dtype=bool)],
            exposed=np.r_[exposed, exposed[doubled]],
        )
        audiences.append(audience)
        # Treated rows are touched, and control rows of members touched anyway (a contaminated
        # person's control key only if they would have been touched anyway).
        touched_rows = np.flatnonzero(audience.treatment | (audience.touched_if_control & audience.primary))
        if channel in _MESSAGE_CHANNELS:
            touched = _message_touches(rng, channel, touched_rows, start, end)
        else:
            touched = _ad_touches(rng, channel, touched_rows, start, end)
        touches.append(Touches(touched.member + members_before, touched.at, touched.touch_type))
        clicks = touched.member[touched.touch_type == CLICK]
        click_at = touched.at[touched.touch_type == CLICK]
        visits.append(
            _click_visits(
                rng,
                persons,
                cookies,
                reach,
                ref,
                campaign,
                channel,
                audience.person[clicks],
                np.where(audience.key_type[clicks] == KEY_COOKIE, audience.key_row[clicks], NONE),
                click_at,
            )
        )
        converts = np.flatnonzero(exposed & (rng.random(n) < uplift))
        orders.append(
            _caused_orders(rng, persons, reach, ref, params, campaign, person[converts], start, window_end)
        )
        members_before += len(audience)
    return CampaignActivity(
        audience=concat_rows(audiences),
        touches=concat_rows(touches),
        visits=concat_rows(visits),
        orders=concat_rows(orders),
    )


def _message_touches(
    rng: np.random.Generator, channel: int, treated: IntArray, start: int, end: int
) -> Touches:
    """sent, delivered, open, click of e-mails, text messages and letters."""
    n = len(treated)
    deliver, read, click = _MESSAGE_RATES[channel]
    letter = channel == DIRECT_MAIL
    sent = start + uniform_int(rng, 0, 2 * DAY if letter else 4 * HOUR, n)
    delivered = sent + (
        uniform_int(rng, 2 * DAY, 5 * DAY, n) if letter else uniform_int(rng, 5, 10 * MINUTE, n)
    )
    opened = delivered + MINUTE + rng.exponential(DAY, n).astype(np.int64)
    opened = np.maximum(delivered + MINUTE, np.minimum(opened, end))
    clicked = opened + uniform_int(rng, 5, 30 * MINUTE, n)
    is_delivered = rng.random(n) < deliver
    is_opened = is_delivered & (rng.random(n) < read)
    is_clicked = is_opened & (rng.random(n) < click)
    member = np.r_[treated, treated[is_delivered], treated[is_opened], treated[is_clicked]].astype(np.int64)
    at = np.r_[sent, delivered[is_delivered], opened[is_opened], clicked[is_clicked]].astype(np.int64)
    kind = np.repeat(
        ints([SENT, DELIVERED, OPEN, CLICK]),
        [n, int(is_delivered.sum()), int(is_opened.sum()), int(is_clicked.sum())],
    )
    order = np.lexsort((at, member))
    return Touches(member[order], at[order], kind[order])


def _ad_touches(rng: np.random.Generator, channel: int, treated: IntArray, start: int, end: int) -> Touches:
    """Impressions of an ad during the campaign and, for some members, one click."""
    count = 1 + rng.poisson(2.5, len(treated)).astype(np.int64)
    member = np.repeat(treated, count)
    # Sorted per member, plus the rank in seconds: a member's impressions never share an instant.
    at = uniform_int(rng, start, end - 10, len(member))
    order = np.lexsort((at, member))
    member, at = member[order], at[order]
    at = at + (np.arange(len(member)) - np.repeat(np.cumsum(count) - count, count))
    clicks = rng.random(len(treated)) < 1 - (1 - _AD_CLICK_RATES[channel]) ** count
    first = np.cumsum(count) - count
    shown = first + np.floor(rng.random(len(treated)) * count).astype(np.int64)
    click_at = at[shown] + uniform_int(rng, 1, 60, len(treated))
    member = np.r_[member, treated[clicks]].astype(np.int64)
    all_at = np.r_[at, click_at[clicks]].astype(np.int64)
    kind = np.r_[np.full(len(at), IMPRESSION), np.full(int(clicks.sum()), CLICK)].astype(np.int64)
    order = np.lexsort((all_at, member))
    return Touches(member[order], all_at[order], kind[order])


def _click_visits(
    rng: np.random.Generator,
    persons: Persons,
    cookies: Cookies,
    reach: Reach,
    ref: Reference,
    campaign: int,
    channel: int,
    person: IntArray,
    key_cookie: IntArray,
    click_at: IntArray,
) -> Visits:
    """The site visit following each click, on the targeted cookie or one of the person's browsers.

    A person without any browser (they never browse) clicks without a visit being recorded.
    """
    cookie = np.where(key_cookie != NONE, key_cookie, reach.cookies.pick(rng, person))
    has = cookie != NONE
    cookie, person, click_at = cookie[has], person[has], click_at[has]
    n = len(cookie)
    none = np.full(n, NONE, dtype=np.int64)
    return new_visits(
        rng,
        cookie=cookie,
        anchor_at=click_at + uniform_int(rng, 2, 30, n),
        anchor_last=False,
        site=cookies.site[cookie],
        marketing=np.full(n, CAMPAIGN_ARRIVALS[channel]),
        campaign=np.full(n, campaign, dtype=np.int64),
        category=visit_categories(rng, persons, ref, person),
        browse_mean=2.0,
        tail=TAIL_NONE,
        product=none,
        lead=none,
        order=none,
    )


def _caused_orders(
    rng: np.random.Generator,
    persons: Persons,
    reach: Reach,
    ref: Reference,
    params: Parameters,
    campaign: int,
    person: IntArray,
    start: int,
    window_end: int,
) -> Orders:
    """The extra conversions of treated members: web or store (half each for browsers), in the window."""
    n = len(person)
    channel = np.where(persons.is_browser[person] & (rng.random(n) < CAUSED_WEB_SHARE), WEB, STORE)
    product = np.floor(rng.random(n) * len(ref.products.category)).astype(np.int64)
    none = np.full(n, NONE, dtype=np.int64)
    return new_orders(
        rng,
        persons,
        reach,
        ref,
        params,
        person,
        channel,
        uniform_int(rng, start, window_end, n),
        product,
        store=none,
        travellers=none,
        quoted_cents=none,
        lead=none,
        campaign=np.full(n, campaign, dtype=np.int64),
    )
