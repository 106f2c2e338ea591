"""Every headline estimate checked against the truth by simulation (`crosschannel calibrate`).

K worlds are generated - world k with seed `seed + k` and generator parameters drawn at random
from ranges a real network could have (PARAMETER_RANGES), plus any fixed `--set` - and each is
built (only the campaign and ROPO marts, no tests). Every published estimate is then compared
with what the generator knows:

- per campaign: absolute and relative lift, incremental conversions, revenue (unadjusted, CUPED
  and the headline), margin, iROAS, against the truth's intention-to-treat effects on observed
  outcomes (campaigns.csv, true_itt_*; see crosschannel.generator.truth.MemberOutcomes);
- per roll-up cell of mart_incrementality_summary: incremental conversions, revenue, margin and
  iROAS, against the sums of the truths of the cell's campaigns;
- per world: the ROPO share and multiplier of mart_ropo_estimate (crosschannel.ropo_report).

For each estimate it reports the coverage of the 95% intervals (a missing end is unbounded), the
mean standardised error ((estimate - truth) / standard error), the mean absolute error and the
mean interval width. Nothing here feeds the models: they never read the truth.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import numpy as np
from scipy import stats

from crosschannel.ropo_report import estimate_report
from crosschannel.sql import sql_string
from crosschannel.worlds import build_world

Z_95 = float(stats.norm.ppf(0.975))
SELECTED_MODELS = ("+mart_incrementality_summary", "+mart_ropo_estimate", "+fct_ropo_orders")
# Generator parameters drawn per world, uniformly in these ranges: the estimates must follow them.
PARAMETER_RANGES: dict[str, tuple[float, float]] = {
    "max_relative_lift": (0.3, 1.2),
    "null_effect_campaign_share": (0.1, 0.4),
    "control_touched_share": (0.0, 0.08),
    "contaminated_member_share": (0.0, 0.05),
    "login_cookie_share": (0.35, 0.85),
    "browser_share": (0.55, 0.9),
    "margin_missing_share": (0.0, 0.25),
}


@dataclass(frozen=True)
class World:
    """One simulated world: its seed and the generator parameters set for it."""

    seed: int
    settings: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return f"world-{self.seed}"


@dataclass(frozen=True)
class Comparison:
    """One published estimate against its truth."""

    world: str
    level: str  # campaign, rollup or ropo
    cell: str  # campaign id, roll-up cell, or all
    estimate_name: str
    estimate: float | None
    low: float | None  # None: unbounded below
    high: float | None  # None: unbounded above
    std_error: float | None
    truth: float

    @property
    def covers(self) -> bool:
        return (self.low is None or self.low <= self.truth) and (self.high is None or self.truth <= self.high)

    @property
    def standardised_error(self) -> float | None:
        if self.estimate is None or not self.std_error:
            return None
        return (self.estimate - self.truth) / self.std_error


@dataclass(frozen=True)
class Calibration:
    """Coverage and errors of one kind of estimate over every world."""

    level: str
    estimate_name: str
    estimates: int
    coverage: float
    mean_standardised_error: float | None
    mean_absolute_error: float | None
    mean_interval_width: float | None
    unbounded_intervals: int


def draw_worlds(count: int, seed: int, fixed: Sequence[tuple[str, str]] = ()) -> list[World]:
    """`count` worlds, each with its seed and parameters drawn in PARAMETER_RANGES (`fixed` wins)."""
    rng = np.random.default_rng(seed)
    fixed_names = {name for name, _ in fixed}
    worlds = []
    for index in range(count):
        drawn = {
            name: f"{rng.uniform(low, high):.3f}"
            for name, (low, high) in PARAMETER_RANGES.items()
            if name not in fixed_names
        }
        worlds.append(World(seed=seed + index, settings=(*sorted(drawn.items()), *fixed)))
    return worlds


def run_world(project_dir: Path, out_dir: Path, world: World, persons: int) -> list[Comparison]:
    """Generate the world's files (reused when made the same way), build it and compare its estimates."""
    folder, database = build_world(
        project_dir, out_dir, world.name, world.settings, persons, world.seed, SELECTED_MODELS
    )
    truth = folder / "truth"
    return [
        *campaign_comparisons(database, truth, world.name),
        *rollup_comparisons(database, truth, world.name),
        *ropo_comparisons(database, truth, world.name),
    ]


