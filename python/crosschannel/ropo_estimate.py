"""Estimated ROPO: the share of offline orders researched online, including research nobody can see.

Identified ROPO (int_journeys__ropo_orders.is_ropo) only sees research on cookies that a login or a
web lead ties to the customer, so it is a lower bound. The estimate corrects it in two strata of
offline orders, by whether the order's customer has a web account:

* **Customers with a web account.** Their research is seen when it happens on a cookie that logs in
  at some time. How often one of their cookies logs in is measured on a second, independent way of
  catching a cookie: the cookies they sent a web lead from (capture-recapture). A lead is sent from
  whatever device the customer uses, logged in or not; leads converted by a web order are left out,
  because buying on the web forces a login on the buying device. With that capture rate q, the
  share of their orders researched online is (share with research on a logged-in cookie) / q, never
  below their identified share nor above 1.
* **Customers without a web account** never log in: the data cannot say how often they research
  online. The estimate brackets it. High end: as often as customers with an account. Low end: in
  proportion to how often they send web leads compared with account holders (account holders are
  the more active web users, so this end is low). The estimate is the middle of the bracket.

The 95% interval joins the two ends of the bracket with their sampling error: from the 2.5%
percentile of the low end (never below the identified share: identified ROPO is exact) to the
97.5% percentile of the high end over a Poisson bootstrap of customers (every order of a drawn
customer counts with the customer's weight). Revenue is estimated
the same way with orders weighted by their revenue. Assumptions, stated in mart_ropo_estimate's docs:
the research of an account holder's cookie is caught by a login independently of whether that
cookie sent a (not web-converted) lead; identified and unidentified research differ only through
the cookie it happened on.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ORDER_COLUMNS = ("customer_id", "ordered_at", "revenue_eur", "is_ropo", "has_logged_in_research")
CUSTOMER_COLUMNS = ("customer_id", "has_web_account", "web_lead_cookies", "logged_in_web_lead_cookies")
OUTPUT_SCHEMA = pa.schema(
    [
        ("period_grain", pa.string()),
        ("period_start", pa.date32()),
        ("offline_orders", pa.int64()),
        ("account_holder_orders", pa.int64()),
        ("identified_ropo_orders", pa.int64()),
        ("offline_revenue_eur", pa.float64()),
        ("identified_ropo_revenue_eur", pa.float64()),
        ("login_capture_rate", pa.float64()),
        ("estimated_ropo_share", pa.float64()),
        ("estimated_ropo_share_low", pa.float64()),
        ("estimated_ropo_share_high", pa.float64()),
        ("estimated_ropo_revenue_share", pa.float64()),
        ("estimated_ropo_revenue_share_low", pa.float64()),
        ("estimated_ropo_revenue_share_high", pa.float64()),
    ]
)


@dataclass(frozen=True)
class _Orders:
    """The offline orders as arrays (each once per grain), with their customer's index and stratum."""

    customer: npt.NDArray[np.int64]
    period: npt.NDArray[np.int64]  # index into the period list; the `all` period is 0
    revenue: FloatArray
    identified: BoolArray
    logged_in: BoolArray
    account: BoolArray
    lead_sender: BoolArray

    def masks(self) -> list[BoolArray]:
        """The orders each of _QUANTITIES sums."""
        other = ~self.account
        return [
            self.account,
            other,
            self.account & self.identified,
            other & self.identified,
            self.account & self.logged_in,
            self.account & self.lead_sender,
            other & self.lead_sender,
        ]


# What is summed per customer and period, for orders and for revenue; the estimate is a function of
# these sums, so a bootstrap draw of customers is one product of their weights with this matrix.
_QUANTITIES = (
    "account", "other", "account_identified", "other_identified", "account_logged_in",
    "account_lead_sender", "other_lead_sender",
)
_BATCH = 50  # bootstrap draws computed together


def _positions(values: pa.ChunkedArray | pa.Array, value_set: pa.Array) -> npt.NDArray[np.int64]:
    """Where each value is in value_set; -1 when absent."""
    found = pc.fill_null(pc.index_in(values, value_set=value_set), -1)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def _customer_sums(orders: _Orders, weight: FloatArray, customers: int, periods: int) -> sparse.csr_matrix:
    """customers x (periods x quantities): each customer's weighted orders per period and quantity."""
    quantities = len(_QUANTITIES)
    masks = orders.masks()
    return sparse.coo_matrix(
        (
            np.concatenate([weight[mask] for mask in masks]),
            (
                np.concatenate([orders.customer[mask] for mask in masks]),
                np.concatenate([orders.period[mask] * quantities + index for index, mask in enumerate(masks)]),
            ),
        ),
        shape=(customers, periods * quantities),
    ).tocsr()


