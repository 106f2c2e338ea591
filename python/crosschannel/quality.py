"""Great Expectations checkpoints over the built warehouse (`crosschannel check`, `publish`), with Data Docs.

dbt tests check one build against its rules. These checks look at what they cannot see:
- a comparison with the last published build (`crosschannel.gate`): volumes per table and per
  day, shares that should move slowly, the average order value and new NULLs in key columns, each
  within its tolerance var; a first build, with nothing published yet, passes with a note;
- rules no dbt test states: value ranges, freshness across feeds, plausibility of the marts.
No expectation repeats a dbt test of the same column and rule (a test reads both and checks it).

The suites are code, reviewed like the models: one `TableCheck` per table or per aggregate query,
each a query (read-only, in DuckDB) and the expectations its result must meet. A check runs one
checkpoint per `TableCheck` in a file-backed GX context (suites are rewritten from this code on
every run), then rebuilds the Data Docs site, a static HTML site showing the last results: the
comparison's page lists every figure with the range the published build allowed it, and opens
offline (`crosschannel.data_docs`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from crosschannel.data_docs import make_offline
from crosschannel.gate import Comparison, GateSettings, compare, measure

if TYPE_CHECKING:
    from great_expectations.core.run_identifier import RunIdentifier

STAGING_SUITE = "staging"
MARTS_SUITE = "marts"
COMPARISON_SUITE = "comparison"
COMPARISON_CHECK = "with_published"


@dataclass(frozen=True)
class TableCheck:
    name: str
    layer: str  # staging or marts
    query: str
    expectations: Callable[[], list[object]]  # built lazily: importing GX is slow


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    layer: str
    rows: int
    evaluated: int
    failed: list[str]

    @property
    def success(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class CheckReport:
    outcomes: list[CheckOutcome]
    data_docs_index: Path
    comparisons: list[Comparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)


def _staging_orders() -> list[object]:
    import great_expectations.expectations as gxe

    # Staging types these columns; their ranges are no dbt test's.
    return [
        gxe.ExpectColumnValuesToBeBetween(column="revenue", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="quantity", min_value=1),
    ]


def _freshness() -> list[object]:
    import great_expectations.expectations as gxe

    # Feeds delivered together: the last web event, lead and order lie within two days of each other.
    return [
        gxe.ExpectColumnValuesToBeBetween(column="hours_from_last_order_to_last_event", min_value=-48, max_value=48),
        gxe.ExpectColumnValuesToBeBetween(column="hours_from_last_order_to_last_lead", min_value=-48, max_value=48),
    ]


def _customers() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToMatchRegex(column="customer_id", regex=r"^CU[0-9A-F]{16}$"),
        gxe.ExpectColumnValuesToBeBetween(column="birth_year", min_value=1900, max_value=2025),
    ]


def _ropo_share() -> list[object]:
    import great_expectations.expectations as gxe

    # A share out of this range means the identity graph or the research window broke.
    return [
        gxe.ExpectColumnValuesToBeBetween(column="ropo_share", min_value=0.05, max_value=0.8),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="orders", column_B="ropo_orders", or_equal=True),
    ]


def _incrementality() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeBetween(column="treatment_conversion_rate", min_value=0, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="control_conversion_rate", min_value=0, max_value=1),
        # Campaigns move conversion by points, not tens of points.
        gxe.ExpectColumnValuesToBeBetween(column="absolute_lift", min_value=-0.2, max_value=0.2),
        gxe.ExpectColumnValuesToBeInSet(column="has_sample_ratio_mismatch", value_set=[False], mostly=0.8),
    ]


def _cohorts() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeBetween(column="retention_rate", min_value=0, max_value=1),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="unbounded_retention_rate", column_B="retention_rate", or_equal=True
        ),
    ]


def _funnel() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeInSet(column="subject_type", value_set=["customer", "cookie", "audience_key"]),
    ]


CHECKS: tuple[TableCheck, ...] = (
    TableCheck("stg_sales__orders", STAGING_SUITE, "select * from staging.stg_sales__orders", _staging_orders),
    TableCheck(
        "freshness",
        STAGING_SUITE,
        """
        select
            date_diff('hour', orders.last_at, events.last_at) as hours_from_last_order_to_last_event,
            date_diff('hour', orders.last_at, leads.last_at) as hours_from_last_order_to_last_lead
        from (select max(ordered_at) as last_at from staging.stg_sales__orders) as orders
        cross join (select max(event_at) as last_at from staging.stg_web__events) as events
        cross join (select max(created_at) as last_at from staging.stg_sales__leads) as leads
        """,
        _freshness,
    ),
    TableCheck("dim_customers", MARTS_SUITE, "select * from marts.dim_customers", _customers),
    TableCheck(
        "ropo_share",
        MARTS_SUITE,
        """
        select sum(orders) as orders, sum(ropo_orders) as ropo_orders,
            sum(ropo_orders) / nullif(sum(orders), 0) as ropo_share
        from marts.mart_ropo_monthly
        """,
        _ropo_share,
    ),
    TableCheck(
        "mart_campaign_incrementality",
        MARTS_SUITE,
        "select * from marts.mart_campaign_incrementality",
        _incrementality,
    ),
    TableCheck("mart_cohort_retention", MARTS_SUITE, "select * from marts.mart_cohort_retention", _cohorts),
    TableCheck("fct_funnel_stages", MARTS_SUITE, "select * from marts.fct_funnel_stages", _funnel),
)


def run_checks(
    database_path: Path,
    context_dir: Path,
    checks: tuple[TableCheck, ...] = CHECKS,
    published: Path | None = None,
    settings: GateSettings | None = None,
) -> CheckReport:
    """Run every check against a built database (read-only), compare it with the published database
    when there is one, and rebuild the Data Docs in context_dir."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    import great_expectations as gx

    context_dir.mkdir(parents=True, exist_ok=True)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(context_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("warehouse")
    outcomes: list[CheckOutcome] = []
    from great_expectations.core.run_identifier import RunIdentifier

    # One run name for every page of this check: what was checked, and when.
    run = RunIdentifier(run_name=f"check-{database_path.stem}", run_time=datetime.now(UTC))
    with duckdb.connect(str(database_path), read_only=True) as con:
        for check in checks:
            frame = con.execute(check.query).df()
            outcomes.append(_validate(context, source, check.name, check.layer, frame, check.expectations(), run))
    comparisons: list[Comparison] = []
    notes: list[str] = []
    if published is None or not published.is_file():
        notes.append("nothing published yet: the comparison with the last published build is skipped")
    else:
        comparisons = compare(measure(database_path), measure(published), settings or GateSettings())
        outcome = _validate(
            context, source, COMPARISON_CHECK, COMPARISON_SUITE, *_comparison_suite(comparisons), run
        )
        failed = [comparison.message for comparison in comparisons if not comparison.passed]
        outcomes.append(CheckOutcome(outcome.name, outcome.layer, outcome.rows, outcome.evaluated, failed))
    site = context_dir / "gx" / "uncommitted" / "data_docs" / "local_site"
    make_offline(site)
    index = site / "index.html"
    return CheckReport(outcomes=outcomes, data_docs_index=index, comparisons=comparisons, notes=notes)


def _comparison_suite(comparisons: list[Comparison]) -> tuple[pd.DataFrame, list[object]]:
    """The new build's figures as one row, each expected within the range the published build allows;
    the expectation's notes say what it was compared with, so the Data Docs page shows the comparison."""
    import great_expectations.expectations as gxe

    frame = pd.DataFrame([{comparison.figure: comparison.current for comparison in comparisons}])
    expectations: list[object] = [
        gxe.ExpectColumnValuesToBeBetween(
            column=comparison.figure,
            min_value=comparison.low,
            max_value=comparison.high,
            notes=f"{comparison.check}: {comparison.message}",
            meta={"published": comparison.published},
        )
        for comparison in comparisons
    ]
    return frame, expectations


def _validate(
    context: Any,
    source: Any,
    name: str,
    layer: str,
    frame: pd.DataFrame,
    expectations: list[object],
    run: RunIdentifier,
) -> CheckOutcome:
    """One checkpoint: the frame validated against the expectations, the result added to the Data Docs."""
    import great_expectations as gx

    asset = next((asset for asset in source.assets if asset.name == name), None) or source.add_dataframe_asset(name)
    batch = next((batch for batch in asset.batch_definitions if batch.name == "whole"), None) or (
        asset.add_batch_definition_whole_dataframe("whole")
    )
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=f"{layer}.{name}", expectations=expectations))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=f"{layer}.{name}", data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{layer}.{name}",
            validation_definitions=[validation],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run)
    failed: list[str] = []
    evaluated = 0
    for run_result in result.run_results.values():
        for expectation_result in run_result.results:
            evaluated += 1
            if not expectation_result.success:
                config = expectation_result.expectation_config
                column = config.kwargs.get("column") or config.kwargs.get("column_A") or ""
                failed.append(f"{config.type}({column})")
    return CheckOutcome(name, layer, len(frame), evaluated, failed)
