"""dbt's partial parsing across the suite's many database files and raw folders.

dbt parses the whole project again (6 s of CPU) whenever a --vars value or a connection detail changes,
the DuckDB file's path included, and nearly every test builds into a file of its own, often from a folder
of its own. Neither the database's path nor the raw folder and its encoding shape the parse: they reach
SQL text only, which test_project_metadata proves by comparing two full parses. So they are left out of dbt's
check and the run parses once, then partially. The database's name (the file's stem), every other var
and every other connection detail still count: the run keeps one saved parse for each of their
combinations and each project folder, in one folder that the pytest processes share."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pprint
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from crosschannel.runner import DEFAULT_DATABASE_NAME

T = TypeVar("T")

# Vars that reach SQL text only, never a config, a ref or a source: where the raw files are and how
# they are written.
RUN_TIME_ONLY_VARS = ("crosschannel__raw_path", "crosschannel__raw_encoding", "crosschannel__raw_delimiter")


def database_in(folder: Path) -> Path:
    """The DuckDB file a test builds in `folder`. Every test's file has the same name in a folder of its own:
    dbt takes the database's name from the file's stem, and a new name would parse the project again."""
    return folder / DEFAULT_DATABASE_NAME


@contextlib.contextmanager
def parses_shared_across_file_locations(saved_parses: Path) -> Iterator[None]:
    """While open, dbt (in this process) reuses a parse saved in `saved_parses` by this process or another,
    made with another database path or raw folder."""
    import dbt.parser.manifest as manifest_module
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

    def in_a_file_per_state(method: Callable[[ManifestLoader], T], writes: bool) -> Callable[[ManifestLoader], T]:
        """The method reading or writing the saved parse, on a file of its own for each project folder and
        state (vars, connection, env vars): a run switching between seeds and files keeps both parses."""

        def on_the_state_s_file(loader: ManifestLoader) -> T:
            state = loader.manifest.state_check
            hashes = (state.vars_hash, state.profile_hash, state.project_env_vars_hash)
            parts = (loader.root_project.project_root, *(hash_.checksum for hash_ in hashes))
            saved = saved_parses / f"partial_parse.{FileHash.from_contents('|'.join(parts)).checksum[:16]}.msgpack"
            # Another process may be reading the saved parse: it is written beside it, then renamed over it.
            path = saved.with_name(f"{saved.name}.{os.getpid()}") if writes else saved
            with pytest.MonkeyPatch.context() as named:
                # An absolute name: dbt joins it to the target folder, which then drops out.
                named.setattr(manifest_module, "PARTIAL_PARSE_FILE_NAME", str(path))
                result = method(loader)
            if writes:
                path.replace(saved)
            return result

        return on_the_state_s_file

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(ManifestLoader, "build_manifest_state_check", state_check_without_file_locations)
        for method, writes in (("read_manifest_for_partial_parse", False), ("write_manifest_for_partial_parse", True)):
            patched.setattr(ManifestLoader, method, in_a_file_per_state(getattr(ManifestLoader, method), writes))
        yield
