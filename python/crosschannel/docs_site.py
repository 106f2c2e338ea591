"""`crosschannel docs`: the dbt docs site as one static HTML file (manifest and catalog inlined)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from crosschannel.runner import ProjectError, run_dbt

STATIC_PAGE = "static_index.html"


def build_docs_site(project_dir: Path, database_path: Path, output_dir: Path) -> Path:
    """Generate the docs of the built database and write them to output_dir/index.html."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}: run `crosschannel build` first")
    output_dir.mkdir(parents=True, exist_ok=True)
    page = output_dir / "index.html"
    with tempfile.TemporaryDirectory(prefix="crosschannel-docs-") as target_dir:
        run = run_dbt(["docs", "generate", "--static", "--target-path", target_dir], project_dir, database_path)
        if not run.success:
            raise ProjectError(f"dbt docs generate failed: {run.error or 'see the dbt log'}")
        shutil.copyfile(Path(target_dir) / STATIC_PAGE, page)
    return page
