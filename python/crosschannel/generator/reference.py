"""Reference data drawn once per run: geography, stores, sites, products and campaign definitions.

Everything here is small (at most a few thousand rows) and shared by all chunks of persons, so it is
built with the run's first random stream before any person exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import (
    NONE,
    FloatArray,
    IntArray,
    choice,
    ints,
    scramble,
    uniform_int,
)
from crosschannel.generator.clock import (
    ACTIVITY_END,
    ACTIVITY_MONTHS,
    ACTIVITY_START,
    DAY,
    HOUR,
    activity_month,
    paris_offset,
)
from crosschannel.generator.config import PRODUCT_COUNT, Parameters, campaign_count, store_count
from crosschannel.generator.text import dates, lookup, money, timestamp_styles, timestamps

BRAND_SITE = 0  # index of SITE-BRAND in Sites; white-label sites follow
STORE_PHONE_SALT = 16_180_339  # landlines of stores and households share one scrambled number space


def landline_number(zone: IntArray, sequence: IntArray) -> IntArray:
    """A landline's 9 significant digits: zone digit (1-5) then 8 digits unique per sequence number."""
    return zone * 100_000_000 + scramble(sequence, 8, STORE_PHONE_SALT)


@dataclass(frozen=True)
class Geography:
    """Regions, cities and postal codes flattened into arrays (indices into the vocabulary)."""

    region_weight: FloatArray
    region_zone: IntArray
    region_names: tuple[str, ...]
    city_region: IntArray
    city_names: tuple[str, ...]
    city_postal_start: IntArray
    city_postal_count: IntArray
    region_city_start: IntArray
    region_city_count: IntArray
    postal_codes: tuple[str, ...]


def build_geography() -> Geography:
    """The static geography of vocabulary.REGIONS as lookup arrays."""
    city_region: list[int] = []
    city_names: list[str] = []
    postal_start: list[int] = []
    postal_count: list[int] = []
    region_city_start: list[int] = []
    postal_codes: list[str] = []
    for region_index, region in enumerate(vocab.REGIONS):
        region_city_start.append(len(city_names))
        for city in region.cities:
            city_region.append(region_index)
            city_names.append(city.name)
            postal_start.append(len(postal_codes))
            postal_count.append(len(city.postal_codes))
            postal_codes.extend(city.postal_codes)
    return Geography(
        region_weight=np.array([region.population_millions for region in vocab.REGIONS]),
        region_zone=ints([region.landline_zone for region in vocab.REGIONS]),
        region_names=tuple(region.name for region in vocab.REGIONS),
        city_region=ints(city_region),
        city_names=tuple(city_names),
        city_postal_start=ints(postal_start),
        city_postal_count=ints(postal_count),
        region_city_start=ints(region_city_start),
        region_city_count=ints([len(region.cities) for region in vocab.REGIONS]),
        postal_codes=tuple(postal_codes),
    )


@dataclass(frozen=True)
class Stores:
    """The agencies of the network (index = store number - 1)."""

    region: IntArray
    city: IntArray
    postal_code: IntArray  # index into Geography.postal_codes
    network: IntArray  # index into NETWORKS
    opened_day: IntArray  # days since the epoch
    closed_day: IntArray  # NONE while open
    phone: IntArray  # 9 significant digits of the store's landline
    site: IntArray  # its white-label site, or NONE
    names: tuple[str, ...]
    # Open stores grouped by region, for drawing a person's stores near home.
    open_by_region: IntArray
    region_open_start: IntArray
    region_open_count: IntArray


NETWORKS = ("brand", "member", "partner")
SITE_KINDS = ("brand", "white_label")


@dataclass(frozen=True)
class Sites:
    """Site 0 is the brand site; site i > 0 is the white-label site of store[i]."""

    store: IntArray  # NONE for the brand site


@dataclass(frozen=True)
class Products:
    """The travel products (index = product number - 1)."""

    category: IntArray  # index into vocabulary.PRODUCT_CATEGORIES; products are sorted by it
    list_cents: IntArray
    names: tuple[str, ...]
    category_start: IntArray
    category_count: IntArray


@dataclass(frozen=True)
class Campaigns:
    """Campaign definitions, with the true effect each one has."""

    channel: IntArray  # index into vocabulary.CAMPAIGN_CHANNELS
    objective: IntArray
    start_at: IntArray
    end_at: IntArray
    cost_cents: IntArray
    holdout_share: FloatArray
    audience_share: FloatArray
    relative_lift: FloatArray
    names: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """Reference data shared by all chunks of a run."""

    geography: Geography
    stores: Stores
    sites: Sites
    products: Products
    campaigns: Campaigns
    response_window_end: IntArray  # per campaign: end_at + the response extra days (exclusive)


