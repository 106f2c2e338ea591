"""The Markov removal effect and credit shares, on journeys whose answer is known."""

from __future__ import annotations

import pytest
from crosschannel.attribution import Journey, markov_removal_effects, shares_from_effects


def test_a_channel_on_every_converting_path_has_the_full_removal_effect() -> None:
    effects = markov_removal_effects(
        [Journey(("email",), converted=True, count=3), Journey(("display",), converted=False, count=3)]
    )
    assert effects == {"display": 0.0, "email": 1.0}


def test_removal_effects_of_two_channels_sharing_paths() -> None:
    # start -> a (1/2) or b (1/2); a -> conversion (1/2) or b (1/2); b -> conversion (1/3) or null.
    journeys = [
        Journey(("a",), converted=True, count=1),
        Journey(("a", "b"), converted=True, count=1),
        Journey(("b",), converted=False, count=2),
    ]
    effects = markov_removal_effects(journeys)
    # P(conversion) = 1/2 * (1/2 + 1/2 * 1/3) + 1/2 * 1/3 = 1/2; without a: 1/2 * 1/3 = 1/6;
    # without b: 1/2 * 1/2 = 1/4.
    assert effects["a"] == pytest.approx(1 - (1 / 6) / (1 / 2))
    assert effects["b"] == pytest.approx(1 - (1 / 4) / (1 / 2))
    shares = shares_from_effects(effects)
    assert shares["a"] == pytest.approx((2 / 3) / (2 / 3 + 1 / 2))
    assert sum(shares.values()) == pytest.approx(1.0)


def test_no_conversion_gives_no_effect_and_equal_shares() -> None:
    effects = markov_removal_effects([Journey(("a", "b"), converted=False)])
    assert effects == {"a": 0.0, "b": 0.0}
    assert shares_from_effects(effects) == {"a": 0.5, "b": 0.5}
