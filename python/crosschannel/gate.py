"""The publish gate's comparison of a build with the last published one: what dbt tests cannot see.

A dbt test sees one build. A truncated nightly file, an empty back office or revenues exported in
cents build and test green: every row is valid, there are just too few of them, or they moved. So
the gate measures the same figures in the new build and in the published file and refuses the new
build when one moved further than its tolerance:

- **volume**: staged rows per contract table may not drop by more than `crosschannel__gate_volume_drop`;
- **recent volume**: per dated table (web events, orders, leads), the rows of the
  last `crosschannel__gate_recent_days` days the published build holds may not drop by more than
  `crosschannel__gate_recent_volume_drop` on the same days of the new build;
- **new days**: each day the new build adds needs at least `crosschannel__gate_new_day_min_fraction`
  of the median of the days before it (a day arriving with a fraction of its usual rows);
- **shares that move slowly** (online lead share, identified ROPO share, research identification
  rate, quarantine rate per table, records linked across back offices, orders linked to a customer,
  currency mix) may move by `crosschannel__gate_share_tolerance` (absolute);
- **average order value** may move by `crosschannel__gate_mean_tolerance` (relative);
- **new NULLs**: the NULL share of each key column may rise by `crosschannel__gate_null_share_tolerance`.

Small builds are noisy: a figure also passes when it lies within `crosschannel__gate_noise_sigmas`
standard errors of the published one (Poisson counts, binomial shares, the mean's standard error), so
a tolerance never refuses what sampling alone explains. The tolerances are dbt vars (dbt_project.yml,
overridable with --vars), so the gate reads the same settings as the build.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import duckdb

from crosschannel.runner import project_vars

# The columns that link records to each other and to customers: a rise in their NULL share breaks identity.
KEY_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "stg_web__accounts": ("email", "phone", "birth_date", "postal_code", "loyalty_id"),
    "stg_store__customers": ("store_id", "email", "phone", "birth_date", "postal_code", "loyalty_id"),
    "stg_crm__contacts": ("email", "phone", "postal_code", "loyalty_id"),
    "stg_web__events": ("cookie_id", "site_id"),
    "stg_sales__leads": ("source_customer_id", "product_id"),
    "stg_sales__orders": ("source_customer_id", "product_id", "margin"),
}
# The dated tables whose rows per day are compared, with their staged model and timestamp. Campaign
# touches are not: they come in bursts when campaigns run, and a quiet month is no lost delivery.
DATED_TABLES: Final[Mapping[str, tuple[str, str]]] = {
    "raw_web_events": ("stg_web__events", "event_at"),
    "raw_orders": ("stg_sales__orders", "ordered_at"),
    "raw_leads": ("stg_sales__leads", "created_at"),
}
# Shares: name -> query returning (numerator, denominator).
SHARE_QUERIES: Final[Mapping[str, str]] = {
    "online_lead_share": (
        "select sum(started_online), sum(conversions) from marts.mart_online_share_monthly"
        " where conversion_kind = 'lead'"
    ),
    "identified_ropo_share": "select sum(ropo_orders), sum(orders) from marts.mart_ropo_monthly",
    "research_identification_rate": (
        "select count(case when is_identified then 1 end), count(*) from marts.fct_web_sessions"
        " where product_views > 0 or lead_starts > 0"
    ),
    "records_linked_across_back_offices": (
        "select count(case when systems > 1 then 1 end), count(*) from marts.dim_customer_source_records as records"
        " inner join (select customer_id, count(distinct source_system) as systems"
        " from marts.dim_customer_source_records group by customer_id) as customers"
        " on records.customer_id = customers.customer_id where records.is_staged_record"
    ),
    "orders_linked_to_a_customer": (
        "select count(customer_id), count(*) from intermediate.int_sales__orders_enriched"
        " where order_status = 'confirmed'"
    ),
}


@dataclass(frozen=True)
class GateSettings:
    """The tolerances of the comparison, from the dbt vars of the same names (crosschannel__gate_*)."""

    volume_drop: float = 0.2
    recent_days: int = 28
    recent_volume_drop: float = 0.3
    new_day_min_fraction: float = 0.5
    share_tolerance: float = 0.05
    mean_tolerance: float = 0.25
    null_share_tolerance: float = 0.05
    noise_sigmas: float = 4.0

    @classmethod
    def from_project(cls, project_dir: Path, overrides: Mapping[str, Any] | None = None) -> GateSettings:
        """The settings dbt_project.yml declares, with the build's --vars applied on top."""
        values = project_vars(project_dir, overrides)
        found: dict[str, Any] = {}
        for name, default in cls().__dict__.items():
            value = values.get(f"crosschannel__gate_{name}", default)
            found[name] = type(default)(value)
        return cls(**found)


