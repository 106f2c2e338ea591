"""Campaign measurement on the bundled demo, against its truth, and `crosschannel calibrate` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from crosschannel.cli import app
from typer.testing import CliRunner


def test_every_audience_key_is_counted_once_in_its_campaign(built_database: Path) -> None:
    """Intention to treat: every staged audience row stands for exactly one unit, analysed in its group
    or, contaminated, counted apart."""
    with duckdb.connect(str(built_database), read_only=True) as con:
        mismatched = con.execute(
            """
            with keys as (
                select campaign_id, count(*) as audience_rows
                from staging.stg_marketing__campaign_audience
                group by campaign_id
            ),
            units as (
                select campaign_id, sum(audience_keys) as audience_rows, count(*) as units
                from intermediate.int_campaigns__members
                group by campaign_id
            )
            select keys.campaign_id, keys.audience_rows, units.audience_rows, units.units,
                built.treatment_members + built.control_members + built.contaminated_customers
            from keys
            left join units on keys.campaign_id = units.campaign_id
            left join marts.mart_campaign_incrementality as built on keys.campaign_id = built.campaign_id
            where units.audience_rows is distinct from keys.audience_rows
            or units.units is distinct from built.treatment_members + built.control_members + built.contaminated_customers
            """
        ).fetchall()
        unresolved = con.execute(
            "select sum(treatment_unresolved_keys + control_unresolved_keys) from marts.mart_campaign_incrementality"
        ).fetchone()
    assert mismatched == []
    assert unresolved is not None and unresolved[0] > 100  # anonymous cookies and family addresses stay in


def test_contamination_and_non_compliance_match_the_truth(built_database: Path, project_dir: Path) -> None:
    with duckdb.connect(str(built_database), read_only=True) as con:
        rows = con.execute(
            """
            select
                built.campaign_id,
                built.contaminated_customers, cast(truth.contaminated_persons as bigint),
                built.control_touched_members, cast(truth.control_touched_members as bigint)
            from marts.mart_campaign_incrementality as built
            inner join read_csv(?, all_varchar = true) as truth on built.campaign_id = truth.campaign_id
            order by built.campaign_id
            """,
            [str(project_dir / "seeds" / "truth" / "campaigns.csv")],
        ).fetchall()
    assert len(rows) == 12
    assert sum(row[2] for row in rows) > 0 and sum(row[4] for row in rows) > 0
    assert [row for row in rows if row[1] != row[2] or row[3] != row[4]] == []


# Builds a generated world: out of the fast loop.
@pytest.mark.slow
def test_calibrate_scores_every_estimate_of_a_small_world(project_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "calibrate.json"
    result = CliRunner().invoke(
        app,
        [
            "calibrate", "--worlds", "1", "--persons", "3000", "--seed", "5", "--out", str(tmp_path / "worlds"),
            "--json", str(out), "--project-dir", str(project_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    estimates = {(row["level"], row["estimate_name"]) for row in report["summary"]}
    assert {
        ("campaign", "absolute_lift"), ("campaign", "relative_lift"), ("campaign", "headline_incremental_revenue_eur"),
        ("campaign", "iroas"), ("rollup", "incremental_revenue_eur"), ("ropo", "estimated_ropo_share"),
    } <= estimates
    campaigns = [row for row in report["comparisons"] if row["level"] == "campaign"]
    assert campaigns and all(row["truth"] is not None for row in campaigns)
    # The world's parameters were drawn and recorded.
    assert set(report["worlds"][0]["settings"]) >= {"control_touched_share", "contaminated_member_share"}
    assert "coverage" in result.output
