"""Data-driven attribution: the Markov-chain removal effect of each channel.

Journeys are sequences of channels ending in a conversion or not. A first-order Markov chain
(start -> channels -> conversion | null) is estimated from them; a channel's removal effect is
the relative drop of the probability of reaching conversion from start when the channel is
removed (its visits lead to null). Credit is shared in proportion to removal effects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

_START, _CONVERSION, _NULL = "(start)", "(conversion)", "(null)"


@dataclass(frozen=True)
class Journey:
    channels: tuple[str, ...]
    converted: bool
    count: int = 1


def markov_removal_effects(journeys: Iterable[Journey]) -> dict[str, float]:
    """Removal effect of every channel seen in a journey (0 when no journey converts)."""
    journeys = list(journeys)
    channels = sorted({channel for journey in journeys for channel in journey.channels})
    states = [_START, *channels, _CONVERSION, _NULL]
    index = {state: position for position, state in enumerate(states)}
    counts = np.zeros((len(states), len(states)))
    for journey in journeys:
        path = [_START, *journey.channels, _CONVERSION if journey.converted else _NULL]
        for here, there in zip(path, path[1:], strict=False):
            counts[index[here], index[there]] += journey.count
    baseline = _conversion_probability(counts, index, removed=None)
    if baseline == 0.0:
        return {channel: 0.0 for channel in channels}
    return {
        channel: max(0.0, 1.0 - _conversion_probability(counts, index, removed=channel) / baseline)
        for channel in channels
    }


def _conversion_probability(counts: np.ndarray, index: dict[str, int], removed: str | None) -> float:
    """Probability of absorbing in conversion from start, a removed channel leading to null."""
    counts = counts.copy()
    if removed is not None:
        row = index[removed]
        counts[row, :] = 0.0
        counts[row, index[_NULL]] = 1.0
    totals = counts.sum(axis=1, keepdims=True)
    transitions = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    absorbing = [index[_CONVERSION], index[_NULL]]
    transient = [position for position in range(len(index)) if position not in absorbing]
    # Absorption probabilities B = (I - Q)^-1 R over the transient states.
    q = transitions[np.ix_(transient, transient)]
    r = transitions[np.ix_(transient, [index[_CONVERSION]])]
    absorbed = np.linalg.solve(np.eye(len(transient)) - q, r)
    return float(absorbed[transient.index(index[_START]), 0])


def shares_from_effects(effects: dict[str, float]) -> dict[str, float]:
    """Credit shares proportional to removal effects (equal shares when every effect is 0)."""
    total = sum(effects.values())
    if total == 0.0:
        return {channel: 1.0 / len(effects) for channel in effects} if effects else {}
    return {channel: effect / total for channel, effect in effects.items()}


def markov_channel_shares(paths: Iterable[tuple[str, bool, int]], separator: str = " > ") -> pa.Table:
    """Channel, removal effect and credit share from (channel path, is_converted, journeys) rows."""
    journeys = [
        Journey(tuple(path.split(separator)), bool(converted), int(count))
        for path, converted, count in paths
        if path
    ]
    effects = markov_removal_effects(journeys)
    shares = shares_from_effects(effects)
    channels = sorted(effects)
    return pa.table(
        {
            "channel": pa.array(channels, pa.string()),
            "removal_effect": pa.array([effects[channel] for channel in channels], pa.float64()),
            "credit_share": pa.array([shares[channel] for channel in channels], pa.float64()),
        }
    )
