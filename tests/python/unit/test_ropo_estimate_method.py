"""The ROPO estimate (crosschannel.ropo_estimate) on orders small enough to work out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
import pytest
from crosschannel.ropo_estimate import ropo_estimate

MARCH = datetime(2025, 3, 10, 12, 0)


def _orders(rows: list[tuple[str, datetime, float, bool, bool]]) -> pa.Table:
    customer, ordered_at, revenue, is_ropo, logged_in = zip(*rows, strict=True)
    return pa.table(
        {
            "customer_id": pa.array(customer, pa.string()),
            "ordered_at": pa.array(ordered_at, pa.timestamp("us")),
            "revenue_eur": pa.array(revenue, pa.float64()).cast(pa.decimal128(18, 2)),
            "is_ropo": pa.array(is_ropo, pa.bool_()),
            "has_logged_in_research": pa.array(logged_in, pa.bool_()),
        }
    )


def _customers(rows: list[tuple[str, bool, int, int]]) -> pa.Table:
    customer, account, cookies, logged_in = zip(*rows, strict=True)
    return pa.table(
        {
            "customer_id": pa.array(customer, pa.string()),
            "has_web_account": pa.array(account, pa.bool_()),
            "web_lead_cookies": pa.array(cookies, pa.int64()),
            "logged_in_web_lead_cookies": pa.array(logged_in, pa.int64()),
        }
    )


# Account holders A1-A4: of their 4 web-lead cookies, 3 logged in (capture rate 3/4). Their 6
# orders: 3 researched on a logged-in cookie. Customers without an account N1-N3: 4 orders, one
# identified through N1's lead cookie; N1 sent a lead (1 of 4 orders) against A1 and A2 (4 of 6).
ORDERS = [
    ("A1", MARCH, 300.0, True, True),
    ("A1", MARCH, 100.0, False, False),
    ("A2", MARCH, 100.0, True, True),
    ("A2", MARCH, 100.0, False, False),
    ("A3", MARCH, 100.0, True, True),
    ("A4", MARCH, 100.0, False, False),
    ("N1", MARCH, 100.0, True, False),
    ("N2", MARCH, 100.0, False, False),
    ("N3", MARCH, 100.0, False, False),
    ("N3", MARCH, 100.0, False, False),
]
CUSTOMERS = [
    ("A1", True, 2, 1),
    ("A2", True, 2, 2),
    ("A3", True, 0, 0),
    ("A4", True, 0, 0),
    ("N1", False, 1, 0),
]


def test_the_estimate_is_the_middle_of_the_bracket_worked_out_by_hand() -> None:
    result = ropo_estimate(_orders(ORDERS), _customers(CUSTOMERS), draws=50, seed=1).to_pylist()
    assert [(row["period_grain"], row["period_start"]) for row in result] == [
        ("all", date(2025, 3, 1)),
        ("year", date(2025, 1, 1)),
        ("month", date(2025, 3, 1)),
    ]
    for row in result:
        assert (row["offline_orders"], row["account_holder_orders"], row["identified_ropo_orders"]) == (10, 6, 4)
        assert row["offline_revenue_eur"] == pytest.approx(1200.0)
        assert row["identified_ropo_revenue_eur"] == pytest.approx(600.0)
        assert row["login_capture_rate"] == pytest.approx(0.75)
        # Account holders: (3/6) / (3/4) = 2/3. Without an account: between 2/3 x (1/4) / (4/6) =
        # 1/4 (not below the identified 1/4) and 2/3. Orders: (6 x 2/3 + 4 x 1/4) / 10 = 0.5 and
        # (6 x 2/3 + 4 x 2/3) / 10 = 2/3; the estimate is the middle.
        assert row["estimated_ropo_share"] == pytest.approx((0.5 + 2 / 3) / 2)
        # By revenue: account holders (500/800) / (3/4) = 5/6; without one, between 5/6 x (100/400)
        # / (600/800) = 5/18 and 5/6, over 800 and 400 euros.
        low = (800 * 5 / 6 + 400 * 5 / 18) / 1200
        high = (800 * 5 / 6 + 400 * 5 / 6) / 1200
        assert row["estimated_ropo_revenue_share"] == pytest.approx((low + high) / 2)
        for name in ("estimated_ropo_share", "estimated_ropo_revenue_share"):
            assert 0.0 <= row[f"{name}_low"] <= row[name] <= row[f"{name}_high"] <= 1.0


def test_periods_split_the_orders_and_all_holds_them_all() -> None:
    orders = [*ORDERS, ("A4", datetime(2026, 1, 5, 9, 0), 100.0, False, False)]
    result = ropo_estimate(_orders(orders), _customers(CUSTOMERS), draws=20, seed=1).to_pylist()
    counts = {(row["period_grain"], row["period_start"]): row["offline_orders"] for row in result}
    assert counts == {
        ("all", date(2025, 3, 1)): 11,
        ("year", date(2025, 1, 1)): 10,
        ("year", date(2026, 1, 1)): 1,
        ("month", date(2025, 3, 1)): 10,
        ("month", date(2026, 1, 1)): 1,
    }


def test_without_a_capture_rate_the_interval_is_everything_from_the_identified_share() -> None:
    customers = [(customer, account, 0, 0) for customer, account, _, _ in CUSTOMERS]
    row = ropo_estimate(_orders(ORDERS), _customers(customers), draws=20, seed=1).to_pylist()[0]
    assert row["estimated_ropo_share"] is None
    assert row["estimated_ropo_share_low"] == pytest.approx(0.4)
    assert row["estimated_ropo_share_high"] == 1.0


def test_no_orders_give_no_rows() -> None:
    assert ropo_estimate(_orders(ORDERS).slice(0, 0), _customers(CUSTOMERS)).num_rows == 0


def test_the_interval_widens_with_fewer_customers() -> None:
    many = [(f"{customer}-{copy}", *rest) for copy in range(20) for customer, *rest in ORDERS]
    many_customers = [(f"{customer}-{copy}", *rest) for copy in range(20) for customer, *rest in CUSTOMERS]
    few = ropo_estimate(_orders(ORDERS), _customers(CUSTOMERS), draws=200, seed=3).to_pylist()[0]
    more = ropo_estimate(_orders(many), _customers(many_customers), draws=200, seed=3).to_pylist()[0]
    assert more["estimated_ropo_share"] == pytest.approx(few["estimated_ropo_share"])
    width = few["estimated_ropo_share_high"] - few["estimated_ropo_share_low"]
    narrower = more["estimated_ropo_share_high"] - more["estimated_ropo_share_low"]
    # What the data cannot tell stays (the bracket is 1/6 wide); the sampling error shrinks.
    assert 1 / 6 - 1e-9 <= narrower < width
