"""The uplift model judged on campaigns it never saw: its Qini coefficient over the members of
int_scores__uplift_outcomes, and random targeting's - the same members in a random order within each
campaign - for a one-sided permutation test. Shared by the tests that build the uplift marts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np


@dataclass(frozen=True)
class UpliftMembers:
    """One row per evaluated member, campaigns of several databases kept apart."""

    campaign_codes: np.ndarray
    targeting_tenths: np.ndarray
    incremental_conversions: np.ndarray
    treated_members: int


def ntile_tenths(positions: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """SQL's ntile(10) of the member at 0-based `positions` in a campaign of `sizes` members."""
    small, remainder = sizes // 10, sizes % 10
    in_large = positions < remainder * (small + 1)
    large_tenth = positions // (small + 1)
    small_tenth = remainder + (positions - remainder * (small + 1)) // np.maximum(small, 1)
    return np.where(in_large, large_tenth, small_tenth) + 1


def qini_coefficient(tenths: np.ndarray, incremental: np.ndarray, treated_members: int) -> float:
    curve = np.cumsum(np.bincount(tenths - 1, weights=incremental, minlength=10))
    return float(np.mean(curve - np.arange(1, 11) / 10 * curve[-1]) / treated_members)


def read_uplift_members(databases: Sequence[Path]) -> UpliftMembers:
    """The uplift model's evaluated members, read in a set order: the seeded permutations below, and so
    the test, are then the same on every run (unordered, DuckDB's row order moved the random
    baseline's 95th percentile from 0.00034 to 0.00048 between runs)."""
    campaigns: list[str] = []
    tenths: list[int] = []
    incremental: list[float] = []
    treated = 0
    for number, database in enumerate(databases):
        with duckdb.connect(str(database), read_only=True) as con:
            rows = con.execute(
                """
                select campaign_id, targeting_decile, incremental_conversions, is_treated
                from intermediate.int_scores__uplift_outcomes
                where model_name = 'uplift_model'
                order by campaign_id, customer_id
                """
            ).fetchall()
        campaigns.extend(f"{number}:{row[0]}" for row in rows)
        tenths.extend(int(row[1]) for row in rows)
        incremental.extend(float(row[2]) for row in rows)
        treated += sum(bool(row[3]) for row in rows)
    _, codes = np.unique(np.array(campaigns), return_inverse=True)
    return UpliftMembers(codes, np.array(tenths), np.array(incremental), treated)


def model_qini(members: UpliftMembers) -> float:
    return qini_coefficient(members.targeting_tenths, members.incremental_conversions, members.treated_members)


def random_targeting_qinis(members: UpliftMembers, permutations: int, seed: int) -> np.ndarray:
    """The Qini of `permutations` random orders of each campaign's members."""
    codes = members.campaign_codes
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rng = np.random.default_rng(seed)
    qinis = []
    for _ in range(permutations):
        # Sorted by campaign, in a random order within each: a campaign's code plus a draw in [0, 1).
        order = np.argsort(codes + rng.random(len(codes)), kind="stable")
        positions = np.arange(len(order)) - starts[codes[order]]
        shuffled_tenths = ntile_tenths(positions, sizes[codes[order]])
        qinis.append(qini_coefficient(shuffled_tenths, members.incremental_conversions[order], members.treated_members))
    return np.array(qinis)
