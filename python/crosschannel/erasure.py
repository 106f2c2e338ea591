"""`crosschannel erase`: remove a person from every model and from the raw files, for good.

The person is found in the built identity (a customer id, or every customer whose records carry
an e-mail). Their keys (identity nodes, customer ids, the contact match keys only they carry, the
e-mail asked for), all salted hashes, are appended to the suppression list, the seed
`privacy/erasure_suppression_list.csv`; staging turns every raw row carrying one into a counted
row of NULLs, so a rebuild or a re-sent file never brings the person back. The raw files the
project reads (the folder of `--raw-path`, or the bundled seeds) are rewritten without their rows,
the warehouse is rebuilt through the publish gate, and the erasure is logged (counts and ids,
never a contact detail) in `privacy/erasure_log.jsonl`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from crosschannel.publish import publish
from crosschannel.runner import WITHOUT_UNIT_TESTS, ProjectError, project_vars, raw_files_vars, run_dbt
from crosschannel.sql import sql_string

SUPPRESSION_LIST = Path("privacy") / "erasure_suppression_list.csv"
ERASURE_LOG = Path("privacy") / "erasure_log.jsonl"
SUPPRESSION_COLUMNS = ("erasure_id", "erased_at", "key_type", "salted_key")
CUSTOMER_ID = re.compile(r"^CU[0-9A-F]{16}$")


class ErasureError(RuntimeError):
    """The erasure cannot start; nothing was changed."""


@dataclass(frozen=True)
class ErasureResult:
    erasure_id: str
    erased_at: str
    requested_by: str
    customer_ids: list[str]
    keys_suppressed: dict[str, int]
    raw_rows_removed: dict[str, int]
    raw_folder: str | None
    published: bool
    publish_message: str


def erase(
    project_dir: Path,
    database_path: Path,
    data_docs_dir: Path,
    *,
    customer_id: str | None = None,
    email: str | None = None,
    raw_path: Path | None = None,
) -> ErasureResult:
    """Suppress a person's keys, rewrite the raw files without their rows, rebuild and publish, log."""
    if (customer_id is None) == (email is None):
        raise ErasureError("name the person by exactly one of a customer id or an e-mail")
    if customer_id is not None and not CUSTOMER_ID.match(customer_id):
        raise ErasureError(f"not a customer id: {customer_id!r} (expected CU and 16 hexadecimal digits)")
    if not database_path.is_file():
        raise ErasureError(f"no built database at {database_path}: the person is found in the built identity")
    dbt_vars = raw_files_vars(raw_path) if raw_path else None
    raw_folder = raw_path or _managed_raw_folder(project_dir)
    erasure_id = uuid.uuid4().hex[:12]
    erased_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")

    # Work on a copy, so that readers of the published database are never blocked.
    scratch = database_path.with_name(f"{database_path.stem}.erasing{database_path.suffix}")
    shutil.copyfile(database_path, scratch)
    try:
        keys = _person_keys(project_dir, scratch, [customer_id] if customer_id else [], email)
        customer_ids = sorted(customer for _, _, customer in keys if customer)
        if customer_id is not None and customer_id not in customer_ids:
            raise ErasureError(f"no customer {customer_id} in {database_path}")
        added = _append_to_suppression_list(project_dir, erasure_id, erased_at, keys)
        removed = _rewrite_raw_files(project_dir, scratch, raw_folder) if raw_folder else {}
    finally:
        for path in (scratch, scratch.with_name(scratch.name + ".wal")):
            path.unlink(missing_ok=True)

    # A rebuild of data from nothing, so that no incremental model keeps a row of the person (the
    # customer id registry and the merge log outlive it, and delete the person's rows themselves);
    # the kept score models, which also outlive it, are trained again without the person. The unit
    # tests, which check the code on fixtures, are left to CI.
    rebuild_vars = {**(dbt_vars or {}), "crosschannel__score_training_schedule": "every_run"}
    outcome = publish(project_dir, database_path, data_docs_dir, rebuild_vars, ("--full-refresh", *WITHOUT_UNIT_TESTS))
    counts: dict[str, int] = {}
    for key_type, _, _ in added:
        counts[key_type] = counts.get(key_type, 0) + 1
    result = ErasureResult(
        erasure_id=erasure_id,
        erased_at=erased_at,
        requested_by="customer_id" if customer_id else "email",
        customer_ids=customer_ids,
        keys_suppressed=dict(sorted(counts.items())),
        raw_rows_removed=removed,
        raw_folder=str(raw_folder) if raw_folder else None,
        published=outcome.published,
        publish_message=outcome.reason,
    )
    log = project_dir / ERASURE_LOG
    with log.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(asdict(result), sort_keys=True) + "\n")
    return result