@dataclass(frozen=True)
class Proportion:
    hits: int
    total: int

    @property
    def share(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class Mean:
    value: float | None
    variance: float
    count: int


@dataclass(frozen=True)
class Figures:
    """What the gate measures in one build; a figure its build cannot compute is left out."""

    staged_rows: dict[str, int] = field(default_factory=dict)
    daily_rows: dict[str, dict[date, int]] = field(default_factory=dict)
    shares: dict[str, Proportion] = field(default_factory=dict)
    means: dict[str, Mean] = field(default_factory=dict)
    null_shares: dict[str, Proportion] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    """One figure of the new build against the published one: the range it had to lie in, and why."""

    check: str
    figure: str
    current: float
    published: float | None
    low: float | None
    high: float | None
    message: str

    @property
    def passed(self) -> bool:
        return (self.low is None or self.current >= self.low) and (self.high is None or self.current <= self.high)


def measure(database: Path) -> Figures:
    """The gate's figures of a built database, opened read-only."""
    figures = Figures()
    with duckdb.connect(str(database), read_only=True) as connection:
        reconciliation = _rows(
            connection,
            "select source_table, staged_rows, quarantined_rows, raw_rows from staging.stg_quality__row_reconciliation",
        )
        for table, staged, quarantined, delivered in reconciliation or []:
            figures.staged_rows[str(table)] = int(staged)
            figures.shares[f"quarantine_rate.{table}"] = Proportion(int(quarantined), int(delivered))
        for table, (model, timestamp) in DATED_TABLES.items():
            days = _rows(
                connection, f"select cast({timestamp} as date), count(*) from staging.{model} group by 1"
            )
            if days is not None:
                figures.daily_rows[table] = {day: int(rows) for day, rows in days}
        for name, query in SHARE_QUERIES.items():
            found = _one(connection, query)
            if found is not None:
                figures.shares[name] = Proportion(int(found[0] or 0), int(found[1] or 0))
        currencies = _rows(connection, "select currency, count(*) from staging.stg_sales__orders group by 1")
        total_orders = sum(int(rows) for _, rows in currencies or [])
        for currency, rows in currencies or []:
            figures.shares[f"currency_share.{currency}"] = Proportion(int(rows), total_orders)
        order_value = _one(
            connection,
            "select avg(revenue_eur), coalesce(var_samp(revenue_eur), 0), count(*)"
            " from intermediate.int_sales__orders_enriched where order_status = 'confirmed'",
        )
        if order_value is not None:
            value = None if order_value[0] is None else float(order_value[0])
            figures.means["average_order_value_eur"] = Mean(value, float(order_value[1]), int(order_value[2]))
        for model, columns in KEY_COLUMNS.items():
            counts = _one(
                connection,
                f"select count(*), {', '.join(f'count({column})' for column in columns)} from staging.{model}",
            )
            if counts is not None:
                for column, filled in zip(columns, counts[1:], strict=True):
                    figures.null_shares[f"{model}.{column}"] = Proportion(int(counts[0]) - int(filled), int(counts[0]))
    return figures


def _rows(connection: duckdb.DuckDBPyConnection, query: str) -> list[tuple[Any, ...]] | None:
    try:
        return connection.execute(query).fetchall()
    except duckdb.CatalogException:
        return None  # a model the build lacks (an older published build): its figures are left out


def _one(connection: duckdb.DuckDBPyConnection, query: str) -> tuple[Any, ...] | None:
    try:
        return connection.execute(query).fetchone()
    except duckdb.CatalogException:
        return None


def compare(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    """Every figure of the new build that the published build also has, with its allowed range."""
    return [
        *_volumes(current, published, settings),
        *_recent_volumes(current, published, settings),
        *_new_days(current, published, settings),
        *_shares(current, published, settings),
        *_means(current, published, settings),
        *_null_shares(current, published, settings),
    ]


def _count_floor(before: float, drop: float, settings: GateSettings) -> float:
    """The fewest rows a count may fall to: less by the share `drop`, or by its Poisson noise when larger."""
    return max(before - max(drop * before, settings.noise_sigmas * math.sqrt(before)), 0)


def _volumes(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for table, before in published.staged_rows.items():
        if table not in current.staged_rows:
            continue
        now = current.staged_rows[table]
        low = _count_floor(before, settings.volume_drop, settings)
        found.append(
            Comparison(
                "volume", f"staged_rows.{table}", now, before, low, None,
                f"{table}: {now:,} staged rows against {before:,} in the published build; a drop of more than"
                f" {settings.volume_drop:.0%} (crosschannel__gate_volume_drop) is refused",
            )
        )  # fmt: skip
    return found


def _recent_volumes(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for table, published_days in published.daily_rows.items():
        if not published_days or table not in current.daily_rows:
            continue
        last = max(published_days)
        first = last - timedelta(days=settings.recent_days - 1)
        before = sum(rows for day, rows in published_days.items() if first <= day <= last)
        now = sum(rows for day, rows in current.daily_rows[table].items() if first <= day <= last)
        low = _count_floor(before, settings.recent_volume_drop, settings)
        found.append(
            Comparison(
                "recent volume", f"recent_rows.{table}", now, before, low, None,
                f"{table}: {now:,} rows dated {first} to {last} against {before:,} in the published build; a drop"
                f" of more than {settings.recent_volume_drop:.0%} (crosschannel__gate_recent_volume_drop) is refused",
            )
        )  # fmt: skip
    return found


def _new_days(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for table, days in current.daily_rows.items():
        published_days = published.daily_rows.get(table)
        if not published_days:
            continue
        last_published = max(published_days)
        for day in sorted(day for day in days if day > last_published):
            trailing = [days.get(day - timedelta(days=back), 0) for back in range(1, settings.recent_days + 1)]
            usual = statistics.median(trailing)
            low = _count_floor(usual, 1 - settings.new_day_min_fraction, settings)
            found.append(
                Comparison(
                    "new day", f"day_rows.{table}.{day}", days[day], usual, low, None,
                    f"{table}: {days[day]:,} rows on {day} against a median of {usual:,.0f} over the"
                    f" {settings.recent_days} days before it; a day needs"
                    f" {settings.new_day_min_fraction:.0%} of its usual rows (crosschannel__gate_new_day_min_fraction)",
                )
            )  # fmt: skip
    return found


def _binomial_variance(share: Proportion) -> float:
    value = share.share or 0.0
    return value * (1 - value) / share.total if share.total else 0.0


def _share_allowance(now: Proportion, before: Proportion, tolerance: float, settings: GateSettings) -> float:
    """How far a share may move: its tolerance, or the noise of the difference of two binomial shares."""
    return max(tolerance, settings.noise_sigmas * math.sqrt(_binomial_variance(now) + _binomial_variance(before)))


def _shares(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for name in sorted(set(current.shares) | set(published.shares)):
        now = current.shares.get(name, Proportion(0, _total(current.shares, name)))
        before = published.shares.get(name, Proportion(0, _total(published.shares, name)))
        if now.share is None or before.share is None:
            continue
        allowed = _share_allowance(now, before, settings.share_tolerance, settings)
        found.append(
            Comparison(
                "share", name, now.share, before.share, before.share - allowed, before.share + allowed,
                f"{name} is {now.share:.2%} ({now.hits:,} of {now.total:,}) against {before.share:.2%} in the published"
                f" build; it may move by {settings.share_tolerance:.0%} points (crosschannel__gate_share_tolerance),"
                f" or {allowed:.2%} where sampling noise is larger",
            )
        )  # fmt: skip
    return found


def _total(shares: Mapping[str, Proportion], name: str) -> int:
    """The denominator of a share a build lacks, from its family (a currency no order uses: 0 of all orders)."""
    family = name.split(".")[0]
    return next((share.total for other, share in shares.items() if other.split(".")[0] == family), 0)


def _means(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for name, before in published.means.items():
        now = current.means.get(name)
        if now is None or now.value is None or before.value is None:
            continue
        noise = settings.noise_sigmas * math.sqrt(
            now.variance / max(now.count, 1) + before.variance / max(before.count, 1)
        )
        allowed = max(settings.mean_tolerance * abs(before.value), noise)
        found.append(
            Comparison(
                "mean", name, now.value, before.value, before.value - allowed, before.value + allowed,
                f"{name} is {now.value:,.2f} against {before.value:,.2f} in the published build; it may move by"
                f" {settings.mean_tolerance:.0%} (crosschannel__gate_mean_tolerance)",
            )
        )  # fmt: skip
    return found


def _null_shares(current: Figures, published: Figures, settings: GateSettings) -> list[Comparison]:
    found = []
    for name, before in published.null_shares.items():
        now = current.null_shares.get(name)
        if now is None or now.share is None or before.share is None:
            continue
        allowed = _share_allowance(now, before, settings.null_share_tolerance, settings)
        found.append(
            Comparison(
                "new nulls", f"null_share.{name}", now.share, before.share, None, before.share + allowed,
                f"{name} is NULL in {now.share:.1%} of {now.total:,} rows against {before.share:.1%} in the published"
                f" build; it may rise by {settings.null_share_tolerance:.0%} points"
                " (crosschannel__gate_null_share_tolerance)",
            )
        )  # fmt: skip
    return found
