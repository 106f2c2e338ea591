"""Delivered CSV files made readable by DuckDB: encodings it cannot read and mixed line endings.

DuckDB's CSV reader knows UTF-8, UTF-16 and Latin-1, and its dialect sniffer fails on a file
whose lines end in both `\\r\\n` and `\\n`. French exports often come in CP1252 (the euro sign, `œ`
and `’` are bytes 0x80-0x9F, which Latin-1 lacks) from Excel, with its mix of line endings. Each
delivered CSV goes through `readable_csv` once: it checks the whole file in its declared encoding
(failing with the file, the line and the setting to change) and, when DuckDB could not read it
as it is, writes a UTF-8 copy with one line ending, streaming, into a cache folder beside the
build. A file already checked or converted is not read again (any write changes its key: inode,
size, modification and change times). The dbt-duckdb plugin `crosschannel.dbt_plugin` exposes it
to SQL as `crosschannel_readable_csv(path, encoding, cache_folder)`.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

# Python codec names of the encodings DuckDB's CSV reader decodes itself, with DuckDB's names.
# utf-8-sig is UTF-8 with a byte-order mark, which DuckDB skips.
DUCKDB_ENCODINGS: Final = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "iso8859-1": "latin-1", "utf-16": "utf-16"}
CHUNK_BYTES: Final = 16 * 1024 * 1024
ENCODING_VAR: Final = "crosschannel__raw_encoding"


class RawFileError(ValueError):
    """A delivered file cannot be read as declared; the message names the file, the line and what to set."""


@dataclass(frozen=True)
class ReadableCsv:
    """The file DuckDB should read, in which of its encodings, and what was done to get it (or None)."""

    path: str
    encoding: str
    note: str | None


def readable_csv(path: str, encoding: str, cache_folder: str) -> ReadableCsv:
    """The delivered CSV itself when DuckDB reads it as it is, else a UTF-8 copy in cache_folder."""
    source = Path(path)
    codec = _codec(encoding, source)
    stat = source.stat()
    version = f"{source.resolve()}|{stat.st_ino}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}|{codec}"
    key = hashlib.sha256(version.encode()).hexdigest()[:16]
    cache = Path(cache_folder)
    checked = cache / f"{source.stem}.{key}.checked"
    converted = cache / f"{source.stem}.{key}.csv"
    if checked.exists():
        return ReadableCsv(str(source), DUCKDB_ENCODINGS[codec], None)
    if converted.exists():
        return ReadableCsv(str(converted), "utf-8", f"{source} read from its UTF-8 copy {converted}")
    cache.mkdir(parents=True, exist_ok=True)
    _forget_older_copies(cache, source.stem, keep=key)
    if codec in DUCKDB_ENCODINGS and not _has_mixed_line_endings(source, codec, encoding):
        checked.touch()
        return ReadableCsv(str(source), DUCKDB_ENCODINGS[codec], None)
    reason = "mixed line endings" if codec in DUCKDB_ENCODINGS else f"{encoding}, which DuckDB does not read"
    partial = converted.with_suffix(".partial")
    _convert(source, codec, encoding, partial)
    os.replace(partial, converted)
    return ReadableCsv(str(converted), "utf-8", f"{source} ({reason}) converted once to UTF-8 in {converted}")


def _codec(encoding: str, source: Path) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise RawFileError(
            f"crosschannel: {source}: unknown encoding '{encoding}' in {ENCODING_VAR}"
            " (utf-8, utf-8-sig, latin-1, cp1252, utf-16 or another Python codec name)"
        ) from None


def _forget_older_copies(cache: Path, stem: str, keep: str) -> None:
    """Copies and marks of earlier versions of the same file: the cache holds one per file."""
    for stale in cache.glob(f"{stem}.*"):
        if stale.name.split(".")[1] != keep:
            stale.unlink(missing_ok=True)


def _decoded_chunks(source: Path, codec: str, encoding: str) -> Iterator[str]:
    """The file's text in chunks, a trailing carriage return held back so that no `\\r\\n` is split;
    a byte sequence invalid in the encoding fails naming the line it is on."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    lines_before = 1
    held = ""
    with source.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            try:
                text = held + decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                line = lines_before + chunk[: error.start].count(b"\n")
                raise RawFileError(
                    f"crosschannel: {source} line {line}: bytes {error.object[error.start:error.end]!r} are not"
                    f" {encoding}; set {ENCODING_VAR} to the file's encoding, for every file (for example"
                    f" cp1252) or for this table ({{{source.stem}: cp1252}})"
                ) from None
            held = ""
            if text.endswith("\r") and chunk:
                text, held = text[:-1], "\r"
            lines_before += chunk.count(b"\n")
            if text:
                yield text
            if not chunk:
                return


def _has_mixed_line_endings(source: Path, codec: str, encoding: str) -> bool:
    crlf = lf = cr = 0
    for text in _decoded_chunks(source, codec, encoding):
        pairs = text.count("\r\n")
        crlf += pairs
        lf += text.count("\n") - pairs
        cr += text.count("\r") - pairs
    return sum(1 for count in (crlf, lf, cr) if count) > 1


def _convert(source: Path, codec: str, encoding: str, target: Path) -> None:
    """The file as UTF-8 without a byte-order mark, every line ending `\\n`."""
    with target.open("w", encoding="utf-8", newline="") as out:
        first = True
        for text in _decoded_chunks(source, codec, encoding):
            if first:
                text, first = text.removeprefix("\ufeff"), False
            out.write(text.replace("\r\n", "\n").replace("\r", "\n"))

