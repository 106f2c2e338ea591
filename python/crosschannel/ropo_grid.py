"""The ROPO estimate checked where the truth is known, in several simulated worlds.

Each world is the generator run with some parameters changed (`generate --set`); the project is
built from its files (only what mart_ropo_estimate and fct_ropo_orders need, no tests) and the
estimate's `all` row is scored against the truth (crosschannel.ropo_report.estimate_report). The
default grid crosses the share of cookies that ever log in with the true share of store orders
researched online: the two things the estimate must follow.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crosschannel.ropo_report import EstimateScore, estimate_report
from crosschannel.worlds import build_world

DEFAULT_LOGIN_SHARES = (0.35, 0.65, 0.85)
DEFAULT_ROPO_SHARES = (0.25, 0.40, 0.55)
SELECTED_MODELS = ("+mart_ropo_estimate", "+fct_ropo_orders")
SHARE_TARGET = 0.03  # points of share the estimate must be within, in every world


@dataclass(frozen=True)
class World:
    """A simulated world: generator parameters that differ from the defaults, as `--set` texts."""

    settings: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return "-".join(f"{name}_{value}" for name, value in self.settings) or "defaults"


@dataclass(frozen=True)
class WorldResult:
    world: World
    score: EstimateScore


def default_worlds(
    login_shares: Sequence[float] = DEFAULT_LOGIN_SHARES,
    ropo_shares: Sequence[float] = DEFAULT_ROPO_SHARES,
    fixed: Sequence[tuple[str, str]] = (),
) -> list[World]:
    """login_cookie_share x ropo_store_order_share, each world also taking the `fixed` settings."""
    return [
        World(settings=(*fixed, ("login_cookie_share", f"{login}"), ("ropo_store_order_share", f"{ropo}")))
        for login, ropo in itertools.product(login_shares, ropo_shares)
    ]


def run_world(project_dir: Path, out_dir: Path, world: World, persons: int, seed: int) -> WorldResult:
    """Generate the world's files (kept and reused when they were made the same way) and score its build."""
    folder, database = build_world(project_dir, out_dir, world.name, world.settings, persons, seed, SELECTED_MODELS)
    return WorldResult(world=world, score=estimate_report(database, folder / "truth"))


def run_grid(
    project_dir: Path,
    out_dir: Path,
    worlds: Sequence[World],
    persons: int,
    seed: int,
    progress: Callable[[WorldResult], None] | None = None,
) -> list[WorldResult]:
    """Every world in turn (see run_world)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for world in worlds:
        result = run_world(project_dir, out_dir, world, persons, seed)
        results.append(result)
        if progress is not None:
            progress(result)
    return results
