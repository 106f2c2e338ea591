"""Delivery problems: rows sent twice, and rows broken by exactly one defect the staging layer must catch.

A defect replaces one value of a rendered row with a value of the wrong kind (an unparseable date, an
unknown status...). Each table can only receive the defects its staging model checks, and a broken
row is never also delivered twice, so that the reason staging gives for each quarantined row is the
one recorded here (truth/defects.csv) and every raw row falls in exactly one outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.generator.arrays import IntArray, ints
from crosschannel.generator.config import Parameters

REASONS = (
    "missing_id",
    "invalid_date",
    "invalid_timestamp",
    "invalid_enum",
    "invalid_number",
    "negative_value",
    "invalid_boolean",
)

# Per table: the columns each defect may hit (only what the staging model of the table checks).
# raw_campaigns is absent: it never reaches the 200 rows from which reference tables get defects.
DEFECT_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "raw_web_accounts": {
        "missing_id": ("account_id",),
        "invalid_date": ("birth_date",),
        "invalid_timestamp": ("created_at", "updated_at"),
        "invalid_boolean": ("email_opt_in",),
    },
    "raw_store_customers": {
        "missing_id": ("store_customer_id",),
        "invalid_date": ("birth_date",),
        "invalid_timestamp": ("created_at", "updated_at"),
        "invalid_boolean": ("email_opt_in",),
    },
    "raw_crm_contacts": {
        "missing_id": ("contact_id",),
        "invalid_timestamp": ("created_at", "updated_at", "unsubscribed_at"),
        "invalid_enum": ("source",),
        "invalid_boolean": ("email_opt_in",),
    },
    "raw_web_events": {
        "missing_id": ("event_id",),
        "invalid_timestamp": ("event_at",),
        "invalid_enum": ("event_type", "device"),
    },
    "raw_leads": {
        "missing_id": ("lead_id",),
        "invalid_timestamp": ("created_at",),
        "invalid_enum": ("channel", "source_system", "lead_type", "status"),
        "invalid_number": ("quoted_amount",),
        "negative_value": ("quoted_amount",),
    },
    "raw_orders": {
        "missing_id": ("order_id",),
        "invalid_timestamp": ("ordered_at",),
        "invalid_enum": ("channel", "source_system", "status"),
        "invalid_number": ("quantity", "revenue", "margin"),
        "negative_value": ("quantity", "revenue"),
    },
    "raw_stores": {
        "missing_id": ("store_id",),
        "invalid_date": ("opened_at", "closed_at"),
        "invalid_enum": ("network",),
    },
    "raw_sites": {"missing_id": ("site_id",), "invalid_enum": ("kind",)},
    "raw_products": {
        "missing_id": ("product_id",),
        "invalid_number": ("list_price",),
        "negative_value": ("list_price",),
    },
    "raw_campaign_audience": {
        "missing_id": ("audience_key",),
        "invalid_timestamp": ("assigned_at",),
        "invalid_enum": ("audience_key_type", "assignment_group"),
    },
    "raw_campaign_touches": {
        "missing_id": ("audience_key",),
        "invalid_timestamp": ("touched_at",),
        "invalid_enum": ("audience_key_type", "touch_type"),
    },
}

# The columns naming a record of each table (joined with | in truth/defects.csv, as staging does).
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "raw_web_accounts": ("account_id",),
    "raw_store_customers": ("store_customer_id",),
    "raw_crm_contacts": ("contact_id",),
    "raw_web_events": ("event_id",),
    "raw_leads": ("lead_id",),
    "raw_orders": ("order_id",),
    "raw_stores": ("store_id",),
    "raw_sites": ("site_id",),
    "raw_products": ("product_id",),
    "raw_campaigns": ("campaign_id",),
    "raw_campaign_audience": ("campaign_id", "audience_key_type", "audience_key"),
    "raw_campaign_touches": ("campaign_id", "audience_key_type", "audience_key"),
}

# Values outside each enum's list even after trimming, lower-casing and `-`/space -> `_`.
_INVALID_ENUMS: dict[str, tuple[str, ...]] = {
    "event_type": ("webshop", "pageview", "click_out", "scroll"),
    "device": ("smartwatch", "tv", "console"),
    "channel": ("webshop", "boutique", "marketplace", "sms-blast"),
    "source_system": ("erp", "pos", "excel"),
    "status": ("pending", "en cours", "annulé"),
    "lead_type": ("brochure", "devis express"),
    "source": ("salon", "import 2019", "facebook"),
    "network": ("franchise", "indépendant"),
    "kind": ("marketplace", "blog"),
    "audience_key_type": ("mail", "gsm", "customer"),
    "assignment_group": ("holdout", "test", "exposed"),
    "touch_type": ("bounce", "unsubscribe", "view"),
}
_INVALID_BOOLEANS = ("maybe", "2", "-1", "peut-être", "?")
_INVALID_NUMBERS = ("12,5O", "abc", "1 200 EUR", "N/A", "12.3.4")
_INVALID_INTEGERS = ("deux", "1.5", "abc", "2 pers.")


@dataclass(frozen=True)
class Defects:
    """The broken rows of one delivered table (row numbers in that delivery) and what broke them."""

    rows: IntArray
    reasons: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[str | None, ...]
    keys: tuple[str, ...]  # the record key the row was meant to have

    def __len__(self) -> int:
        return len(self.rows)


def duplicated_rows(rng: np.random.Generator, count: int, share: float) -> IntArray:
    """Rows delivered a second time, identical (a file sent again)."""
    return np.flatnonzero(rng.random(count) < share).astype(np.int64)


def _defect_count(rng: np.random.Generator, candidates: int, kinds: int, share: float) -> int:
    """About `share` of the candidates, and at least one of each kind when there is room for it."""
    count = int(rng.binomial(candidates, share))
    return max(count, kinds) if candidates >= 20 * kinds else count


def break_rows(
    rng: np.random.Generator,
    table: str,
    columns: dict[str, pa.Array],
    candidates: IntArray,
    params: Parameters,
) -> tuple[dict[str, pa.Array], Defects]:
    """The columns with some candidate rows broken by one defect each, and the record of them."""
    kinds = tuple(DEFECT_COLUMNS[table])
    count = _defect_count(rng, len(candidates), len(kinds), params.defect_share)
    rows = np.sort(rng.choice(candidates, count, replace=False)) if count else np.zeros(0, dtype=np.int64)
    # Every kind once, then random kinds, in random row order.
    kind = np.r_[np.arange(min(count, len(kinds))), rng.integers(0, len(kinds), max(count - len(kinds), 0))]
    kind = rng.permutation(kind.astype(np.int64))
    reasons = tuple(kinds[k] for k in kind.tolist())
    hit = tuple(
        DEFECT_COLUMNS[table][reason][int(rng.integers(len(DEFECT_COLUMNS[table][reason])))]
        for reason in reasons
    )
    keys = _record_keys(table, columns, rows)
    values = tuple(
        _bad_value(rng, reason, column, columns[column][int(row)].as_py())
        for reason, column, row in zip(reasons, hit, rows.tolist(), strict=True)
    )
    broken = dict(columns)
    for column in sorted(set(hit)):
        mask = np.zeros(len(columns[column]), dtype=bool)
        selected = [i for i, name in enumerate(hit) if name == column]
        mask[rows[selected]] = True
        broken[column] = pc.replace_with_mask(
            columns[column], pa.array(mask), pa.array([values[i] for i in selected], pa.string())
        )
    return broken, Defects(rows=rows, reasons=reasons, columns=hit, values=values, keys=keys)


def _record_keys(table: str, columns: dict[str, pa.Array], rows: IntArray) -> tuple[str, ...]:
    parts = [pc.take(columns[name], pa.array(rows)).to_pylist() for name in KEY_COLUMNS[table]]
    return tuple("|".join(value or "" for value in values) for values in zip(*parts, strict=True))


def _bad_value(rng: np.random.Generator, reason: str, column: str, original: str | None) -> str | None:
    """A value of the wrong kind for this column (None stands for a missing value)."""
    year, month, day = int(rng.integers(2024, 2026)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    hour, minute = int(rng.integers(0, 24)), int(rng.integers(0, 60))
    if reason == "missing_id":
        options: tuple[str | None, ...] = (None, "", "  ")
    elif reason == "invalid_date":
        born = int(rng.integers(1940, 2006))
        options = (
            f"{born}-02-30",
            f"{day:02d}/{month:02d}/{born}",
            "N/A",
            f"{born}{month:02d}{day:02d}",
            f"{born}-{month:02d}-32",
        )
    elif reason == "invalid_timestamp":
        options = (
            f"{year}-13-{day:02d} {hour:02d}:{minute:02d}:00",
            "yesterday",
            f"{year}-02-30 {hour:02d}:{minute:02d}:00",
            f"{day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d}",
            "N/A",
            f"{year}-06-31T{hour:02d}:00:00+02:00",
            f"{year}-{month:02d}-{day:02d} 25:{minute:02d}:00",
        )
    elif reason == "invalid_enum":
        options = _INVALID_ENUMS[column]
    elif reason == "invalid_number":
        options = _INVALID_INTEGERS if column == "quantity" else _INVALID_NUMBERS
    elif reason == "negative_value":
        options = ("-1", "0", "-2") if column == "quantity" else (f"-{(original or '150.00').strip()}",)
    else:
        options = _INVALID_BOOLEANS
    return options[int(rng.integers(len(options)))]


def candidate_rows(count: int, excluded: IntArray) -> IntArray:
    """Rows that may be broken: all but those delivered twice."""
    keep = np.ones(count, dtype=bool)
    keep[excluded] = False
    return ints(np.flatnonzero(keep))


@dataclass(frozen=True)
class Delivery:
    """One table of one chunk as delivered: first versions (some broken), then rows sent again."""

    columns: dict[str, pa.Array]
    defects: Defects
    records: int  # distinct records: the first versions
    repeated: int  # rows sent a second time (older versions or exact copies): superseded in staging


def deliver(
    rng: np.random.Generator,
    table: str,
    first: dict[str, pa.Array],
    params: Parameters,
    *,
    breakable: bool,
    repeated_rows: IntArray,
    second: dict[str, pa.Array] | None = None,
) -> Delivery:
    """Break some rows that are delivered once, then append the second deliveries.

    second holds the newer versions of repeated_rows (back offices); without it the repeated rows
    are sent again as exact copies.
    """
    count = len(next(iter(first.values())))
    if breakable:
        first, defects = break_rows(rng, table, first, candidate_rows(count, repeated_rows), params)
    else:
        defects = Defects(rows=np.zeros(0, dtype=np.int64), reasons=(), columns=(), values=(), keys=())
    again = (
        second
        if second is not None
        else {name: values.take(pa.array(repeated_rows)) for name, values in first.items()}
    )
    columns = {
        name: pa.concat_arrays([first[name].cast(pa.string()), again[name].cast(pa.string())])
        for name in first
    }
    return Delivery(columns=columns, defects=defects, records=count, repeated=len(repeated_rows))
