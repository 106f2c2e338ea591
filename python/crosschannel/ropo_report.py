"""How well the ROPO facts recover the generator's truth, order by order.

ROPO: every store and call-centre order of marts.fct_ropo_orders against is_ropo of the truth's
orders.csv (all research, a lower bound is expected) and against is_identifiable_ropo (research on
cookies the delivered rows tie to the person, which the flag must find exactly). Orders whose person
the identity graph splits or merges - the order's customer is not the customer of one of the
person's cookies, or holds another person's cookie - are scored apart, as identity errors rather
than ROPO errors. Reverse ROPO: every web order of
marts.fct_reverse_ropo_conversions against is_reverse_ropo. Orders the build quarantined are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class FlagScore:
    orders: int
    built_flagged: int
    true_flagged: int
    both_flagged: int

    @property
    def built_share(self) -> float:
        return self.built_flagged / self.orders if self.orders else 0.0

    @property
    def true_share(self) -> float:
        return self.true_flagged / self.orders if self.orders else 0.0

    @property
    def precision(self) -> float:
        return self.both_flagged / self.built_flagged if self.built_flagged else 1.0

    @property
    def recall(self) -> float:
        return self.both_flagged / self.true_flagged if self.true_flagged else 1.0


@dataclass(frozen=True)
class RopoReport:
    ropo: FlagScore
    identifiable_ropo: FlagScore  # orders whose person's cookies and order are one customer, alone
    identity_split_orders: int  # orders left out of identifiable_ropo (split or merged persons)
    reverse_ropo: FlagScore
    research_site_agreement: float
    product_match_agreement: float


_SCORES = """
    count(*),
    count(case when built then 1 end),
    count(case when truth then 1 end),
    count(case when built and truth then 1 end)
"""


def _truth_orders(database_path: Path, truth_dir: Path) -> Path:
    """truth_dir/orders.csv, once both it and the built database are known to exist."""
    truth_file = truth_dir / "orders.csv"
    if not truth_file.is_file():
        raise FileNotFoundError(f"no ground truth at {truth_file}")
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    return truth_file


def ropo_report(database_path: Path, truth_dir: Path) -> RopoReport:
    """Score fct_ropo_orders and fct_reverse_ropo_conversions of a built database against truth_dir/orders.csv."""
    truth_file = _truth_orders(database_path, truth_dir)
    with duckdb.connect(str(database_path), read_only=True) as con:
        con.execute("create temp table truth as select * from read_csv(?, all_varchar = true)", [str(truth_file)])
        ropo = con.execute(
            f"""
            with scored as (
                select built.is_ropo as built, truth.is_ropo = 'true' as truth
                from marts.fct_ropo_orders as built
                inner join truth on built.order_id = truth.order_id
            )
            select {_SCORES} from scored
            """
        ).fetchone()
        con.execute(
            "create temp table truth_cookies as select record_id as cookie_id, person_id "
            "from read_csv(?, all_varchar = true) where record_type = 'cookie'",
            [str(truth_dir / "identity.csv")],
        )
        con.execute(
            """
            create temp table split_orders as
            select built.order_id
            from marts.fct_ropo_orders as built
            inner join truth on built.order_id = truth.order_id
            inner join truth_cookies on truth.person_id = truth_cookies.person_id
            inner join marts.dim_customer_cookies as cookies on truth_cookies.cookie_id = cookies.cookie_id
            where cookies.customer_id <> built.customer_id
            union
            select built.order_id
            from marts.fct_ropo_orders as built
            inner join truth on built.order_id = truth.order_id
            inner join marts.dim_customer_cookies as cookies on built.customer_id = cookies.customer_id
            inner join truth_cookies on cookies.cookie_id = truth_cookies.cookie_id
            where truth_cookies.person_id <> truth.person_id
            """
        )
        identifiable = con.execute(
            f"""
            with scored as (
                select built.is_ropo as built, truth.is_identifiable_ropo = 'true' as truth
                from marts.fct_ropo_orders as built
                inner join truth on built.order_id = truth.order_id
                where built.order_id not in (select order_id from split_orders)
            )
            select {_SCORES} from scored
            """
        ).fetchone()
        split = con.execute("select count(*) from split_orders").fetchone()
        reverse_ropo = con.execute(
            f"""
            with scored as (
                select built.is_reverse_ropo as built, truth.is_reverse_ropo = 'true' as truth
                from marts.fct_reverse_ropo_conversions as built
                inner join truth on built.conversion_id = truth.order_id
                where built.conversion_type = 'web_order'
            )
            select {_SCORES} from scored
            """
        ).fetchone()
        agreement = con.execute(
            """
            select
                avg(case when built.research_site_id = truth.ropo_site_id then 1.0 else 0.0 end),
                avg(case when built.product_match = truth.ropo_product_match then 1.0 else 0.0 end)
            from marts.fct_ropo_orders as built
            inner join truth on built.order_id = truth.order_id
            where built.is_ropo and truth.is_ropo = 'true'
            """
        ).fetchone()
    assert ropo is not None and identifiable is not None and split is not None
    assert reverse_ropo is not None and agreement is not None
    return RopoReport(
        ropo=FlagScore(*(int(value) for value in ropo)),
        identifiable_ropo=FlagScore(*(int(value) for value in identifiable)),
        identity_split_orders=int(split[0]),
        reverse_ropo=FlagScore(*(int(value) for value in reverse_ropo)),
        research_site_agreement=float(agreement[0] or 0.0),
        product_match_agreement=float(agreement[1] or 0.0),
    )


@dataclass(frozen=True)
class EstimateScore:
    """mart_ropo_estimate's `all` row against the truth: shares of confirmed offline orders, multipliers."""

    true_share: float
    identified_share: float
    estimated_share: float | None
    share_low: float
    share_high: float
    true_multiplier: float | None
    estimated_multiplier: float | None
    multiplier_low: float | None
    multiplier_high: float | None
    login_capture_rate: float | None

    @property
    def error(self) -> float | None:
        return None if self.estimated_share is None else self.estimated_share - self.true_share

    @property
    def covers(self) -> bool:
        return self.share_low <= self.true_share <= self.share_high

    @property
    def multiplier_covers(self) -> bool:
        if self.true_multiplier is None or self.multiplier_low is None or self.multiplier_high is None:
            return False
        return self.multiplier_low <= self.true_multiplier <= self.multiplier_high