# Per-campaign estimates: (name, estimate, low, high, standard error, truth), SQL over the mart
# (m) joined to the truth (t, numbers cast to double). A log-scale estimate gives its standard
# error on the log scale and compares log(1 + x).
_CAMPAIGN_ESTIMATES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("absolute_lift", "m.absolute_lift", "m.absolute_lift_ci_low", "m.absolute_lift_ci_high",
     "m.absolute_lift_std_error", "t.true_itt_absolute_lift"),
    ("relative_lift", "m.relative_lift", "m.relative_lift_ci_low", "m.relative_lift_ci_high",
     "null", "t.true_itt_relative_lift"),
    ("incremental_conversions", "m.incremental_conversions", "m.incremental_conversions_ci_low",
     "m.incremental_conversions_ci_high", "m.incremental_conversions_std_error",
     "t.true_itt_absolute_lift * m.treatment_members"),
    ("incremental_revenue_eur", "m.incremental_revenue_eur", "m.incremental_revenue_eur_ci_low",
     "m.incremental_revenue_eur_ci_high", "m.incremental_revenue_eur_std_error",
     "t.true_itt_revenue_lift_per_member * m.treatment_members"),
    ("cuped_incremental_revenue_eur", "m.cuped_incremental_revenue_eur", "m.cuped_incremental_revenue_eur_ci_low",
     "m.cuped_incremental_revenue_eur_ci_high",
     f"(m.cuped_incremental_revenue_eur_ci_high - m.cuped_incremental_revenue_eur_ci_low) / {2 * Z_95}",
     "t.true_itt_revenue_lift_per_member * m.treatment_members"),
    ("headline_incremental_revenue_eur", "m.headline_incremental_revenue_eur",
     "m.headline_incremental_revenue_eur_ci_low", "m.headline_incremental_revenue_eur_ci_high",
     "m.headline_incremental_revenue_eur_std_error", "t.true_itt_revenue_lift_per_member * m.treatment_members"),
    ("incremental_margin_eur", "m.incremental_margin_eur", "m.incremental_margin_eur_ci_low",
     "m.incremental_margin_eur_ci_high", "m.incremental_margin_eur_std_error",
     "t.true_itt_margin_lift_per_member * m.treatment_members"),
    ("iroas", "m.iroas", "m.iroas_ci_low", "m.iroas_ci_high",
     "m.headline_incremental_revenue_eur_std_error / nullif(m.cost_eur, 0)",
     "t.true_itt_revenue_lift_per_member * m.treatment_members / nullif(m.cost_eur, 0)"),
)
_TRUTH_COLUMNS = (
    "true_itt_absolute_lift", "true_itt_relative_lift", "true_itt_revenue_lift_per_member",
    "true_itt_margin_lift_per_member",
)


def _truth_view(con: duckdb.DuckDBPyConnection, truth_dir: Path) -> None:
    casts = ", ".join(f"cast({name} as double) as {name}" for name in _TRUTH_COLUMNS)
    # A view cannot take a prepared parameter: the path goes in as a quoted literal.
    con.execute(
        f"create temp view truth_campaigns as select campaign_id, {casts} "
        f"from read_csv({sql_string(truth_dir / 'campaigns.csv')}, all_varchar = true)"
    )


def campaign_comparisons(database: Path, truth_dir: Path, world: str) -> list[Comparison]:
    """Every estimate of every campaign without a sample ratio mismatch against its truth."""
    comparisons = []
    with duckdb.connect(str(database), read_only=True) as con:
        _truth_view(con, truth_dir)
        for name, estimate, low, high, std_error, truth in _CAMPAIGN_ESTIMATES:
            rows = con.execute(
                f"""
                select m.campaign_id, {estimate}, {low}, {high}, {std_error}, {truth}
                from marts.mart_campaign_incrementality as m
                inner join truth_campaigns as t on m.campaign_id = t.campaign_id
                where not m.has_sample_ratio_mismatch and m.treatment_members > 0 and m.control_members > 0
                order by m.campaign_id
                """
            ).fetchall()
            for campaign_id, *values in rows:
                _add(comparisons, _comparison(world, "campaign", campaign_id, name, *values))
    return [_on_log_scale(c) if c.estimate_name == "relative_lift" else c for c in comparisons]


