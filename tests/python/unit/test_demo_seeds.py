"""The bundled seeds are exactly what the documented generator command writes."""

from __future__ import annotations

import filecmp
from pathlib import Path

from crosschannel.generator import generate

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"


def test_seeds_are_the_output_of_generate_2000_persons_seed_42(tmp_path: Path) -> None:
    generate(persons=2000, seed=42, out_dir=tmp_path, file_format="csv")
    for folder in (Path("."), Path("truth")):
        written = sorted(path.name for path in (tmp_path / folder).iterdir() if path.is_file())
        comparison = filecmp.cmpfiles(tmp_path / folder, SEEDS_DIR / folder, written, shallow=False)
        # When this fails, regenerate: crosschannel generate --persons 2000 --seed 42 --out seeds
        assert comparison[1:] == ([], []), comparison


def test_reference_seeds_hold_no_apostrophe() -> None:
    """dbt-spark loads a seed as SQL literals without escaping quotes: a definition written "the
    customer's home store" fails `dbt seed` on Spark (PARSE_SYNTAX_ERROR), whatever DuckDB says."""
    for path in sorted((SEEDS_DIR / "reference").glob("*.csv")):
        assert "'" not in path.read_text(encoding="utf-8"), path.name
