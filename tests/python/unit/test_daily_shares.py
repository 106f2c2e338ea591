"""`crosschannel bench --daily`: each node of the daily run beside its time in the full build, the daily
run's share of the full build beyond the fixed cost of running every node, and the share of the daily run
that the day's rows cost."""

from __future__ import annotations

import pytest

from crosschannel.benchmark import ModelTiming, daily_shares, day_share, share_beyond_fixed_cost


def test_each_daily_node_is_set_beside_its_full_build_time_slowest_first() -> None:
    full = [
        ModelTiming("int_scores__propensity_model", "model", 10.0, "success"),
        ModelTiming("int_web__sessions", "model", 4.0, "success"),
        ModelTiming("unique_session_id", "test", 0.5, "pass"),
    ]
    daily = [
        ModelTiming("int_web__sessions", "model", 1.0, "success"),
        ModelTiming("int_scores__propensity_model", "model", 0.5, "success"),
        ModelTiming("unique_session_id", "test", 0.25, "pass"),
        ModelTiming("int_web__sessions", "test", 2.0, "pass"),  # a test named like a model: its own node
    ]
    shares = daily_shares(full, daily)
    assert [(share.resource_type, share.name, share.full_seconds, share.daily_seconds, share.share) for share in shares] == [
        ("test", "int_web__sessions", 0.0, 2.0, None),
        ("model", "int_web__sessions", 4.0, 1.0, 0.25),
        ("model", "int_scores__propensity_model", 10.0, 0.5, 0.05),
        ("test", "unique_session_id", 0.5, 0.25, 0.5),
    ]


def test_the_share_beyond_the_fixed_cost_takes_the_empty_build_off_both_runs() -> None:
    # A 60.7 s daily run and an 82.3 s full build, of which 22.6 s are spent whatever the data.
    assert share_beyond_fixed_cost(60.7, 82.3, 22.6) == pytest.approx(38.1 / 59.7)
    assert share_beyond_fixed_cost(20.0, 82.3, 22.6) == 0.0
    assert share_beyond_fixed_cost(20.0, 22.6, 22.6) is None


def test_the_day_s_share_is_the_daily_run_beyond_the_same_run_with_nothing_new() -> None:
    # A 254.9 s daily run, and 180.0 s for the same run again with nothing delivered since.
    assert day_share(254.9, 180.0) == pytest.approx(74.9 / 254.9)
    # A rerun slower than the daily run (timing noise) leaves the day nothing, never a negative share.
    assert day_share(100.0, 104.0) == 0.0
    assert day_share(0.0, 0.0) == 0.0
