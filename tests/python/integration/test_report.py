"""`crosschannel report` renders in headless Chromium without errors, every chart with data."""

from __future__ import annotations

from pathlib import Path

from crosschannel.report import write_report
from playwright.sync_api import Browser

CHARTS = {"retention-heatmap": 100, "ltv-curves": 20, "funnel": 5, "ropo-map": 10}


def test_report_opens_in_a_headless_browser_with_every_chart_drawn(
    built_database: Path, tmp_path: Path, browser: Browser
) -> None:
    report = write_report(built_database, tmp_path / "report.html")
    errors: list[str] = []
    page = browser.new_page()
    try:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report.as_uri())
        drawn = {
            str(figure.get_attribute("data-chart")): figure.locator(".mark").count()
            for figure in page.locator("figure[data-chart]").all()
        }
        tooltips = page.locator(".mark title").count()
    finally:
        page.close()
    assert errors == []
    assert set(drawn) == set(CHARTS)
    for chart, minimum in CHARTS.items():
        assert drawn[chart] >= minimum, f"chart {chart} draws {drawn[chart]} data marks"
    assert tooltips == sum(drawn.values())
