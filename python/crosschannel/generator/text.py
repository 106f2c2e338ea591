"""Building Arrow string columns fast: ids, timestamps, dates, money, codes looked up in vocabularies.

Every raw column is written as text. Formatting tens of millions of values one Python string at a
time would dominate the run, so fixed-width values (ids, timestamps, dates) are assembled as a
uint8 matrix of ASCII characters and handed to Arrow as one buffer, and variable-width values are
built with Arrow compute kernels (take, join, replace).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.generator.arrays import BoolArray, IntArray
from crosschannel.generator.clock import is_ambiguous_in_paris, paris_local, paris_offset

Chars = npt.NDArray[np.uint8]

# How a timestamp is written: Paris wall clock without offset (the contract's default), or ISO-8601
# with an explicit offset for the same instant.
LOCAL, UTC_Z, UTC_OFFSET, LOCAL_OFFSET = 0, 1, 2, 3


def fixed_width(chars: Chars, valid: BoolArray | None = None) -> pa.StringArray:
    """A string column from a (rows, width) matrix of ASCII bytes, without a Python loop."""
    rows, width = chars.shape
    offsets = np.arange(rows + 1, dtype=np.int32) * np.int32(width)
    data = np.ascontiguousarray(chars)
    if valid is None:
        return pa.StringArray.from_buffers(rows, pa.py_buffer(offsets), pa.py_buffer(data))
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.StringArray.from_buffers(
        rows, pa.py_buffer(offsets), pa.py_buffer(data), bitmap, int(rows - np.count_nonzero(valid))
    )


def digit_chars(values: IntArray, width: int) -> Chars:
    """Zero-padded decimal digits of non-negative integers, as ASCII bytes."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return ((values[:, None] // powers) % 10 + ord("0")).astype(np.uint8)


def literal_chars(text: str, rows: int) -> Chars:
    """The same ASCII text on every row."""
    return np.broadcast_to(np.frombuffer(text.encode("ascii"), dtype=np.uint8), (rows, len(text)))


def ids(prefix: str, numbers: IntArray, digits: int, valid: BoolArray | None = None) -> pa.StringArray:
    """Identifiers like `OR000123456`: a prefix and zero-padded digits."""
    chars = np.hstack([literal_chars(prefix, len(numbers)), digit_chars(numbers, digits)])
    return fixed_width(chars, valid)


def _calendar_chars(days: IntArray) -> Chars:
    """`YYYY-MM-DD` of days since the epoch."""
    as_days = days.astype("datetime64[D]")
    months = as_days.astype("datetime64[M]")
    year = as_days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (as_days - months.astype("datetime64[D]")).astype(np.int64) + 1
    dash = literal_chars("-", len(days))
    return np.hstack([digit_chars(year, 4), dash, digit_chars(month, 2), dash, digit_chars(day, 2)])


