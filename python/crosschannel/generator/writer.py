"""Streaming writers: each chunk's rows are appended to the output files, never held for the whole run.

CSV is written by joining Arrow columns into lines (pyarrow's own CSV writer quotes every string,
which makes the bundled seeds hard to read): a field is quoted only when it must be, i.e. when it
holds a comma, a quote or a line break, or starts or ends with white space (which a reader could
otherwise trim). Missing values (null) are empty fields. All columns are strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

FileFormat = Literal["csv", "parquet"]
_NEEDS_QUOTES = r'[",\r\n]|^\s|\s$'


class TableWriter(Protocol):
    """A file receiving a table chunk by chunk."""

    rows: int

    def write(self, columns: dict[str, pa.Array]) -> None: ...

    def close(self) -> None: ...


def _csv_field(values: pa.Array) -> pa.Array:
    text = pc.fill_null(values, "")
    needs_quotes = pc.match_substring_regex(text, _NEEDS_QUOTES)
    if not pc.any(needs_quotes).as_py():
        return text
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs_quotes, quoted, text)


class CsvWriter:
    """A UTF-8 CSV file with a header line, appended to chunk by chunk."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self._columns = tuple(columns)
        self._file = path.open("wb")
        self._file.write((",".join(self._columns) + "\n").encode("utf-8"))
        self.rows = 0

    def write(self, columns: dict[str, pa.Array]) -> None:
        rows = len(columns[self._columns[0]])
        if rows == 0:
            return
        fields = [_csv_field(columns[name]) for name in self._columns]
        lines = pc.binary_join_element_wise(*fields, ",") if len(fields) > 1 else fields[0]
        text = pc.binary_join_element_wise(lines, "", "\n")  # each line followed by a line break
        offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset : text.offset + len(text) + 1]
        data = text.buffers()[2]
        self._file.write(memoryview(data)[int(offsets[0]) : int(offsets[-1])])
        self.rows += rows

    def close(self) -> None:
        self._file.close()


class ParquetWriter:
    """A Parquet file of string columns; each chunk becomes a row group."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self._columns = tuple(columns)
        self._schema = pa.schema([(name, pa.string()) for name in self._columns])
        self._writer = pq.ParquetWriter(path, self._schema)
        self.rows = 0

    def write(self, columns: dict[str, pa.Array]) -> None:
        rows = len(columns[self._columns[0]])
        if rows == 0:
            return
        self._writer.write_table(
            pa.table([columns[name].cast(pa.string()) for name in self._columns], schema=self._schema)
        )
        self.rows += rows

    def close(self) -> None:
        self._writer.close()


class Outputs:
    """All the files of a run, by table name, closed together."""

    def __init__(self) -> None:
        self._writers: dict[str, TableWriter] = {}

    def open(self, name: str, path: Path, columns: Sequence[str], file_format: FileFormat) -> None:
        self._writers[name] = (
            CsvWriter(path, columns) if file_format == "csv" else ParquetWriter(path, columns)
        )

    def write(self, name: str, columns: dict[str, pa.Array]) -> None:
        self._writers[name].write(columns)

    def rows(self, name: str) -> int:
        return self._writers[name].rows

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for writer in self._writers.values():
            writer.close()