def build_reference(rng: np.random.Generator, persons: int, params: Parameters) -> Reference:
    """Stores, sites, products and campaigns of a network sized for this many persons."""
    geography = build_geography()
    stores = _build_stores(rng, geography, store_count(persons), params)
    sites = Sites(store=np.r_[NONE, np.flatnonzero(stores.site != NONE)].astype(np.int64))
    campaigns = _build_campaigns(rng, campaign_count(persons), params)
    return Reference(
        geography=geography,
        stores=stores,
        sites=sites,
        products=_build_products(rng),
        campaigns=campaigns,
        response_window_end=campaigns.end_at + params.response_extra_days * DAY,
    )


def _day(value: date) -> int:
    return (value - date(1970, 1, 1)).days


def _build_stores(rng: np.random.Generator, geography: Geography, count: int, params: Parameters) -> Stores:
    """Agencies spread over the regions by population; a few closed before the simulated years."""
    region = choice(rng, geography.region_weight.tolist(), count)
    city = geography.region_city_start[region] + np.floor(
        rng.random(count) * geography.region_city_count[region]
    ).astype(np.int64)
    postal = geography.city_postal_start[city] + np.floor(
        rng.random(count) * geography.city_postal_count[city]
    ).astype(np.int64)
    network = choice(
        rng,
        (
            params.brand_store_share,
            1 - params.brand_store_share - params.partner_store_share,
            params.partner_store_share,
        ),
        count,
    )
    opened = uniform_int(rng, _day(date(1985, 1, 1)), _day(date(2023, 6, 30)), count)
    # Closed agencies closed before the simulated years: they keep their row but see no activity.
    closes = rng.random(count) < params.closed_store_share
    closed = np.where(
        closes,
        uniform_int(rng, np.maximum(opened + 365, _day(date(2019, 1, 1))), _day(date(2023, 12, 31)), count),
        NONE,
    )
    has_site = (closed == NONE) & (rng.random(count) < params.white_label_store_share)
    site = np.where(has_site, np.cumsum(has_site), NONE).astype(np.int64)
    surnames = rng.integers(0, len(vocab.LAST_NAMES), count)
    names = tuple(
        f"{vocab.STORE_BRAND_NAME} {geography.city_names[c]}"
        if n == 0
        else f"Agence {vocab.LAST_NAMES[s]} Voyages"
        if n == 1
        else f"{geography.city_names[c]} Évasion"
        for c, n, s in zip(city.tolist(), network.tolist(), surnames.tolist(), strict=True)
    )
    open_stores = np.flatnonzero(closed == NONE)
    by_region = open_stores[np.argsort(region[open_stores], kind="stable")]
    open_count = np.bincount(region[open_stores], minlength=len(geography.region_names)).astype(np.int64)
    open_start = np.r_[0, np.cumsum(open_count)[:-1]].astype(np.int64)
    # Sequence numbers past any household's, so a store never shares a landline with a home.
    phone = landline_number(geography.region_zone[region], 99_999_999 - np.arange(count, dtype=np.int64))
    return Stores(
        region=region,
        city=city,
        postal_code=postal,
        network=network,
        opened_day=opened,
        closed_day=closed,
        phone=phone,
        site=site,
        names=names,
        open_by_region=by_region,
        region_open_start=open_start,
        region_open_count=open_count,
    )


