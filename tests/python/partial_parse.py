"""dbt's partial parsing across the suite's many database files and raw folders.

dbt parses the whole project again (6 s of CPU) whenever a --vars value or a connection detail changes,
the DuckDB file's path included, and nearly every test builds into a file of its own, often from a folder
of its own. Neither the database's path nor the raw folder shapes the parse: no model reads them outside
`execute`, which test_project_metadata proves by comparing two full parses. So they are left out of dbt's
check and a process parses once, then partially. The database's name (the file's stem), every other var
and every other connection detail still count."""

from __future__ import annotations

import contextlib
import dataclasses
import pprint
from collections.abc import Iterator

import pytest

# Vars that reach SQL only at run time, never a config, a ref or a source.
RUN_TIME_ONLY_VARS = ("crosschannel__raw_path",)


@contextlib.contextmanager
def parses_shared_across_file_locations() -> Iterator[None]:
    """While open, dbt (in this process) reuses a parse made with another database path or raw folder."""
    from dbt.contracts.files import FileHash
    from dbt.parser.manifest import ManifestLoader

    full_state_check = ManifestLoader.build_manifest_state_check

    def state_check_without_file_locations(loader: ManifestLoader) -> object:
        config = loader.root_project
        cli_vars = config.cli_vars
        config.cli_vars = {name: "" if name in RUN_TIME_ONLY_VARS else value for name, value in cli_vars.items()}
        try:
            state_check = full_state_check(loader)
        finally:
            config.cli_vars = cli_vars
        connection = sorted((key, value) for key, value in config.credentials.connection_info() if key != "path")
        return dataclasses.replace(state_check, profile_hash=FileHash.from_contents(pprint.pformat(connection)))

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(ManifestLoader, "build_manifest_state_check", state_check_without_file_locations)
        yield
