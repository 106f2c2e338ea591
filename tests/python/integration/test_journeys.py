"""ROPO and reverse ROPO against the generator's truth, order by order, on the bundled seeds."""

from __future__ import annotations

from pathlib import Path

import duckdb
from crosschannel.ropo_report import ropo_report


def test_ropo_flags_are_right_where_the_identity_graph_sees_the_research(
    built_database: Path, project_dir: Path
) -> None:
    report = ropo_report(built_database, project_dir / "seeds" / "truth")
    assert report.ropo.orders > 800
    # No order is called ROPO without a research visit of its true person, and the site and the
    # product match of the last research event agree with the truth.
    assert report.ropo.precision >= 0.99
    assert report.research_site_agreement >= 0.99
    assert report.product_match_agreement >= 0.99
    # A lower bound, not the truth's share (measured 24.4% against 38.7%): the missed orders were
    # researched on cookies that never logged in nor sent a lead, which no deterministic key ties
    # to a person, ...
    assert report.ropo.built_share <= report.ropo.true_share
    assert report.ropo.recall >= 0.55
    # ... and exactly the truth's identifiable ROPO wherever the identity graph keeps the person's
    # order and cookies in one customer (17 of 832 orders it splits or merges: identity errors, not ROPO ones;
    # 100k persons: precision and recall 1.0000 on 43,536 orders, 739 left out).
    assert report.identifiable_ropo.orders >= 810
    assert report.identifiable_ropo.true_flagged >= 200
    assert report.identifiable_ropo.precision == 1.0
    assert report.identifiable_ropo.recall == 1.0
    assert report.identity_split_orders <= 20


def test_reverse_ropo_share_is_recovered(built_database: Path, project_dir: Path) -> None:
    report = ropo_report(built_database, project_dir / "seeds" / "truth")
    assert report.reverse_ropo.orders > 300
    assert report.reverse_ropo.precision >= 0.99
    # The target, 2 points. Measured: 34.0% against 34.6% (100k: 35.7% against 36.2%), the
    # misses being customers the identity graph still splits.
    assert abs(report.reverse_ropo.built_share - report.reverse_ropo.true_share) <= 0.02


def test_quote_journeys_match_the_truth(built_database: Path, project_dir: Path) -> None:
    truth = project_dir / "seeds" / "truth" / "leads.csv"
    with duckdb.connect(str(built_database), read_only=True) as con:
        scored, agreeing, crossing = con.execute(
            """
            select
                count(*),
                count(case when built.journey = truth.journey then 1 end),
                count(case when truth.journey in ('web_to_store', 'store_to_web') then 1 end)
            from marts.fct_lead_journeys as built
            inner join read_csv(?, all_varchar = true) as truth on built.lead_id = truth.lead_id
            """,
            [str(truth)],
        ).fetchone()
    assert scored > 800 and crossing > 40
    # Two leads differ at 2,000 persons: their converting orders were quarantined.
    assert agreeing / scored >= 0.99


def test_online_lead_share_follows_the_truths_definition(built_database: Path, project_dir: Path) -> None:
    truth = project_dir / "seeds" / "truth" / "leads.csv"
    with duckdb.connect(str(built_database), read_only=True) as con:
        leads, built, true, disagreeing = con.execute(
            """
            select
                count(*),
                count(case when built.is_started_online then 1 end),
                count(case when truth.is_started_online = 'true' then 1 end),
                count(case when built.is_started_online <> (truth.is_started_online = 'true') then 1 end)
            from marts.fct_lead_journeys as built
            inner join read_csv(?, all_varchar = true) as truth on built.lead_id = truth.lead_id
            """,
            [str(truth)],
        ).fetchone()
    assert leads > 800
    # The target is 1 point; measured: 282 of 908 leads in both, no lead disagreeing.
    assert abs(built - true) <= 0.01 * leads
    assert disagreeing <= 0.01 * leads
