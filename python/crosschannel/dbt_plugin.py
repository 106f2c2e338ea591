"""dbt-duckdb plugin: the SQL functions crosschannel's models call on DuckDB.

`profiles.yml` loads it (`plugins: [{module: crosschannel.dbt_plugin}]`); a profile of your own
that reads raw files needs the same line. It registers `crosschannel_readable_csv(path, encoding,
cache_folder)`, which `raw_file_relation` calls before reading a delivered CSV (see
`crosschannel.raw_files`).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from crosschannel.raw_files import readable_csv

READABLE_CSV_FUNCTION = "crosschannel_readable_csv"


def _readable_csv(path: str, encoding: str, cache_folder: str) -> dict[str, str | None]:
    found = readable_csv(path, encoding, cache_folder)
    return {"path": found.path, "encoding": found.encoding, "note": found.note}


class Plugin(BasePlugin):  # type: ignore[misc]
    def configure_connection(self, conn: Any) -> None:
        conn.create_function(
            READABLE_CSV_FUNCTION,
            _readable_csv,
            ["VARCHAR", "VARCHAR", "VARCHAR"],
            "STRUCT(path VARCHAR, encoding VARCHAR, note VARCHAR)",
            side_effects=True,
        )