def _datetime_chars(seconds: IntArray, separator: str) -> Chars:
    """`YYYY-MM-DD<separator>HH:MM:SS` of wall-clock seconds since the epoch."""
    days, second_of_day = np.divmod(seconds, 86_400)
    colon = literal_chars(":", len(seconds))
    return np.hstack(
        [
            _calendar_chars(days),
            literal_chars(separator, len(seconds)),
            digit_chars(second_of_day // 3600, 2),
            colon,
            digit_chars(second_of_day // 60 % 60, 2),
            colon,
            digit_chars(second_of_day % 60, 2),
        ]
    )


def dates(days: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """`YYYY-MM-DD` dates."""
    return fixed_width(_calendar_chars(days), valid)


def utc_timestamps(utc: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """`YYYY-MM-DD HH:MM:SS` in UTC: how the truth files give instants (empty where not valid)."""
    return fixed_width(_datetime_chars(np.where(valid, utc, 0) if valid is not None else utc, " "), valid)


def timestamp_styles(rng: np.random.Generator, count: int, offset_share: float) -> IntArray:
    """How each timestamp is written: mostly Paris local time, some ISO-8601 with an offset."""
    offset = rng.random(count) < offset_share
    return np.where(offset, rng.integers(UTC_Z, LOCAL_OFFSET + 1, count), LOCAL).astype(np.int64)


def timestamps(utc: IntArray, styles: IntArray, valid: BoolArray | None = None) -> pa.StringArray:
    """Timestamps as the contract writes them, in the given styles (see timestamp_styles).

    Local times repeated when summer time ends are always given an offset, so that every written
    timestamp names exactly one instant; local times skipped when it starts never occur, since
    they are computed from instants.
    """
    styles = np.where(is_ambiguous_in_paris(utc) & (styles == LOCAL), LOCAL_OFFSET, styles)
    local = paris_local(utc)
    written = fixed_width(_datetime_chars(local, " "), valid)
    for style in (UTC_Z, UTC_OFFSET, LOCAL_OFFSET):
        rows = styles == style
        if valid is not None:
            rows &= valid
        if not rows.any():
            continue
        instants = utc[rows]
        if style == UTC_Z:
            chars = np.hstack([_datetime_chars(instants, "T"), literal_chars("Z", len(instants))])
        elif style == UTC_OFFSET:
            chars = np.hstack([_datetime_chars(instants, "T"), literal_chars("+00:00", len(instants))])
        else:
            hours = paris_offset(instants) // 3600
            chars = np.hstack(
                [
                    _datetime_chars(local[rows], "T"),
                    literal_chars("+0", len(instants)),
                    digit_chars(hours, 1),
                    literal_chars(":00", len(instants)),
                ]
            )
        written = pc.replace_with_mask(written, pa.array(rows), fixed_width(chars))
    return written


def money(cents: IntArray, valid: BoolArray | None = None) -> pa.Array:
    """Non-negative amounts in cents as decimals with a dot: `1249.00`."""
    units = pa.array(cents // 100, mask=None if valid is None else ~valid)
    return pc.binary_join_element_wise(
        pc.cast(units, pa.string()), fixed_width(digit_chars(cents % 100, 2)), "."
    )


def integers(values: IntArray) -> pa.Array:
    """Integers as decimal text."""
    return pc.cast(pa.array(values), pa.string())


def lookup(vocabulary: Sequence[str] | pa.Array, codes: IntArray, valid: BoolArray | None = None) -> pa.Array:
    """The vocabulary entry of each code; null where not valid (or where the code is negative)."""
    words = vocabulary if isinstance(vocabulary, pa.Array) else pa.array(list(vocabulary), pa.string())
    present = codes >= 0 if valid is None else valid & (codes >= 0)
    return pc.take(words, pa.array(np.where(present, codes, 0), mask=~present))


def by_code(codes: IntArray, builders: dict[int, Callable[[IntArray], pa.Array]]) -> pa.Array:
    """A column whose rows are built by a different function per code (e.g. per phone format).

    Each builder receives the row numbers carrying its code and returns their values in that order;
    rows whose code has no builder are null.
    """
    parts: list[pa.Array] = []
    positions = np.full(len(codes), -1, dtype=np.int64)
    built = 0
    for code, build in builders.items():
        rows = np.flatnonzero(codes == code)
        if len(rows) == 0:
            continue
        parts.append(build(rows))
        positions[rows] = built + np.arange(len(rows))
        built += len(rows)
    if not parts:
        return pa.nulls(len(codes), pa.string())
    combined = pa.concat_arrays([part.cast(pa.string()) for part in parts])
    return pc.take(combined, pa.array(positions, mask=positions < 0))


def blank_some(values: pa.Array, blank: BoolArray) -> pa.Array:
    """Missing values written as empty strings on the given rows (still missing for the contract)."""
    return pc.if_else(pc.and_(pa.array(blank), pc.is_null(values)), pa.scalar("", pa.string()), values)


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation; a null part makes the row null."""
    return pc.binary_join_element_wise(*parts, "")
