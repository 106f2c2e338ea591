"""Connected components of the identity graph: the project's SQL macro against Splink's, same edges.

Both run on the nodes and edges of a built database: the macro by rebuilding
int_identity__clusters with dbt, Splink (optional: `pip install -e '.[bench]'`) with
`cluster_pairwise_predictions_at_threshold` on DuckDB. Both partitions are compared.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from crosschannel.runner import run_dbt


@dataclass(frozen=True)
class ClusterBenchmark:
    nodes: int
    edges: int
    sql_seconds: float
    sql_clusters: int
    splink_seconds: float
    splink_clusters: int
    same_partition: bool


def compare_clustering(project_dir: Path, database_path: Path) -> ClusterBenchmark:
    """Time int_identity__clusters (dbt) and Splink's clustering on the same nodes and edges."""
    from splink import DuckDBAPI
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    run = run_dbt(["run", "--select", "int_identity__clusters"], project_dir, database_path)
    if not run.success:
        raise RuntimeError(f"int_identity__clusters failed: {run.error}")
    sql_seconds = sum(float(getattr(result, "execution_time", 0.0)) for result in run.results)

    with duckdb.connect(str(database_path)) as con:
        nodes = con.sql("select node_id from intermediate.int_identity__nodes").arrow().read_all()
        edges = con.sql("select node_id_a, node_id_b from intermediate.int_identity__edges").arrow().read_all()
        work = duckdb.connect()
        started = time.perf_counter()
        clusters = cluster_pairwise_predictions_at_threshold(
            nodes, edges, DuckDBAPI(work), "node_id", "node_id_a", "node_id_b"
        )
        splink_table = clusters.as_duckdbpyrelation().arrow().read_all()
        splink_seconds = time.perf_counter() - started
        con.register("splink_clusters", splink_table)
        sql_clusters, splink_clusters, disagreeing = con.sql(
            """
            with sql_side as (select node_id, component_id from intermediate.int_identity__clusters),
            paired as (
                select sql_side.component_id, splink_clusters.cluster_id
                from sql_side inner join splink_clusters on sql_side.node_id = splink_clusters.node_id
            )
            select
                (select count(distinct component_id) from sql_side),
                (select count(distinct cluster_id) from splink_clusters),
                (select count(*) from (
                    select component_id from paired group by component_id
                    having count(distinct cluster_id) > 1
                ))
            """
        ).fetchall()[0]
        node_count = len(nodes)
        edge_count = len(edges)
    return ClusterBenchmark(
        nodes=node_count,
        edges=edge_count,
        sql_seconds=sql_seconds,
        sql_clusters=int(sql_clusters),
        splink_seconds=splink_seconds,
        splink_clusters=int(splink_clusters),
        same_partition=sql_clusters == splink_clusters and disagreeing == 0,
    )
