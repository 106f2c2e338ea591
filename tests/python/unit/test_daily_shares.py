"""`crosschannel bench --daily`: each node of the daily run beside its time in the full build."""

from __future__ import annotations

from crosschannel.benchmark import ModelTiming, daily_shares


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