def estimate_report(database_path: Path, truth_dir: Path) -> EstimateScore:
    """Score the `all` row of marts.mart_ropo_estimate against is_ropo of truth_dir/orders.csv.

    The true share is over the confirmed store and call-centre orders the build staged; the true
    multiplier is their truly researched revenue per euro of the mart's confirmed web revenue.
    """
    truth_file = _truth_orders(database_path, truth_dir)
    with duckdb.connect(str(database_path), read_only=True) as con:
        row = con.execute(
            """
            with truth as (
                select order_id, is_ropo = 'true' as is_ropo from read_csv(?, all_varchar = true)
            ),
            scored as (
                select
                    avg(case when truth.is_ropo then 1.0 else 0.0 end) as true_share,
                    sum(case when truth.is_ropo then built.revenue_eur else 0 end) as true_revenue
                from marts.fct_ropo_orders as built
                inner join truth on built.order_id = truth.order_id
                where built.order_status = 'confirmed'
            )
            select
                scored.true_share,
                estimate.identified_ropo_share,
                estimate.estimated_ropo_share,
                estimate.estimated_ropo_share_low,
                estimate.estimated_ropo_share_high,
                cast(scored.true_revenue as double) / nullif(estimate.web_revenue_eur, 0),
                estimate.estimated_ropo_multiplier,
                estimate.estimated_ropo_multiplier_low,
                estimate.estimated_ropo_multiplier_high,
                estimate.login_capture_rate
            from marts.mart_ropo_estimate as estimate
            cross join scored
            where estimate.period_grain = 'all'
            """,
            [str(truth_file)],
        ).fetchone()
    if row is None:
        raise ValueError(f"{database_path} has no offline order to estimate ROPO on")
    values = [None if value is None else float(value) for value in row]
    assert values[0] is not None and values[1] is not None and values[3] is not None and values[4] is not None
    return EstimateScore(
        true_share=values[0],
        identified_share=values[1],
        estimated_share=values[2],
        share_low=values[3],
        share_high=values[4],
        true_multiplier=values[5],
        estimated_multiplier=values[6],
        multiplier_low=values[7],
        multiplier_high=values[8],
        login_capture_rate=values[9],
    )
