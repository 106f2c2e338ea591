"""The same models on Apache Spark (dbt-spark, session method, a local pyspark): the raw tables of
the bundled seeds loaded as a warehouse schema, the staging layer built on Spark, and every staged
and quality table equal, row for row, to the DuckDB build's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.runner import run_dbt
from pyspark.sql import SparkSession
from staging_compare import QUALITY_MODELS, STAGED_MODELS, differing_rows_from_parquet

LANDING_SCHEMA = "landing"


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """A local Spark session; dbt-spark's session method picks it up (getOrCreate)."""
    warehouse = tmp_path_factory.mktemp("spark_warehouse")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("crosschannel-tests")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        # The bundled volume fits one partition: more only adds tasks.
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()


def test_staging_on_spark_equals_staging_on_duckdb(
    spark: SparkSession, built_database: Path, project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its own target folder: the DuckDB runs' partial parse stays valid.
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    spark.sql(f"create database if not exists {LANDING_SCHEMA}")
    for table in RAW_TABLES:
        # Every column as text, as the contract delivers it; quoted fields may span lines.
        delivered = spark.read.csv(
            str(project_dir / "seeds" / f"{table}.csv"), header=True, multiLine=True, escape='"'
        )
        delivered.write.mode("overwrite").saveAsTable(f"{LANDING_SCHEMA}.{table}")
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", "+staging"],
        project_dir,
        tmp_path / "unused.duckdb",
        {"crosschannel__raw_source": "warehouse", "crosschannel__raw_schema": LANDING_SCHEMA},
        target="spark",
    )
    assert run.success, run.error
    models = STAGED_MODELS + QUALITY_MODELS
    for model in models:
        spark.table(f"staging.{model}").write.parquet(str(tmp_path / "spark" / model))
    differences = differing_rows_from_parquet(tmp_path / "spark", built_database, models)
    assert differences == dict.fromkeys(models, 0)
