"""`crosschannel export`: the BI marts as Parquet files, for tools that prefer files to a database;
`crosschannel audience`: the consented activation audience as a file of hashed contacts;
`crosschannel export-crm`: the CRM enrichment, one CSV and one Parquet file per back office;
`crosschannel export-audiences`: the targetable members of each audience, one CSV and one Parquet
file per audience, cookie and customer ids only.

`export` writes the `marts` schema only: the `pii` schema (contact details) never leaves the
warehouse that way; `audience` takes from pii only the hashed e-mails and phones of the consented
audience. The database is opened read-only, as a BI reader would.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from crosschannel.sql import sql_string

EXPORTED_SCHEMA = "marts"


def export_marts(database_path: Path, output_dir: Path) -> list[Path]:
    """Write every table of the marts schema to output_dir/<table>.parquet; return the files written."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    output_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with duckdb.connect(str(database_path), read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [EXPORTED_SCHEMA],
            ).fetchall()
        ]
        if not tables:
            raise FileNotFoundError(f"no table in schema {EXPORTED_SCHEMA} of {database_path}: build the project first")
        for table in tables:
            target = output_dir / f"{table}.parquet"
            con.execute(
                f"copy {EXPORTED_SCHEMA}.\"{table}\" to {sql_string(target)} (format parquet, compression zstd)"
            )
            written.append(target)
    return written


AUDIENCE_TABLE = "pii.activation_lookalike_audience"


def export_audience(database_path: Path, output: Path) -> int:
    """Write the consented lookalike audience as a CSV of hashed e-mails and phones only (the file an
    advertising platform takes); return the rows written."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    output.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database_path), read_only=True) as con:
        con.execute(
            f"copy (select hashed_email, hashed_phone from {AUDIENCE_TABLE} order by lookalike_score desc, customer_id)"
            f" to {sql_string(output)} (format csv, header true)"
        )
        found = con.execute(f"select count(*) from {AUDIENCE_TABLE}").fetchone()
    return int(found[0]) if found else 0


CRM_ENRICHMENT_TABLE = "marts.mart_crm_enrichment"
BACK_OFFICES = ("web", "store", "crm")


def export_crm_enrichment(database_path: Path, output_dir: Path) -> dict[str, int]:
    """Write mart_crm_enrichment split by back office, `crm_enrichment_<back office>.csv` and `.parquet`,
    each row keyed by the back office's own record id; return the rows written per back office. The
    mart holds ids and segments only, so no contact detail can leave this way."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    output_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with duckdb.connect(str(database_path), read_only=True) as con:
        for back_office in BACK_OFFICES:
            rows = f"select * exclude (source_system) from {CRM_ENRICHMENT_TABLE} where source_system = '{back_office}'"
            for file_format, options in (("csv", "format csv, header true"), ("parquet", "format parquet")):
                target = sql_string(output_dir / f"crm_enrichment_{back_office}.{file_format}")
                con.execute(f"copy ({rows} order by source_record_id) to {target} ({options})")
            found = con.execute(f"select count(*) from ({rows})").fetchone()
            written[back_office] = int(found[0]) if found else 0
    return written


AUDIENCES_TABLE = "marts.mart_audiences"
# What an audience file carries: ids, the reason and the targeting details, never a contact detail.
AUDIENCE_EXPORT_COLUMNS = (
    "member_type",
    "member_id",
    "product_category",
    "product_id",
    "store_id",
    "cohort",
    "reason_code",
    "refresh",
    "as_of_at",
)


def export_audiences(database_path: Path, output_dir: Path) -> dict[str, int]:
    """Write the targetable members (consent applied) of each audience of mart_audiences to
    `audience_<name>.csv` and `.parquet`; return the rows written per audience. A member is a cookie
    id (an anonymous browser) or a customer id, never a contact detail."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    output_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    columns = ", ".join(AUDIENCE_EXPORT_COLUMNS)
    with duckdb.connect(str(database_path), read_only=True) as con:
        names = [
            name
            for (name,) in con.execute(
                f"select distinct audience_name from {AUDIENCES_TABLE} order by audience_name"
            ).fetchall()
        ]
        for name in names:
            rows = f"select {columns} from {AUDIENCES_TABLE} where audience_name = {sql_string(name)} and is_targetable"
            for file_format, options in (("csv", "format csv, header true"), ("parquet", "format parquet")):
                target = sql_string(output_dir / f"audience_{name}.{file_format}")
                con.execute(
                    f"copy ({rows} order by member_type, member_id, product_category, product_id) to {target} ({options})"
                )
            found = con.execute(f"select count(*) from ({rows})").fetchone()
            written[name] = int(found[0]) if found else 0
    return written
