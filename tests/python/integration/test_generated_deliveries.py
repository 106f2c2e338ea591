"""A generated folder, in CSV or in Parquet, builds the same staging: the files way reads both alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from crosschannel.generator import generate
from crosschannel.runner import raw_files_vars, run_dbt
from partial_parse import database_in
from staging_compare import QUALITY_MODELS, STAGED_MODELS, differing_rows, row_count

# Builds generated deliveries twice: out of the fast loop.
pytestmark = pytest.mark.slow


def test_csv_and_parquet_deliveries_build_the_same_staging(project_dir: Path, tmp_path: Path) -> None:
    databases = {}
    for file_format in ("csv", "parquet"):
        folder = tmp_path / file_format
        generate(persons=400, seed=11, out_dir=folder, file_format=file_format)
        databases[file_format] = database_in(folder)
        run = run_dbt(
            ["build", "--select", "+path:models/staging", "--exclude", "test_type:unit"],
            project_dir,
            databases[file_format],
            raw_files_vars(folder),
        )
        assert run.success, run.error
    models = STAGED_MODELS + QUALITY_MODELS
    assert all(row_count(databases["csv"], model) > 0 for model in models)
    assert differing_rows(databases["csv"], databases["parquet"], models) == dict.fromkeys(models, 0)
