"""The same models on Apache Spark (dbt-spark, session method, a local pyspark): the raw tables of
the bundled seeds loaded as a warehouse schema, everything a Spark session can build (selector
`spark_session`) built there, and every staged, quality, mart and pii table equal to
the DuckDB build's, row for row."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.runner import run_dbt
from edit_distance_cases import edit_distance_query, expected_answers
from pyspark.sql import SparkSession
from staging_compare import QUALITY_MODELS, STAGED_MODELS, differing_rows_from_parquet

pytestmark = pytest.mark.slow

LANDING_SCHEMA = "landing"
COMPARED_SCHEMAS = ("staging", "marts", "pii")
# When the registry first saw the customer, and when the run that last wrote a row started (fct_web_sessions
# copies its sessions'): the time of the run that built it, different in every build.
RUN_TIME_COLUMNS = ("customer_id_assigned_at", "computed_at")


@dataclass(frozen=True)
class SparkBuild:
    """The tables Spark built, per schema, written out as Parquet under `parquet/<schema>/<table>`, the
    project's manifest of that run and its dbt log."""

    tables: dict[str, tuple[str, ...]]
    parquet: Path
    manifest: dict[str, object]
    log: str


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """A local Spark session; dbt-spark's session method picks it up (getOrCreate)."""
    warehouse = tmp_path_factory.mktemp("spark_warehouse")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("crosschannel-tests")
        .config("spark.sql.catalogImplementation", "in-memory")
        # The identity second pass is a large plan for Spark's analyser (CTEs are inlined at every
        # reference): the JVM's default 1 GB heap ran out planning it.
        .config("spark.driver.memory", "4g")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        # The bundled volume fits one partition: more only adds tasks.
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.ui.enabled", "false")
        # Queries over a few thousand rows: compiling generated code for each plan, the JIT's optimising
        # tier and a parallel collector cost more CPU than they save (the build's JVM used 189 s of CPU
        # with them, 135 s without, in the same wall time), CPU the other pytest process needs.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="module")
def spark_build(spark: SparkSession, project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SparkBuild:
    folder = tmp_path_factory.mktemp("spark_build")
    spark.sql(f"create database if not exists {LANDING_SCHEMA}")
    for table in RAW_TABLES:
        # Every column as text, as the contract delivers it; quoted fields may span lines.
        delivered = spark.read.csv(
            str(project_dir / "seeds" / f"{table}.csv"), header=True, multiLine=True, escape='"'
        )
        delivered.write.mode("overwrite").saveAsTable(f"{LANDING_SCHEMA}.{table}")
    with pytest.MonkeyPatch.context() as environment:
        # Its own target folder: the DuckDB runs' partial parse stays valid.
        environment.setenv("DBT_TARGET_PATH", str(folder / "target"))
        environment.setenv("DBT_LOG_PATH", str(folder / "logs"))
        run = run_dbt(
            # The seeds and models only: the tests below compare every staged, mart and pii table with the
            # DuckDB build, whose data tests pass, so running those tests again on Spark adds minutes and
            # no check of the data (unit tests cannot run here: they type their fixtures from the raw seeds).
            [
                "build", "--write-json", "--selector", "spark_session",
                "--resource-type", "seed", "--resource-type", "model",
            ],
            project_dir,
            folder / "unused.duckdb",
            {"crosschannel__raw_source": "warehouse", "crosschannel__raw_schema": LANDING_SCHEMA},
            target="spark",
        )
    assert run.success, run.error
    tables = {
        schema: tuple(sorted(row.tableName for row in spark.sql(f"show tables in {schema}").collect() if not row.isTemporary))
        for schema in COMPARED_SCHEMAS
    }
    for schema, names in tables.items():
        for name in names:
            spark.table(f"{schema}.{name}").write.parquet(str(folder / "parquet" / schema / name))
    manifest = json.loads((folder / "target" / "manifest.json").read_text(encoding="utf-8"))
    log = (folder / "logs" / "dbt.log").read_text(encoding="utf-8")
    return SparkBuild(tables=tables, parquet=folder / "parquet", manifest=manifest, log=log)


def test_models_incremental_on_duckdb_say_in_the_log_that_spark_rebuilds_them_whole(spark_build: SparkBuild) -> None:
    nodes = spark_build.manifest["nodes"]
    assert isinstance(nodes, dict)
    incremental_by_key = sorted(
        node["name"]
        for node in nodes.values()
        if node["resource_type"] == "model" and "crosschannel.incremental_by_key_config(" in node["raw_code"]
    )
    logged = sorted(set(re.findall(r"crosschannel: (\w+) is rebuilt whole on Spark", spark_build.log)))
    assert len(incremental_by_key) >= 10
    assert logged == incremental_by_key


def test_staging_on_spark_equals_staging_on_duckdb(spark_build: SparkBuild, built_database: Path) -> None:
    models = STAGED_MODELS + QUALITY_MODELS
    differences = differing_rows_from_parquet(spark_build.parquet / "staging", built_database, "staging", models)
    assert differences == dict.fromkeys(models, 0)


def test_every_mart_spark_can_build_equals_the_duckdb_one(spark_build: SparkBuild, built_database: Path) -> None:
    """Every table of marts and pii that follows no dbt Python model is built on Spark and equal to
    DuckDB's, but for the run time the registry stamps on new customers."""
    expected = _models_without_python_upstream(spark_build.manifest)
    for schema in ("marts", "pii"):
        assert set(spark_build.tables[schema]) == expected[schema]
        differences = differing_rows_from_parquet(
            spark_build.parquet / schema, built_database, schema, spark_build.tables[schema], RUN_TIME_COLUMNS
        )
        assert differences == dict.fromkeys(spark_build.tables[schema], 0)


def _models_without_python_upstream(manifest: dict[str, object]) -> dict[str, set[str]]:
    """Per schema, the project's models that no dbt Python model feeds, directly or not."""
    nodes: dict[str, dict[str, object]] = manifest["nodes"]  # type: ignore[assignment]
    children: dict[str, list[str]] = manifest["child_map"]  # type: ignore[assignment]
    downstream = [unique_id for unique_id, node in nodes.items() if node.get("language") == "python"]
    fed_by_python: set[str] = set()
    while downstream:
        unique_id = downstream.pop()
        if unique_id not in fed_by_python:
            fed_by_python.add(unique_id)
            downstream.extend(children.get(unique_id, []))
    found: dict[str, set[str]] = {}
    for unique_id, node in nodes.items():
        if node["resource_type"] == "model" and unique_id not in fed_by_python:
            found.setdefault(str(node["schema"]), set()).add(str(node["alias"]))
    return found


def test_edit_distances_on_spark_give_duckdb_s_answers(spark: SparkSession, project_dir: Path, tmp_path: Path) -> None:
    """Spark has no Damerau distance: its one_edit_apart and within_two_edits must still count a swap of
    neighbours once: the cases test_macros asks DuckDB, with the same answers."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
        run = run_dbt(
            ["show", "--inline", edit_distance_query()],
            project_dir,
            tmp_path / "unused.duckdb",
            {"crosschannel__raw_source": "warehouse", "crosschannel__raw_schema": LANDING_SCHEMA},
            target="spark",
        )
    assert run.success, run.error
    table = run.results[0].agate_table
    assert dict(zip(table.column_names, table.rows[0], strict=True)) == expected_answers()
