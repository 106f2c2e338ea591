"""The contract is declared once for dbt (the raw source) and once for Python: they must agree."""

from __future__ import annotations

import csv
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