def _build_products(rng: np.random.Generator) -> Products:
    """The catalogue, sorted by category so that a category is a range of products."""
    category = np.sort(choice(rng, vocab.PRODUCT_CATEGORY_WEIGHTS, PRODUCT_COUNT))
    names: list[str] = []
    list_cents = np.empty(PRODUCT_COUNT, dtype=np.int64)
    for index, cat in enumerate(category.tolist()):
        template, places, lengths, (low, high) = vocab.PRODUCT_TEMPLATES[cat]
        place = places[int(rng.integers(len(places)))]
        length = lengths[int(rng.integers(len(lengths)))]
        names.append(template.format(place=place, length=length))
        # Prices end in 9, as travel brochures print them: 1249.00
        list_cents[index] = (int(rng.integers(low // 10 + 1, high // 10 + 1)) * 10 - 1) * 100
    count = np.bincount(category, minlength=len(vocab.PRODUCT_CATEGORIES)).astype(np.int64)
    return Products(
        category=category,
        list_cents=list_cents,
        names=tuple(names),
        category_start=np.r_[0, np.cumsum(count)[:-1]].astype(np.int64),
        category_count=count,
    )


def _build_campaigns(rng: np.random.Generator, count: int, params: Parameters) -> Campaigns:
    # Each campaign and its response window (up to 21 + response_extra_days days) fit in the two years.
    """Campaigns spread over the two years, sorted by start, with their true lifts."""
    latest_start = ACTIVITY_END - (21 + params.response_extra_days + 1) * DAY
    start_day = np.sort(uniform_int(rng, ACTIVITY_START + 7 * DAY, latest_start, count)) // DAY * DAY
    # Launched between 08:00 and 11:00 Paris time (far from the 02:00-03:00 daylight-saving changes).
    local_start = start_day + 8 * HOUR + uniform_int(rng, 0, 3 * HOUR, count)
    start_at = local_start - paris_offset(local_start - 2 * HOUR)
    end_at = start_at + uniform_int(rng, 7, 22, count) * DAY
    channel = choice(rng, vocab.CAMPAIGN_CHANNEL_WEIGHTS, count)
    objective = ints(rng.integers(0, len(vocab.CAMPAIGN_OBJECTIVES), count))
    base_cost = ints(vocab.CAMPAIGN_BASE_COST)[channel]
    cost_cents = (base_cost * (0.5 + 1.5 * rng.random(count))).astype(np.int64) * 100
    lift = rng.random(count) * params.max_relative_lift
    # A/A campaigns: a fixed share with no effect at all, so that an analysis can be checked on them.
    null_effect = rng.permutation(count)[: max(1, round(params.null_effect_campaign_share * count))]
    lift[null_effect] = 0.0
    low, high = params.audience_share_range
    themes = rng.integers(0, len(vocab.CAMPAIGN_THEMES), count)
    names = tuple(
        f"{vocab.CAMPAIGN_THEMES[t]} - {vocab.CAMPAIGN_CHANNELS[c]} {ACTIVITY_MONTHS[m]}"
        for t, c, m in zip(themes.tolist(), channel.tolist(), activity_month(start_at).tolist(), strict=True)
    )
    return Campaigns(
        channel=channel,
        objective=objective,
        start_at=start_at,
        end_at=end_at,
        cost_cents=cost_cents,
        holdout_share=np.asarray(params.holdout_shares)[rng.integers(0, len(params.holdout_shares), count)],
        audience_share=low + (high - low) * rng.random(count),
        relative_lift=lift,
        names=names,
    )


def store_ids(count: int) -> pa.Array:
    """`ST0001`..."""
    return pa.array([f"ST{number:04d}" for number in range(1, count + 1)], pa.string())


def site_ids(sites: Sites) -> pa.Array:
    """`SITE-BRAND`, then `SITE-ST0042` for the white-label site of store ST0042."""
    return pa.array(
        ["SITE-BRAND"] + [f"SITE-ST{store + 1:04d}" for store in sites.store[1:].tolist()], pa.string()
    )


def product_ids(count: int) -> pa.Array:
    """`PR0001`..."""
    return pa.array([f"PR{number:04d}" for number in range(1, count + 1)], pa.string())


def campaign_ids(count: int) -> pa.Array:
    """`CMP001`..."""
    return pa.array([f"CMP{number:03d}" for number in range(1, count + 1)], pa.string())


def reference_tables(
    rng: np.random.Generator, ref: Reference, params: Parameters
) -> dict[str, dict[str, pa.Array]]:
    """The contract columns of raw_stores, raw_sites, raw_products and raw_campaigns."""
    geo, stores, products, campaigns = ref.geography, ref.stores, ref.products, ref.campaigns
    n_stores = len(stores.region)
    wl_stores = ref.sites.store[1:]
    n_campaigns = len(campaigns.channel)
    return {
        "raw_stores": {
            "store_id": store_ids(n_stores),
            "name": pa.array(stores.names, pa.string()),
            "network": lookup(NETWORKS, stores.network),
            "region": lookup(geo.region_names, stores.region),
            "city": lookup(geo.city_names, stores.city),
            "postal_code": lookup(geo.postal_codes, stores.postal_code),
            "opened_at": dates(stores.opened_day),
            "closed_at": dates(stores.closed_day, stores.closed_day != NONE),
        },
        "raw_sites": {
            "site_id": site_ids(ref.sites),
            "name": pa.array(
                [vocab.STORE_BRAND_NAME] + [f"{stores.names[s]} en ligne" for s in wl_stores.tolist()],
                pa.string(),
            ),
            "kind": lookup(SITE_KINDS, np.r_[0, np.ones(len(wl_stores), dtype=np.int64)]),
            "store_id": lookup(store_ids(n_stores), ref.sites.store),
        },
        "raw_products": {
            "product_id": product_ids(len(products.category)),
            "name": pa.array(products.names, pa.string()),
            "category": lookup(vocab.PRODUCT_CATEGORIES, products.category),
            "list_price": money(products.list_cents),
        },
        "raw_campaigns": {
            "campaign_id": campaign_ids(n_campaigns),
            "name": pa.array(campaigns.names, pa.string()),
            "channel": lookup(vocab.CAMPAIGN_CHANNELS, campaigns.channel),
            "objective": lookup(vocab.CAMPAIGN_OBJECTIVES, campaigns.objective),
            "start_at": timestamps(
                campaigns.start_at, timestamp_styles(rng, n_campaigns, params.offset_timestamp_share)
            ),
            "end_at": timestamps(
                campaigns.end_at, timestamp_styles(rng, n_campaigns, params.offset_timestamp_share)
            ),
            "cost": money(campaigns.cost_cents),
            "currency": pa.array(["EUR"] * n_campaigns, pa.string()),
            "holdout_share": pa.array(
                [f"{share:g}" for share in campaigns.holdout_share.tolist()], pa.string()
            ),
        },
    }
