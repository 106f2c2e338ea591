"""Deliveries as French back offices and Excel write them load the same rows as their UTF-8
reference: CP1252, `;` with a decimal comma, mixed line endings, a byte-order mark."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.runner import DbtRun, raw_files_vars, run_dbt
from partial_parse import database_in
from staging_compare import STAGED_MODELS, differing_rows

pytestmark = pytest.mark.slow

# Characters CP1252 has and Latin-1 lacks (bytes 0x80-0x9F), in names and product names.
PRODUCT_NAME = "Croisière Cœur d’Azur à 1 200 € – «spécial»"
FIRST_NAME = "Zoé"
LAST_NAME = "d’Œillet"
DECIMAL = re.compile(r"^-?[0-9]+\.[0-9]+$")


def _reference(project_dir: Path, folder: Path) -> Path:
    """The bundled seeds as UTF-8 files, one product and one store customer renamed with those characters."""
    folder.mkdir()
    for table in RAW_TABLES:
        shutil.copy(project_dir / "seeds" / f"{table}.csv", folder / f"{table}.csv")
    for table, changes in (
        ("raw_products", {"name": PRODUCT_NAME}),
        ("raw_store_customers", {"first_name": FIRST_NAME, "last_name": LAST_NAME}),
    ):
        header, rows = _read(folder / f"{table}.csv")
        rows[0] = [changes.get(column, value) for column, value in zip(header, rows[0], strict=True)]
        _write(folder / f"{table}.csv", header, rows, encoding="utf-8")
    return folder


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    encoding: str,
    delimiter: str = ",",
    line_ending: Callable[[int], str] = lambda _: "\n",
) -> None:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    for line, row in enumerate([header, *rows]):
        writer.writerow(row)
        text.seek(text.tell() - 1)  # the line ending is written below, per line
        text.write(line_ending(line))
    path.write_bytes(text.getvalue().encode(encoding))


def _variant(reference: Path, folder: Path, encoding: str, **write: object) -> Path:
    folder.mkdir()
    for table in RAW_TABLES:
        header, rows = _read(reference / f"{table}.csv")
        if write.get("delimiter") == ";":
            rows = [[value.replace(".", ",") if DECIMAL.match(value) else value for value in row] for row in rows]
        _write(folder / f"{table}.csv", header, rows, encoding, **write)  # type: ignore[arg-type]
    return folder


def _build(project_dir: Path, folder: Path, database: Path, **extra_vars: object) -> DbtRun:
    return run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", "+path:models/staging"],
        project_dir,
        database,
        raw_files_vars(folder, **extra_vars),
    )


@pytest.fixture(scope="module")
def reference_build(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = _reference(project_dir, tmp_path_factory.mktemp("utf8") / "raw")
    database = database_in(folder.parent)
    run = _build(project_dir, folder, database)
    assert run.success, run.messages
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute(
            "select count(*) from staging.stg_sales__products where product_name = ?", [PRODUCT_NAME]
        ).fetchone() == (1,)
        assert connection.execute(
            "select count(*) from staging.stg_store__customers where first_name = ? and last_name = ?",
            [FIRST_NAME, LAST_NAME],
        ).fetchone() == (1,)
    return folder, database


VARIANTS: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    # name: (how the files are written, the vars that read them)
    "cp1252": ({"encoding": "cp1252"}, {"crosschannel__raw_encoding": "cp1252"}),
    "cp1252_for_one_table": ({"encoding": "utf-8"}, {"crosschannel__raw_encoding": {"raw_products": "cp1252"}}),
    "excel_semicolon_decimal_comma": (
        {"encoding": "utf-8", "delimiter": ";"},
        {"crosschannel__raw_delimiter": ";", "crosschannel__raw_decimal_separator": ","},
    ),
    "mixed_line_endings": ({"encoding": "utf-8", "line_ending": lambda line: "\r\n" if line % 2 else "\n"}, {}),
    "byte_order_mark": ({"encoding": "utf-8-sig"}, {}),
    "byte_order_mark_declared": ({"encoding": "utf-8-sig"}, {"crosschannel__raw_encoding": "utf-8-sig"}),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_french_export_loads_the_same_rows_as_its_utf8_reference(
    project_dir: Path, reference_build: tuple[Path, Path], tmp_path: Path, variant: str
) -> None:
    reference, reference_database = reference_build
    written, read_vars = VARIANTS[variant]
    folder = _variant(reference, tmp_path / "raw", **written)  # type: ignore[arg-type]
    if variant == "cp1252_for_one_table":
        header, rows = _read(reference / "raw_products.csv")
        _write(folder / "raw_products.csv", header, rows, "cp1252")
        assert "€".encode("cp1252") in (folder / "raw_products.csv").read_bytes()
    database = database_in(tmp_path)
    run = _build(project_dir, folder, database, **read_vars)
    assert run.success, run.messages
    assert differing_rows(reference_database, database, STAGED_MODELS) == dict.fromkeys(STAGED_MODELS, 0)
    with duckdb.connect(str(database), read_only=True) as connection:
        reconciliation = connection.execute(
            "select source_table, raw_rows, staged_rows, superseded_rows, quarantined_rows"
            " from staging.stg_quality__row_reconciliation order by 1"
        ).fetchall()
    with duckdb.connect(str(reference_database), read_only=True) as connection:
        assert reconciliation == connection.execute(
            "select source_table, raw_rows, staged_rows, superseded_rows, quarantined_rows"
            " from staging.stg_quality__row_reconciliation order by 1"
        ).fetchall()


def test_a_file_converted_once_is_read_from_the_cache_and_the_log_says_so(
    project_dir: Path, reference_build: tuple[Path, Path], tmp_path: Path
) -> None:
    reference, _ = reference_build
    folder = _variant(reference, tmp_path / "raw", encoding="cp1252")
    database = database_in(tmp_path)
    run = _build(project_dir, folder, database, crosschannel__raw_encoding="cp1252")
    assert run.success, run.messages
    cache = Path(f"{database}.raw_cache")
    copies = sorted(path.name.split(".")[0] for path in cache.glob("*.csv"))
    assert copies == sorted(RAW_TABLES)
    # Converted files carry no mark of when they were made: the second build reads the same copies.
    before = {path: path.stat().st_mtime_ns for path in cache.glob("*.csv")}
    again = _build(project_dir, folder, database, crosschannel__raw_encoding="cp1252")
    assert again.success, again.messages
    assert {path: path.stat().st_mtime_ns for path in cache.glob("*.csv")} == before
    log = (Path(os.environ["DBT_LOG_PATH"]) / "dbt.log").read_text(encoding="utf-8")
    assert f"{folder / 'raw_products.csv'} (cp1252, which DuckDB does not read) converted once to UTF-8" in log
    assert f"{folder / 'raw_products.csv'} read from its UTF-8 copy" in log


def test_an_unreadable_file_fails_naming_the_file_the_line_and_what_to_set(
    project_dir: Path, reference_build: tuple[Path, Path], tmp_path: Path
) -> None:
    reference, _ = reference_build
    folder = tmp_path / "raw"
    shutil.copytree(reference, folder)
    header, rows = _read(reference / "raw_products.csv")
    _write(folder / "raw_products.csv", header, rows, "cp1252")  # delivered in CP1252, declared UTF-8
    run = _build(project_dir, folder, database_in(tmp_path))
    assert not run.success
    assert f"{folder / 'raw_products.csv'} line 2: bytes" in run.messages
    assert "are not utf-8; set crosschannel__raw_encoding to the file's encoding" in run.messages
    assert "{raw_products: cp1252}" in run.messages


@pytest.mark.parametrize(
    ("separator", "expected"),
    [
        (",", [Decimal("12.50"), None, None, Decimal("-0.10"), Decimal("7.00"), None]),
        (".", [None, Decimal("1.23"), None, None, Decimal("7.00"), Decimal("3.50")]),
    ],
)
def test_parse_decimal_reads_the_delivery_separator_and_never_a_thousands_dot_as_decimals(
    project_dir: Path, tmp_path: Path, separator: str, expected: list[Decimal | None]
) -> None:
    """With `,` as separator a dot may separate thousands (1.234 is 1234 to a French clerk):
    such a value is NULL (quarantined as invalid_number), never read as 1.234."""
    run = run_dbt(
        [
            "show",
            "--inline",
            "select {{ crosschannel.parse_decimal('delivered', 'decimal(18, 2)') }} as parsed"
            " from (values (1, '12,50'), (2, '1.234'), (3, '1.234,50'), (4, '-0,1'), (5, '7'), (6, '3.5'))"
            " as deliveries (position, delivered) order by position",
            "--limit",
            "10",
        ],
        project_dir,
        database_in(tmp_path),
        {"crosschannel__raw_decimal_separator": separator},
    )
    assert run.success, run.messages
    assert [row[0] for row in run.results[0].agate_table.rows] == expected
