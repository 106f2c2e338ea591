"""SQL string literals built in Python."""

from __future__ import annotations

from pathlib import Path

import duckdb
from crosschannel.sql import sql_string


def test_sql_string_doubles_single_quotes(tmp_path: Path) -> None:
    folder = tmp_path / "l'export d'été"
    assert sql_string(folder / "x.csv") == "'" + str(folder / "x.csv").replace("'", "''") + "'"
    with duckdb.connect() as connection:
        assert connection.execute(f"select {sql_string(folder)}").fetchone() == (str(folder),)
