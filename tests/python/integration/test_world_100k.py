"""A generated world of 100,000 persons (default noise, seed 7), built once for every measure taken
at that size: identity against the truth, retargeting against the truth's intenders. --dist=loadfile
keeps this file's tests on one worker, so the world is generated and built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crosschannel.audience_report import audience_report
from crosschannel.generator import generate
from crosschannel.identity_report import identity_report
from crosschannel.runner import raw_files_vars, run_dbt
from test_activation import RETARGETING_TARGET
from test_identity import IDENTITY_MODELS, PRECISION_TARGET, RECALL_TARGET_100K

pytestmark = pytest.mark.slow  # builds a generated world: out of the fast loop


@pytest.fixture(scope="module")
def world(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(database, truth folder) of the 100k world, built up to the identity marts and the audiences."""
    folder = tmp_path_factory.mktemp("world_100k")
    generate(persons=100_000, seed=7, out_dir=folder / "raw", file_format="parquet")
    database = folder / "world.duckdb"
    models = (IDENTITY_MODELS, "dim_customer_cookies", "+mart_audiences")
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", *models],
        project_dir,
        database,
        raw_files_vars(folder / "raw"),
    )
    assert run.success, run.error
    yield database, folder / "raw" / "truth"


def test_one_hundred_thousand_persons_recover_the_truth(world: tuple[Path, Path]) -> None:
    report = identity_report(*world)
    assert report.precision >= PRECISION_TARGET
    assert report.recall >= RECALL_TARGET_100K
    assert report.largest_customer_records <= 40


def test_retargeting_holds_the_truths_intenders_at_one_hundred_thousand_persons(world: tuple[Path, Path]) -> None:
    report = audience_report(*world, "retargeting")
    assert report.true_intenders > 10_000
    assert report.precision >= RETARGETING_TARGET and report.recall >= RETARGETING_TARGET
