"""`crosschannel report` renders in headless Chromium without errors, every chart with data."""

from __future__ import annotations

import shutil
from pathlib import Path

from crosschannel.report import write_report
from playwright.sync_api import sync_playwright

CHARTS = {"retention-heatmap": 100, "ltv-curves": 20, "funnel": 5, "ropo-map": 10}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_report_opens_in_a_headless_browser_with_every_chart_drawn(built_database: Path, tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), "Chromium is missing: `apt-get install chromium` (.ci/run installs it)"
    report = write_report(built_database, tmp_path / "report.html")
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(report.as_uri())
            drawn = {
                str(figure.get_attribute("data-chart")): figure.locator(".mark").count()
                for figure in page.locator("figure[data-chart]").all()
            }
            tooltips = page.locator(".mark title").count()
        finally:
            browser.close()
    assert errors == []
    assert set(drawn) == set(CHARTS)
    for chart, minimum in CHARTS.items():
        assert drawn[chart] >= minimum, f"chart {chart} draws {drawn[chart]} data marks"
    assert tooltips == sum(drawn.values())