def _ends(sums: FloatArray, capture_rate: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Low and high ends of the estimated share, draws x periods, from the sums (draws x periods x
    quantities) and each draw's capture rate (see the module's docstring); NaN where nothing can be
    said (no account holder's order in the period, or no capture rate)."""
    account, other, account_identified, other_identified, account_logged_in = (
        sums[..., index] for index in range(5)
    )
    overall = sums[:, 0, :]  # the `all` period
    with np.errstate(divide="ignore", invalid="ignore"):
        identified_account = account_identified / account
        identified_other = other_identified / other
        researched_account = np.clip(
            np.maximum(account_logged_in / account / capture_rate[:, None], identified_account), 0.0, 1.0
        )
        # How much less often customers without an account send web leads: the low end's ratio.
        sender_ratio = (overall[:, 6] / overall[:, 1]) / (overall[:, 5] / overall[:, 0])
        sender_ratio = np.where(np.isfinite(sender_ratio), np.clip(sender_ratio, 0.0, 1.0), 0.0)[:, None]
        other_low = np.maximum(researched_account * sender_ratio, identified_other)
        other_high = np.maximum(researched_account, identified_other)
        account_part = np.where(account > 0, account * researched_account, 0.0)
        total = account + other
        low = (account_part + np.where(other > 0, other * other_low, 0.0)) / total
        high = (account_part + np.where(other > 0, other * other_high, 0.0)) / total
    unknown = ~(account > 0) | ~np.isfinite(researched_account)
    low[unknown] = np.nan
    high[unknown] = np.nan
    return low, high


def ropo_estimate(orders: pa.Table, customers: pa.Table, *, draws: int = 400, seed: int = 0) -> pa.Table:
    """One row per period (`all`, each `year`, each `month`) of the offline orders given.

    orders: one row per confirmed offline order (ORDER_COLUMNS); customers: one row per customer
    (CUSTOMER_COLUMNS), customers missing from it have no web account and sent no lead. Shares are
    NULL, and their interval the whole range from the identified share to 1, when no account holder
    bought in the period or none of them sent a web lead that did not convert on the web.
    """
    if orders.num_rows == 0:
        return OUTPUT_SCHEMA.empty_table()
    # Sorted, so that each customer gets the same bootstrap weights whatever order the rows come in.
    distinct_customers = pc.unique(orders["customer_id"])
    customer_ids = pc.take(distinct_customers, pc.array_sort_indices(distinct_customers))
    customer_of_order = _positions(orders["customer_id"], customer_ids)
    known = _positions(customers["customer_id"], customer_ids)
    n_customers = len(customer_ids)

    def per_customer(column: str) -> FloatArray:
        values = np.zeros(n_customers, dtype=np.float64)
        source = np.nan_to_num(
            np.asarray(pc.cast(customers[column], pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        )
        values[known[known >= 0]] = source[known >= 0]
        return values

    account_customer = per_customer("has_web_account") > 0
    lead_cookies = per_customer("web_lead_cookies")
    logged_in_cookies = per_customer("logged_in_web_lead_cookies")

    ordered_at = orders["ordered_at"].cast(pa.timestamp("us"))
    month = pc.floor_temporal(ordered_at, unit="month").cast(pa.date32())
    year = pc.floor_temporal(ordered_at, unit="year").cast(pa.date32())
    first_month = pc.min(month)
    grains: list[tuple[str, pa.Array]] = [
        ("all", pa.array([first_month.as_py()] * orders.num_rows, pa.date32())),
        ("year", year.combine_chunks() if isinstance(year, pa.ChunkedArray) else year),
        ("month", month.combine_chunks() if isinstance(month, pa.ChunkedArray) else month),
    ]
    grain_names: list[str] = []
    starts: list[object] = []
    rows_of_grain: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    for grain, start in grains:
        distinct = pc.unique(start).sort()
        index = pc.index_in(start, value_set=distinct).to_numpy(zero_copy_only=False).astype(np.int64)
        rows_of_grain.append((np.arange(orders.num_rows, dtype=np.int64), index + len(starts)))
        grain_names += [grain] * len(distinct)
        starts += distinct.to_pylist()
    periods = len(starts)

    # Every order appears once per grain: stack the grains.
    order_rows = np.concatenate([rows for rows, _ in rows_of_grain])
    period = np.concatenate([index for _, index in rows_of_grain])
    revenue = np.nan_to_num(pc.cast(orders["revenue_eur"], pa.float64()).to_numpy(zero_copy_only=False))
    identified = orders["is_ropo"].to_numpy(zero_copy_only=False).astype(bool)
    logged_in = orders["has_logged_in_research"].to_numpy(zero_copy_only=False).astype(bool)
    stacked = _Orders(
        customer=customer_of_order[order_rows],
        period=period,
        revenue=revenue[order_rows],
        identified=identified[order_rows],
        logged_in=logged_in[order_rows],
        account=account_customer[customer_of_order[order_rows]],
        lead_sender=lead_cookies[customer_of_order[order_rows]] > 0,
    )
    periods_sums = [
        _customer_sums(stacked, np.ones(len(order_rows)), n_customers, periods),
        _customer_sums(stacked, stacked.revenue, n_customers, periods),
    ]
    holders_sent = np.where(account_customer, lead_cookies, 0.0)
    holders_caught = np.where(account_customer, logged_in_cookies, 0.0)

    def ends(weights: FloatArray) -> list[tuple[FloatArray, FloatArray]]:
        """Per weighting (orders, revenue): low and high ends for draws of customer weights (draws x customers)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            capture_rate = (weights @ holders_caught) / (weights @ holders_sent)
        return [
            _ends((matrix.T @ weights.T).T.reshape(len(weights), periods, len(_QUANTITIES)), capture_rate)
            for matrix in periods_sums
        ]

    point = ends(np.ones((1, n_customers)))
    with np.errstate(divide="ignore", invalid="ignore"):
        capture_rate = float(holders_caught.sum() / holders_sent.sum()) if holders_sent.sum() > 0 else np.nan
    rng = np.random.default_rng(seed)
    drawn: list[list[tuple[FloatArray, FloatArray]]] = []
    for first in range(0, draws, _BATCH):
        drawn.append(ends(rng.poisson(1.0, (min(_BATCH, draws - first), n_customers)).astype(np.float64)))

    def interval(weighting: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        point_low, point_high = point[weighting]
        estimate = (point_low[0] + point_high[0]) / 2
        if not drawn:
            return estimate, estimate.copy(), estimate.copy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a period with no estimate in any draw
            low = np.nanpercentile(np.vstack([batch[weighting][0] for batch in drawn]), 2.5, axis=0)
            high = np.nanpercentile(np.vstack([batch[weighting][1] for batch in drawn]), 97.5, axis=0)
        return estimate, np.fmin(low, estimate), np.fmax(high, estimate)

    counts = np.bincount(period, minlength=periods)
    account_counts = np.bincount(period, weights=stacked.account.astype(np.float64), minlength=periods)
    identified_counts = np.bincount(period, weights=stacked.identified.astype(np.float64), minlength=periods)
    revenue_sums = np.bincount(period, weights=stacked.revenue, minlength=periods)
    identified_revenue = np.bincount(
        period, weights=np.where(stacked.identified, stacked.revenue, 0.0), minlength=periods
    )
    share, share_low, share_high = interval(0)
    revenue_share, revenue_low, revenue_high = interval(1)
    # Nothing to learn from: the honest interval is everything from what was identified to all.
    identified_share = identified_counts / counts
    identified_revenue_share = np.divide(
        identified_revenue, revenue_sums, out=np.zeros(periods), where=revenue_sums > 0
    )
    # Identified ROPO is exact, so the true share is at least the identified one.
    share_low = np.fmax(share_low, identified_share)
    revenue_low = np.fmax(revenue_low, identified_revenue_share)
    unknown = ~np.isfinite(share)
    share_low[unknown], share_high[unknown] = identified_share[unknown], 1.0
    unknown_revenue = ~np.isfinite(revenue_share)
    revenue_low[unknown_revenue], revenue_high[unknown_revenue] = identified_revenue_share[unknown_revenue], 1.0

    def nullable(values: FloatArray) -> pa.Array:
        return pa.array(values, pa.float64(), mask=~np.isfinite(values))

    return pa.table(
        {
            "period_grain": pa.array(grain_names, pa.string()),
            "period_start": pa.array(starts, pa.date32()),
            "offline_orders": pa.array(counts, pa.int64()),
            "account_holder_orders": pa.array(np.rint(account_counts), pa.int64()),
            "identified_ropo_orders": pa.array(np.rint(identified_counts), pa.int64()),
            "offline_revenue_eur": pa.array(revenue_sums, pa.float64()),
            "identified_ropo_revenue_eur": pa.array(identified_revenue, pa.float64()),
            "login_capture_rate": nullable(np.full(periods, capture_rate)),
            "estimated_ropo_share": nullable(share),
            "estimated_ropo_share_low": nullable(share_low),
            "estimated_ropo_share_high": nullable(share_high),
            "estimated_ropo_revenue_share": nullable(revenue_share),
            "estimated_ropo_revenue_share_low": nullable(revenue_low),
            "estimated_ropo_revenue_share_high": nullable(revenue_high),
        },
        schema=OUTPUT_SCHEMA,
    )