def _on_log_scale(comparison: Comparison) -> Comparison:
    """A relative lift compared as log(1 + x), its standard error from its interval's finite ends."""

    def log1p(value: float | None) -> float | None:
        return None if value is None else math.log1p(max(value, -1 + 1e-12))

    low, high = log1p(comparison.low), log1p(comparison.high)
    std_error = None if low is None or high is None else (high - low) / (2 * Z_95)
    return Comparison(
        comparison.world, comparison.level, comparison.cell, comparison.estimate_name,
        log1p(comparison.estimate), low, high, std_error, log1p(comparison.truth) or 0.0,
    )


def rollup_comparisons(database: Path, truth_dir: Path, world: str) -> list[Comparison]:
    """Every cell of mart_incrementality_summary with campaigns against the sums of their truths."""
    comparisons = []
    with duckdb.connect(str(database), read_only=True) as con:
        _truth_view(con, truth_dir)
        rows = con.execute(
            """
            -- The mart's start month is in the reporting time zone (Europe/Paris by default);
            -- simulated campaigns start between 08:00 and 11:00 there, far from a month's edge.
            with campaign_truth as (
                select
                    m.campaign_id,
                    cast(date_trunc('month', cast(timezone('Europe/Paris', timezone('UTC', m.start_at)) as date))
                        as date) as start_month,
                    m.channel,
                    m.objective,
                    t.true_itt_absolute_lift * m.treatment_members as conversions,
                    t.true_itt_revenue_lift_per_member * m.treatment_members as revenue,
                    t.true_itt_margin_lift_per_member * m.treatment_members as margin
                from marts.mart_campaign_incrementality as m
                inner join truth_campaigns as t on m.campaign_id = t.campaign_id
                where not m.has_sample_ratio_mismatch
            ),
            cells as (
                select
                    s.*,
                    (
                        select sum(c.conversions) from campaign_truth as c
                        where (s.summary_level != 'month' or c.start_month = s.period_start)
                        and (s.channel = 'all' or c.channel = s.channel)
                        and (s.objective = 'all' or c.objective = s.objective)
                    ) as true_conversions,
                    (
                        select sum(c.revenue) from campaign_truth as c
                        where (s.summary_level != 'month' or c.start_month = s.period_start)
                        and (s.channel = 'all' or c.channel = s.channel)
                        and (s.objective = 'all' or c.objective = s.objective)
                    ) as true_revenue,
                    (
                        select sum(c.margin) from campaign_truth as c
                        where (s.summary_level != 'month' or c.start_month = s.period_start)
                        and (s.channel = 'all' or c.channel = s.channel)
                        and (s.objective = 'all' or c.objective = s.objective)
                    ) as true_margin
                from marts.mart_incrementality_summary as s
                where s.campaigns > 0
            )
            select
                summary_level || ':' || cast(period_start as varchar) || ':' || channel || ':' || objective,
                incremental_conversions, incremental_conversions_ci_low, incremental_conversions_ci_high,
                true_conversions,
                incremental_revenue_eur, incremental_revenue_eur_ci_low, incremental_revenue_eur_ci_high,
                true_revenue,
                incremental_margin_eur, incremental_margin_eur_ci_low, incremental_margin_eur_ci_high,
                true_margin,
                iroas, iroas_ci_low, iroas_ci_high, true_revenue / nullif(cost_eur, 0)
            from cells
            order by 1
            """
        ).fetchall()
    names = ("incremental_conversions", "incremental_revenue_eur", "incremental_margin_eur", "iroas")
    for cell, *values in rows:
        for index, name in enumerate(names):
            estimate, low, high, truth = values[4 * index : 4 * index + 4]
            std_error = None if low is None or high is None else (float(high) - float(low)) / (2 * Z_95)
            _add(comparisons, _comparison(world, "rollup", cell, name, estimate, low, high, std_error, truth))
    return comparisons


