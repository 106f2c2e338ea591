"""`crosschannel dashboards`: every page, built from the bundled demo, opens in headless Chromium
with the network refused and no console or page error, every chart drawn; the Overview's headline
numbers, read from the page, equal the marts'."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from crosschannel.dashboards import build_site, formatted, page_slugs
from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def site(project_dir: Path, built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(project_dir, built_database, tmp_path_factory.mktemp("site") / "site").index.parent


def test_every_page_opens_offline_without_an_error_and_draws_its_charts(
    project_dir: Path, site: Path, browser: Browser
) -> None:
    slugs = page_slugs(project_dir)
    assert slugs[0] == "index" and len(slugs) == 7
    context = browser.new_context()
    context.route(re.compile(r"^https?://"), lambda route: route.abort())
    problems: list[str] = []
    drawn: dict[str, int] = {}
    try:
        for slug in slugs:
            page = context.new_page()
            page.on("pageerror", lambda error, slug=slug: problems.append(f"{slug}: {error}"))
            page.on(
                "console",
                lambda message, slug=slug: (
                    problems.append(f"{slug}: {message.text}") if message.type == "error" else None
                ),
            )
            page.on("requestfailed", lambda request, slug=slug: problems.append(f"{slug}: failed {request.url}"))
            page.goto((site / f"{slug}.html").as_uri())
            page.wait_for_load_state("load")
            # Every navigation link leads to a page of the site.
            links = [str(link.get_attribute("href")) for link in page.locator("header nav a").all()]
            assert links == [f"{other}.html" for other in slugs]
            drawn[slug] = page.locator(".js-plotly-plot .main-svg").count()
            page.close()
    finally:
        context.close()
    assert problems == []
    assert all(count > 0 for slug, count in drawn.items()), drawn


def test_the_overview_shows_the_marts_headline_numbers_and_the_data_period(
    site: Path, built_database: Path, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        shown = {
            str(tile.get_attribute("data-column")): (
                float(str(tile.get_attribute("data-value"))),
                tile.locator(".value").inner_text(),
            )
            for tile in page.locator(".tile").all()
        }
        period = page.locator(".period")
        first_day, last_day = period.get_attribute("data-first-day"), period.get_attribute("data-last-day")
        gate = page.locator("div.gate").get_attribute("data-state")
    finally:
        page.close()
    with duckdb.connect(str(built_database), read_only=True) as con:
        expected = dict(
            zip(
                (
                    "revenue_eur", "web_revenue_eur", "online_lead_share", "identified_ropo_share",
                    "estimated_ropo_share", "estimated_ropo_multiplier", "incremental_revenue_eur", "iroas",
                ),
                con.execute(
                    """
                    select
                        (select sum(revenue_eur) from marts.mart_cross_channel_daily),
                        (select sum(revenue_eur) from marts.mart_cross_channel_daily where sales_channel = 'web'),
                        (
                            select sum(started_online) / sum(conversions)
                            from marts.mart_online_share_monthly where conversion_kind = 'lead'
                        ),
                        (select sum(ropo_orders) / sum(orders) from marts.mart_ropo_monthly),
                        (select estimated_ropo_share from marts.mart_ropo_estimate where period_grain = 'all'),
                        (select estimated_ropo_multiplier from marts.mart_ropo_estimate where period_grain = 'all'),
                        (
                            select incremental_revenue_eur from marts.mart_incrementality_summary
                            where summary_level = 'network'
                        ),
                        (select iroas from marts.mart_incrementality_summary where summary_level = 'network')
                    """
                ).fetchone() or (),
                strict=True,
            )
        )  # fmt: skip
        days = con.execute(
            "select min(activity_date), max(activity_date) from marts.mart_cross_channel_daily"
        ).fetchone()
    assert set(shown) == set(expected)
    formats = {"revenue_eur": "eur", "web_revenue_eur": "eur", "incremental_revenue_eur": "eur",
               "estimated_ropo_multiplier": "ratio", "iroas": "ratio"}  # fmt: skip
    for column, value in expected.items():
        assert shown[column][0] == pytest.approx(float(value), rel=1e-12), column
        assert shown[column][1] == formatted(value, formats.get(column, "share")), column
    assert days is not None and (first_day, last_day) == (days[0].isoformat(), days[1].isoformat())
    assert gate == "unknown"  # the tests' build was not published through the gate


def test_the_gate_shows_the_last_publish_attempt(project_dir: Path, built_database: Path, tmp_path: Path) -> None:
    database = tmp_path / "published.duckdb"
    database.write_bytes(built_database.read_bytes())
    log = tmp_path / "published.duckdb.publish.log"
    log.write_text(
        "2026-12-01T06:00:00+00:00 published: published x\n"
        "2026-12-02T06:00:00+00:00 refused: quality checks failed: comparison.with_published: raw_orders\n",
        encoding="utf-8",
    )
    site = build_site(project_dir, database, tmp_path / "site")
    text = (site.index.parent / "quality.html").read_text(encoding="utf-8")
    assert 'data-state="refused"' in text and "comparison.with_published: raw_orders" in text
