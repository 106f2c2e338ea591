"""`crosschannel docs` writes a site that opens in headless Chromium and describes every mart's columns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from crosschannel.docs_site import build_docs_site
from playwright.sync_api import Browser

# Column names and descriptions as the page shows them, once a model's page has rendered.
_COLUMN_ROWS = """
    () => Array.from(document.querySelectorAll('tr.column-row')).map(
        row => [row.cells[0].innerText.trim(), row.cells[2].innerText.trim()])
"""


# Generates the dbt docs site (a parse and the catalog): out of the fast loop.
@pytest.mark.slow
def test_docs_site_lists_every_mart_with_its_columns_described(
    built_database: Path, tmp_path: Path, project_dir: Path, browser: Browser
) -> None:
    page_file = build_docs_site(project_dir, built_database, tmp_path / "site")
    with duckdb.connect(str(built_database), read_only=True) as con:
        marts = {
            table: [
                column
                for (column,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
                    " order by ordinal_position",
                    [schema, table],
                ).fetchall()
            ]
            for schema, table in con.execute(
                "select table_schema, table_name from information_schema.tables where table_schema in ('marts', 'pii')"
            ).fetchall()
        }
    assert len(marts) >= 25
    undescribed: dict[str, list[str]] = {}
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        for mart, columns in sorted(marts.items()):
            page.evaluate("hash => { window.location.hash = hash; }", f"#!/model/model.crosschannel.{mart}")
            page.wait_for_function(
                f"expected => JSON.stringify(({_COLUMN_ROWS})().map(row => row[0]).sort()) === JSON.stringify(expected)",
                arg=sorted(columns),
                timeout=15_000,
            )
            rows = page.evaluate(_COLUMN_ROWS)
            missing = [name for name, description in rows if not description]
            if missing:
                undescribed[mart] = missing
    finally:
        page.close()
    assert undescribed == {}
