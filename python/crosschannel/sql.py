"""SQL text built in Python: the one place values are quoted into statements DuckDB cannot take as
prepared parameters (paths in COPY, ATTACH, table functions and views)."""

from __future__ import annotations


def sql_string(value: object) -> str:
    """`value` as a SQL string literal: in single quotes, each single quote doubled."""
    return "'" + str(value).replace("'", "''") + "'"
