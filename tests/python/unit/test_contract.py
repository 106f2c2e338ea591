"""The contract is written for people (docs/raw_contract.md), declared for dbt (the raw source and the
types staging reads) and for Python: they must agree."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import yaml
from crosschannel.contract import RAW_TABLES

PROJECT_DIR = Path(__file__).resolve().parents[3]


def _declared(path: Path, section: str) -> dict[str, list[str]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if section == "sources":
        (raw,) = [source for source in document["sources"] if source["name"] == "raw"]
        return {table["name"]: [column["name"] for column in table["columns"]] for table in raw["tables"]}
    return {seed["name"]: list(seed["config"]["column_types"]) for seed in document["seeds"]}


def test_raw_source_declares_the_contract_tables_and_columns_in_order() -> None:
    declared = _declared(PROJECT_DIR / "models/staging/_raw__sources.yml", "sources")
    assert declared == {table: list(columns) for table, columns in RAW_TABLES.items()}


def test_every_seed_column_loads_as_text() -> None:
    seeds_yaml = PROJECT_DIR / "seeds/_seeds.yml"
    declared = _declared(seeds_yaml, "seeds")
    assert declared == {table: list(columns) for table, columns in RAW_TABLES.items()}
    document = yaml.safe_load(seeds_yaml.read_text(encoding="utf-8"))
    types = {kind for seed in document["seeds"] for kind in seed["config"]["column_types"].values()}
    assert types == {"string"}


def test_bundled_seed_headers_match_the_contract() -> None:
    for table, columns in RAW_TABLES.items():
        with (PROJECT_DIR / "seeds" / f"{table}.csv").open(encoding="utf-8", newline="") as seed:
            header = next(csv.reader(seed))
        assert header == list(columns), table


# Staging's finer types, as the contract document names them.
_DOCUMENTED_TYPE = {"money": "decimal", "ratio": "decimal"}


def _documented_columns() -> dict[str, list[tuple[str, str]]]:
    """docs/raw_contract.md's tables: raw table -> (column, type) in the order of its table."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for line in (PROJECT_DIR / "docs/raw_contract.md").read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"### (raw_\w+)", line):
            current = tables.setdefault(heading.group(1), [])
        elif row := re.fullmatch(r"\| (\w+) \| (\w+) \| .* \|", line):
            if row.group(1) != "column":
                current.append((row.group(1), row.group(2)))
    return tables


def _staged_types() -> dict[str, dict[str, str]]:
    """The type staging reads each raw column as: the column_types of each base model's checked_raw_rows."""
    staged: dict[str, dict[str, str]] = {}
    for model in sorted(PROJECT_DIR.glob("models/staging/*/base/base_*.sql")):
        text = model.read_text(encoding="utf-8")
        table = re.search(r"checked_raw_rows\(\s*'(raw_\w+)'", text)
        types = re.search(r"column_types=(\{.*?\})", text, re.DOTALL)
        assert table and types, model
        staged[table.group(1)] = {
            column: _DOCUMENTED_TYPE.get(kind, kind) for column, kind in ast.literal_eval(types.group(1)).items()
        }
    return staged


def test_contract_document_lists_the_declared_tables_and_columns_in_order() -> None:
    documented = _documented_columns()
    declared = _declared(PROJECT_DIR / "models/staging/_raw__sources.yml", "sources")
    assert {table: [column for column, _ in columns] for table, columns in documented.items()} == declared
    assert list(documented) == list(RAW_TABLES)


def test_contract_document_gives_each_column_the_type_staging_reads() -> None:
    documented = {table: dict(columns) for table, columns in _documented_columns().items()}
    assert documented == _staged_types()


def test_nothing_in_the_project_points_outside_it() -> None:
    """A clone holds the whole project: no file may send its reader to the shared folder it was built from."""
    tracked = [
        path
        for path in PROJECT_DIR.rglob("*")
        if path.is_file()
        and path.suffix in {".md", ".py", ".sql", ".yml", ".yaml", ".toml", ".cfg", ".txt"}
        and not {".venv", "target", "dbt_packages", "node_modules", "logs"} & set(path.relative_to(PROJECT_DIR).parts)
    ]
    pointing_out = [
        str(path.relative_to(PROJECT_DIR))
        for path in tracked
        if re.search(r"(\.\./|\b)shared/(contract|STYLE|STACK)", path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert pointing_out == []