def ropo_comparisons(database: Path, truth_dir: Path, world: str) -> list[Comparison]:
    """The network ROPO share and multiplier against the truth (crosschannel.ropo_report)."""
    try:
        score = estimate_report(database, truth_dir)
    except ValueError:
        return []
    comparisons: list[Comparison] = []
    _add(
        comparisons,
        _comparison(
            world, "ropo", "all", "estimated_ropo_share", score.estimated_share, score.share_low,
            score.share_high, (score.share_high - score.share_low) / (2 * Z_95), score.true_share,
        ),
    )
    if score.true_multiplier:
        log_low = None if not score.multiplier_low else math.log(score.multiplier_low)
        log_high = None if not score.multiplier_high else math.log(score.multiplier_high)
        _add(
            comparisons,
            _comparison(
                world, "ropo", "all", "estimated_ropo_multiplier (log)",
                None if not score.estimated_multiplier else math.log(score.estimated_multiplier),
                log_low, log_high,
                None if log_low is None or log_high is None else (log_high - log_low) / (2 * Z_95),
                math.log(score.true_multiplier),
            ),
        )
    return comparisons


def _comparison(
    world: str, level: str, cell: str, name: str, estimate: object, low: object, high: object,
    std_error: object, truth: object,
) -> Comparison | None:
    """The comparison, or None when the truth is not defined (nothing to score the estimate against)."""
    if truth is None:
        return None

    def number(value: object) -> float | None:
        return None if value is None else float(value)  # type: ignore[arg-type]

    return Comparison(
        world, level, str(cell), name, number(estimate), number(low), number(high), number(std_error),
        float(truth),  # type: ignore[arg-type]
    )


def _add(comparisons: list[Comparison], comparison: Comparison | None) -> None:
    if comparison is not None:
        comparisons.append(comparison)


def summarise(comparisons: Sequence[Comparison]) -> list[Calibration]:
    """Coverage, mean standardised error, mean absolute error and width per level and estimate."""
    keys = sorted({(c.level, c.estimate_name) for c in comparisons}, key=lambda key: (key[0] != "campaign", key))
    summaries = []
    for level, name in keys:
        group = [c for c in comparisons if c.level == level and c.estimate_name == name]
        standardised = [c.standardised_error for c in group if c.standardised_error is not None]
        errors = [abs(c.estimate - c.truth) for c in group if c.estimate is not None]
        widths = [c.high - c.low for c in group if c.low is not None and c.high is not None]
        summaries.append(
            Calibration(
                level=level,
                estimate_name=name,
                estimates=len(group),
                coverage=sum(c.covers for c in group) / len(group),
                mean_standardised_error=_mean(standardised),
                mean_absolute_error=_mean(errors),
                mean_interval_width=_mean(widths),
                unbounded_intervals=sum(c.low is None or c.high is None for c in group),
            )
        )
    return summaries


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def run_calibration(
    project_dir: Path,
    out_dir: Path,
    worlds: Sequence[World],
    persons: int,
    progress: Callable[[World, list[Comparison]], None] | None = None,
) -> list[Comparison]:
    """Every world in turn (see run_world)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    comparisons: list[Comparison] = []
    for world in worlds:
        found = run_world(project_dir, out_dir, world, persons)
        comparisons.extend(found)
        if progress is not None:
            progress(world, found)
    return comparisons


def report_json(worlds: Sequence[World], persons: int, comparisons: Sequence[Comparison]) -> dict[str, object]:
    """The calibration as JSON: worlds, summaries and every comparison."""
    return {
        "persons": persons,
        "worlds": [{"name": w.name, "seed": w.seed, "settings": dict(w.settings)} for w in worlds],
        "summary": [asdict(summary) for summary in summarise(comparisons)],
        "comparisons": [
            {**asdict(c), "covers": c.covers, "standardised_error": c.standardised_error} for c in comparisons
        ],
    }
