"""Simulated worlds generated and built on demand (`ropo-grid`, `calibrate`).

A world is the generator run with some parameters set (`generate --set`) and a seed; its files are
kept in a folder and reused when they were made the same way (same persons, seed and parameters,
as truth/metadata.json records them), and the project is built from them into a database beside
the folder - only the models asked for, without tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from crosschannel.generator import generate
from crosschannel.generator.config import changed_parameters, with_overrides
from crosschannel.runner import WITHOUT_UNIT_TESTS, raw_files_vars, run_dbt


def build_world(
    project_dir: Path,
    out_dir: Path,
    name: str,
    settings: Sequence[tuple[str, str]],
    persons: int,
    seed: int,
    models: Sequence[str],
) -> tuple[Path, Path]:
    """The world's raw folder (its truth in truth/) and the database built from it.

    Raises RuntimeError naming the failing models when the build fails.
    """
    folder = out_dir / name
    parameters = with_overrides(dict(settings))
    metadata = folder / "truth" / "metadata.json"
    # As metadata.json records them (tuples become lists).
    changed = json.loads(json.dumps(changed_parameters(parameters)))
    wanted = {"persons": persons, "seed": seed, "parameters_set": changed}
    if not metadata.is_file() or _made_with(metadata) != wanted:
        generate(persons=persons, seed=seed, out_dir=folder, file_format="parquet", parameters=parameters)
    database = out_dir / f"{name}.duckdb"
    run = run_dbt(
        [
            "build",
            "--quiet",
            "--select", *models,
            "--resource-type", "model",
            "--resource-type", "seed",
            *WITHOUT_UNIT_TESTS,
        ],
        project_dir,
        database,
        raw_files_vars(folder.resolve()),
    )
    if not run.success:
        failed = [
            f"{result.node.name}: {result.message}"
            for result in run.results
            if str(getattr(result, "status", "")) in ("error", "fail")
        ]
        raise RuntimeError(f"the build of world {name} failed: {'; '.join(failed) or run.error}")
    return folder, database


def _made_with(metadata: Path) -> dict[str, object]:
    recorded = json.loads(metadata.read_text(encoding="utf-8"))
    return {key: recorded.get(key) for key in ("persons", "seed", "parameters_set")}
