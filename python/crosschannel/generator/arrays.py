"""Small numpy helpers for tables held as dataclasses of equal-length arrays.

The simulation keeps every entity (persons, records, visits, orders...) as a dataclass whose fields
are numpy arrays of one row per entity, so that a whole chunk is processed with vectorised
operations; these helpers select, concatenate and look up rows of such tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

NONE: int = -1  # "no row" in an index column

T = TypeVar("T")


def take_rows(table: T, rows: IntArray | BoolArray) -> T:
    """The given rows (indices or mask) of a dataclass of arrays, nested dataclasses included."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(table):  # type: ignore[arg-type]
        value = getattr(table, field.name)
        values[field.name] = take_rows(value, rows) if dataclasses.is_dataclass(value) else value[rows]
    return type(table)(**values)


def concat_rows(tables: Sequence[T]) -> T:
    """Tables of the same dataclass, one after the other."""
    first = tables[0]
    values: dict[str, Any] = {}
    for field in dataclasses.fields(first):  # type: ignore[arg-type]
        parts = [getattr(table, field.name) for table in tables]
        values[field.name] = (
            concat_rows(parts) if dataclasses.is_dataclass(parts[0]) else np.concatenate(parts)
        )
    return type(first)(**values)


def ints(values: Any) -> IntArray:
    """Values as an int64 array (the one integer type the simulation uses)."""
    return np.asarray(values, dtype=np.int64)


def gather(values: IntArray, index: IntArray) -> IntArray:
    """values[index], and 0 where index is NONE (also when values is empty)."""
    if len(values) == 0:
        return np.zeros(len(index), dtype=values.dtype)
    return ints(np.where(index != NONE, values[np.maximum(index, 0)], 0))


def group_starts(sizes: IntArray) -> IntArray:
    """Start offset of each group when groups of these sizes are laid out one after the other."""
    starts = np.zeros(len(sizes), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    return starts


def expand(sizes: IntArray) -> tuple[IntArray, IntArray]:
    """For groups of these sizes laid out one after the other: each row's group and rank in it."""
    owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    rank = np.arange(len(owner), dtype=np.int64) - np.repeat(group_starts(sizes), sizes)
    return owner, rank


def rank_within(groups: IntArray) -> IntArray:
    """Rank of each row among the rows of the same group, in row order."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    first = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    starts = np.maximum.accumulate(np.where(first, np.arange(len(groups)), 0))
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - starts
    return rank


def pick(rng: np.random.Generator, starts: IntArray, counts: IntArray) -> IntArray:
    """One random index in [start, start + count) per row; NONE where count is 0."""
    chosen = starts + np.floor(rng.random(len(starts)) * counts).astype(np.int64)
    return np.where(counts > 0, chosen, NONE)


def choice(rng: np.random.Generator, weights: Sequence[float], size: int) -> IntArray:
    """Random category codes drawn with the given (unnormalised) weights."""
    probabilities = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(probabilities), size=size, p=probabilities / probabilities.sum()).astype(np.int64)


def uniform_int(rng: np.random.Generator, low: IntArray | int, high: IntArray | int, size: int) -> IntArray:
    """Uniform integers in [low, high) (arrays allowed), e.g. instants in a window."""
    low_values = np.broadcast_to(ints(low), (size,))
    span = np.maximum(np.broadcast_to(ints(high), (size,)) - low_values, 1)
    return ints(low_values + np.floor(rng.random(size) * span).astype(np.int64))


class KeyIndex:
    """Rows found by an int64 key (e.g. person * places + place): the lookup of a dict, vectorised."""

    def __init__(self, keys: IntArray) -> None:
        self._order = np.argsort(keys, kind="stable")
        self._sorted = keys[self._order]

    def find(self, keys: IntArray) -> IntArray:
        """Row of the first occurrence of each key, or NONE."""
        if len(self._sorted) == 0:
            return np.full(len(keys), NONE, dtype=np.int64)
        position = np.minimum(np.searchsorted(self._sorted, keys), len(self._sorted) - 1)
        return ints(np.where(self._sorted[position] == keys, self._order[position], NONE))


def _multiply_mod(values: IntArray, multiplier: int, modulus: int) -> IntArray:
    """values * multiplier % modulus without int64 overflow (modulus up to 10**12)."""
    high, low = divmod(multiplier, 1_000_000)
    return ((values * high % modulus) * 1_000_000 + values * low) % modulus


def scramble(sequence: IntArray, digits: int, salt: int) -> IntArray:
    """A bijection of [0, 10**digits): sequential ids that look random and stay unique.

    Ids in a real export do not follow the person they belong to; scrambling keeps them unique
    without remembering which were used. Each step is invertible modulo 10**digits: an affine map
    whose multiplier (about 0.618 x 10**digits) is coprime to 10, then reversing the digits (so that
    consecutive numbers differ in their last digits too), then the affine map again.
    """
    modulus = 10**digits
    multiplier = int(0.6180339887 * modulus) // 10 * 10 + 7
    mixed = (_multiply_mod(sequence, multiplier, modulus) + salt) % modulus
    reversed_digits = np.zeros_like(mixed)
    for _ in range(digits):
        mixed, digit = np.divmod(mixed, 10)
        reversed_digits = reversed_digits * 10 + digit
    return ints((_multiply_mod(reversed_digits, multiplier, modulus) + salt) % modulus)


class Groups:
    """Rows of a table grouped by an owner (e.g. the cookies of each person), to draw one of them."""

    def __init__(self, owner: IntArray, owners: int, rows: IntArray | None = None) -> None:
        """owner[i] owns row i, or row rows[i] when rows are given (a subset of a larger table)."""
        order = np.argsort(owner, kind="stable")
        self.rows = order if rows is None else rows[order]
        self.count = np.bincount(owner, minlength=owners).astype(np.int64)
        self.start = group_starts(self.count)

    def pick(self, rng: np.random.Generator, who: IntArray) -> IntArray:
        """One random row of each owner's group; NONE for owners without rows."""
        picked = pick(rng, self.start[who], self.count[who])
        return np.where(picked >= 0, self.rows[np.maximum(picked, 0)], NONE)