def _person_keys(
    project_dir: Path, database: Path, customer_ids: list[str], email: str | None
) -> list[tuple[str, str, str | None]]:
    arguments = json.dumps(customer_ids) + (", " + json.dumps(email) if email is not None else "")
    query = _compiled(project_dir, database, f"{{{{ crosschannel.person_erasure_keys({arguments}) }}}}")
    with duckdb.connect(str(database), read_only=True) as con:
        return [(str(kind), str(key), customer) for kind, key, customer in con.execute(query).fetchall()]


def _append_to_suppression_list(
    project_dir: Path, erasure_id: str, erased_at: str, keys: list[tuple[str, str, str | None]]
) -> list[tuple[str, str, str | None]]:
    """Append the keys not listed yet; return them."""
    path = project_dir / SUPPRESSION_LIST
    with path.open(newline="", encoding="utf-8") as stream:
        listed = {row["salted_key"] for row in csv.DictReader(stream)}
    added = [key for key in keys if key[1] not in listed]
    with path.open("a", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerows((erasure_id, erased_at, key_type, salted_key) for key_type, salted_key, _ in added)
    return added


def _rewrite_raw_files(project_dir: Path, database: Path, raw_folder: Path) -> dict[str, int]:
    """Rewrite each raw file of the folder without the rows of suppressed persons; rows removed per table."""
    seeded = run_dbt(["seed", "--select", "erasure_suppression_list"], project_dir, database)
    if not seeded.success:
        raise ProjectError(f"cannot load the suppression list: {seeded.error or 'see the dbt log'}")
    files_vars = raw_files_vars(raw_folder)
    queries: Mapping[str, Mapping[str, str]] = json.loads(
        _compiled(project_dir, database, "{{ tojson(crosschannel.erasure_rewrite_queries()) }}", files_vars)
    )
    removed: dict[str, int] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table, query in queries.items():
            delivered = _count(con, query["raw_rows"])
            parquet = raw_folder / f"{table}.parquet"
            target = parquet if parquet.exists() else raw_folder / f"{table}.csv"
            rewritten = target.with_name(target.name + ".erasing")
            options = "format parquet" if target.suffix == ".parquet" else "format csv, header true"
            # One pass over the table: COPY reports the rows it wrote; a table with nobody erased stays as it was.
            kept = _count(con, f"copy ({query['kept_rows']}) to {sql_string(rewritten)} ({options})")
            if kept == delivered:
                rewritten.unlink()
                continue
            if target.suffix == ".csv" and query["encoding"].lower().replace("_", "-") not in ("utf-8", "utf8"):
                _transcode(rewritten, query["encoding"])
            os.replace(rewritten, target)
            removed[table] = delivered - kept
    return removed


def _compiled(project_dir: Path, database: Path, inline: str, dbt_vars: Mapping[str, Any] | None = None) -> str:
    run = run_dbt(["compile", "--inline", inline, "--quiet"], project_dir, database, dbt_vars)
    if not run.success or not run.results:
        raise ProjectError(f"dbt compile failed: {run.error or 'see the dbt log'}")
    return str(run.results[0].node.compiled_code)


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    found = con.execute(query).fetchone()
    return int(found[0]) if found else 0


def _transcode(path: Path, encoding: str) -> None:
    """DuckDB writes UTF-8: give the file back the encoding the project reads it in."""
    transcoded = path.with_name(path.name + ".transcoded")
    with path.open(encoding="utf-8", newline="") as source, transcoded.open("w", encoding=encoding, newline="") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    os.replace(transcoded, path)


def _managed_raw_folder(project_dir: Path) -> Path | None:
    """The bundled seeds when the project reads them; None for a warehouse schema it does not own."""
    declared = project_vars(project_dir)
    raw_source = declared.get("crosschannel__raw_source", "seeds")
    if raw_source == "seeds":
        return project_dir / "seeds"
    if raw_source == "files":
        return project_dir / declared["crosschannel__raw_path"]
    return None
