"""Great Expectations checkpoints over the built warehouse (`crosschannel check`), with Data Docs.

The suites are code, reviewed like the models: one `TableCheck` per table or per aggregate query,
each a query (read-only, in DuckDB) and the expectations its result must meet. A check runs one
checkpoint per `TableCheck` in a file-backed GX context (suites are rewritten from this code on
every run), then rebuilds the Data Docs site, a static HTML site showing the last results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

STAGING_SUITE = "staging"
MARTS_SUITE = "marts"


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

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)


def _staging_orders() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeUnique(column="order_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="order_id"),
        gxe.ExpectColumnValuesToBeInSet(column="order_status", value_set=["confirmed", "cancelled", "refunded"]),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=["web", "store", "call_center"]),
        gxe.ExpectColumnValuesToBeBetween(column="revenue", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="quantity", min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="currency"),
    ]


def _staging_leads() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToBeInSet(column="lead_status", value_set=["open", "won", "lost"]),
        gxe.ExpectColumnValuesToBeInSet(column="lead_type", value_set=["quote", "test_drive", "appointment", "callback"]),
    ]


def _row_reconciliation() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectTableRowCountToEqual(value=12),
        gxe.ExpectColumnValuesToBeInSet(column="unaccounted_rows", value_set=[0]),
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
        gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
        gxe.ExpectColumnValuesToMatchRegex(column="customer_id", regex=r"^CU[0-9A-F]{16}$"),
        gxe.ExpectColumnValuesToBeBetween(column="birth_year", min_value=1900, max_value=2025),
    ]


def _cross_channel_reconciliation() -> list[object]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnPairValuesToBeEqual(column_A="report_orders", column_B="staged_confirmed_orders"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="report_revenue_eur", column_B="staged_revenue_eur"),
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
        gxe.ExpectColumnValuesToBeUnique(column="campaign_id"),
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
        gxe.ExpectColumnValuesToBeInSet(
            column="stage", value_set=["aware", "looker", "considerer", "intender", "buyer"]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="subject_type", value_set=["customer", "cookie", "audience_key"]),
    ]


CHECKS: tuple[TableCheck, ...] = (
    TableCheck("stg_sales__orders", STAGING_SUITE, "select * from staging.stg_sales__orders", _staging_orders),
    TableCheck("stg_sales__leads", STAGING_SUITE, "select * from staging.stg_sales__leads", _staging_leads),
    TableCheck(
        "row_reconciliation", STAGING_SUITE, "select * from staging.stg_quality__row_reconciliation", _row_reconciliation
    ),
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
        "cross_channel_reconciliation",
        MARTS_SUITE,
        """
        select report.orders as report_orders, staged.orders as staged_confirmed_orders,
            report.revenue_eur as report_revenue_eur, staged.revenue_eur as staged_revenue_eur
        from (select sum(orders) as orders, sum(revenue_eur) as revenue_eur from marts.mart_cross_channel_daily) as report
        cross join (
            select count(*) as orders, sum(revenue_eur) as revenue_eur
            from intermediate.int_sales__orders_enriched where order_status = 'confirmed'
        ) as staged
        """,
        _cross_channel_reconciliation,
    ),
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


def run_checks(database_path: Path, context_dir: Path, checks: tuple[TableCheck, ...] = CHECKS) -> CheckReport:
    """Run every check against a built database (read-only) and rebuild the Data Docs in context_dir."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    import great_expectations as gx

    context_dir.mkdir(parents=True, exist_ok=True)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(context_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("warehouse")
    outcomes: list[CheckOutcome] = []
    with duckdb.connect(str(database_path), read_only=True) as con:
        for check in checks:
            frame = con.execute(check.query).df()
            asset = next((asset for asset in source.assets if asset.name == check.name), None) or (
                source.add_dataframe_asset(check.name)
            )
            batch = next((batch for batch in asset.batch_definitions if batch.name == "whole"), None) or (
                asset.add_batch_definition_whole_dataframe("whole")
            )
            suite = gx.ExpectationSuite(name=f"{check.layer}.{check.name}", expectations=check.expectations())
            suite = context.suites.add_or_update(suite)
            validation = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"{check.layer}.{check.name}", data=batch, suite=suite)
            )
            checkpoint = context.checkpoints.add_or_update(
                gx.Checkpoint(
                    name=f"{check.layer}.{check.name}",
                    validation_definitions=[validation],
                    actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
                )
            )
            result = checkpoint.run(batch_parameters={"dataframe": frame})
            failed: list[str] = []
            evaluated = 0
            for run_result in result.run_results.values():
                for expectation_result in run_result.results:
                    evaluated += 1
                    if not expectation_result.success:
                        config = expectation_result.expectation_config
                        column = config.kwargs.get("column") or config.kwargs.get("column_A") or ""
                        failed.append(f"{config.type}({column})")
            outcomes.append(CheckOutcome(check.name, check.layer, len(frame), evaluated, failed))
    index = context_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return CheckReport(outcomes=outcomes, data_docs_index=index)
