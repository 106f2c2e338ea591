"""crosschannel.calibrate's bookkeeping: coverage with unbounded ends, standardised errors, world draws."""

from __future__ import annotations

import pytest
from crosschannel.calibrate import PARAMETER_RANGES, Comparison, draw_worlds, summarise


def _comparison(estimate: float | None, low: float | None, high: float | None, std_error: float | None,
                truth: float, name: str = "absolute_lift") -> Comparison:
    return Comparison("w", "campaign", "C1", name, estimate, low, high, std_error, truth)


def test_a_missing_end_is_unbounded() -> None:
    assert _comparison(5.0, 1.0, None, 1.0, 100.0).covers
    assert _comparison(5.0, None, 6.0, 1.0, -100.0).covers
    assert not _comparison(5.0, 1.0, 6.0, 1.0, 6.5).covers


def test_summary_by_hand() -> None:
    rows = [
        _comparison(1.0, 0.0, 2.0, 0.5, 0.5),   # covers, standardised +1
        _comparison(0.0, -1.0, 1.0, 0.5, 1.5),  # misses, standardised -3
        _comparison(2.0, 1.0, None, None, 1.0),  # covers (unbounded), no standard error
    ]
    (summary,) = summarise(rows)
    assert summary.estimates == 3
    assert summary.coverage == pytest.approx(2 / 3)
    assert summary.mean_standardised_error == pytest.approx(-1.0)
    assert summary.mean_absolute_error == pytest.approx((0.5 + 1.5 + 1.0) / 3)
    assert summary.mean_interval_width == pytest.approx(2.0)
    assert summary.unbounded_intervals == 1


def test_worlds_are_drawn_reproducibly_within_the_ranges_and_fixed_settings_win() -> None:
    worlds = draw_worlds(3, seed=7, fixed=(("login_cookie_share", "0.5"),))
    assert [world.seed for world in worlds] == [7, 8, 9]
    assert worlds == draw_worlds(3, seed=7, fixed=(("login_cookie_share", "0.5"),))
    for world in worlds:
        settings = dict(world.settings)
        assert settings["login_cookie_share"] == "0.5"
        for name, (low, high) in PARAMETER_RANGES.items():
            if name != "login_cookie_share":
                assert low <= float(settings[name]) <= high, name
    assert len({dict(world.settings)["max_relative_lift"] for world in worlds}) == 3


def test_an_estimate_without_a_defined_truth_is_not_scored() -> None:
    """A relative lift whose true baseline is nil has no truth: it is left out, not compared with 0."""
    from crosschannel.calibrate import _comparison as compare

    assert compare("w", "campaign", "C1", "relative_lift", 0.2, 0.1, 0.3, 0.05, None) is None
    scored = compare("w", "campaign", "C1", "relative_lift", 0.2, 0.1, 0.3, 0.05, 0)
    assert scored is not None and scored.truth == 0.0 and not scored.covers
