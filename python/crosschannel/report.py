"""`crosschannel report`: one static HTML page (no server, no script) drawn from the marts.

Four charts, each an inline SVG whose data points are elements of class `mark` with a tooltip:
the cohort retention heatmap (mart_cohort_retention), LTV curves by first-touch channel
(mart_channel_cohort_retention), the funnel (mart_funnel_conversion_monthly) and the ROPO map by
region (mart_ropo_monthly), a tile map of the French regions with other regions in a row below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

import duckdb

# Tile positions (column, row) of France's metropolitan regions, roughly where they lie.
REGION_TILES: dict[str, tuple[int, int]] = {
    "Normandie": (2, 0),
    "Hauts-de-France": (3, 0),
    "Bretagne": (0, 1),
    "Pays de la Loire": (1, 1),
    "Centre-Val de Loire": (2, 1),
    "Île-de-France": (3, 1),
    "Grand Est": (4, 1),
    "Nouvelle-Aquitaine": (1, 2),
    "Bourgogne-Franche-Comté": (3, 2),
    "Occitanie": (2, 3),
    "Auvergne-Rhône-Alpes": (3, 3),
    "Provence-Alpes-Côte d'Azur": (4, 4),
    "Corse": (5, 5),
}
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
# LTV points resting on fewer observed customers than this are left out: too noisy to draw.
MIN_CUSTOMERS_PER_POINT = 10
MAX_LTV_SERIES = len(SERIES_COLOURS)


@dataclass(frozen=True)
class ReportData:
    retention: list[tuple[date, int, float, int]]  # cohort month, period, retention rate, cohort customers
    ltv: list[tuple[str, int, float, int]]  # first-touch channel, period, cumulative revenue / customer, customers
    funnel: list[tuple[str, int]]  # stage, subject-months at or beyond it, in stage order
    ropo: list[tuple[str, int, int]]  # region, store and call-centre orders, ROPO orders


def read_report_data(database_path: Path) -> ReportData:
    """Read the four charts' data from the marts of a built database (read-only)."""
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    with duckdb.connect(str(database_path), read_only=True) as con:
        retention = con.execute(
            """
            select cohort_month, months_since_acquisition, retention_rate, cohort_customers
            from marts.mart_cohort_retention
            order by cohort_month, months_since_acquisition
            """
        ).fetchall()
        ltv = con.execute(
            """
            with sizes as (
                select first_touch_channel, customers_observed as customers
                from marts.mart_channel_cohort_retention
                where months_since_acquisition = 0
                order by customers desc, first_touch_channel
                limit ?
            )
            select
                curve.first_touch_channel,
                curve.months_since_acquisition,
                cast(curve.cumulative_revenue_per_customer_eur as double),
                curve.customers_observed
            from marts.mart_channel_cohort_retention as curve
            inner join sizes on curve.first_touch_channel = sizes.first_touch_channel
            where curve.customers_observed >= ?
            order by sizes.customers desc, curve.first_touch_channel, curve.months_since_acquisition
            """,
            [MAX_LTV_SERIES, MIN_CUSTOMERS_PER_POINT],
        ).fetchall()
        funnel = con.execute(
            """
            select stage, cast(sum(subjects_reached) as bigint)
            from marts.mart_funnel_conversion_monthly
            group by stage, stage_rank
            order by stage_rank
            """
        ).fetchall()
        ropo = con.execute(
            """
            select store_region, cast(sum(orders) as bigint), cast(sum(ropo_orders) as bigint)
            from marts.mart_ropo_monthly
            group by 1
            order by 1
            """
        ).fetchall()
    return ReportData(retention=retention, ltv=ltv, funnel=funnel, ropo=ropo)


def write_report(database_path: Path, output_path: Path) -> Path:
    """Write the static HTML report of a built database to output_path and return it."""
    data = read_report_data(database_path)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    output_path.write_text(render_report(data, database_path.name), encoding="utf-8")
    return output_path


def render_report(data: ReportData, source_name: str) -> str:
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        _figure(
            "retention-heatmap",
            "Cohort retention",
            "Share of each first-purchase cohort buying again N months after acquisition (mart_cohort_retention).",
            _retention_heatmap(data.retention),
        ),
        _figure(
            "ltv-curves",
            "LTV curves by first-touch channel",
            "Cumulative revenue per customer (EUR) since acquisition, cohorts pooled "
            f"(mart_channel_cohort_retention; points over {MIN_CUSTOMERS_PER_POINT}+ customers).",
            _ltv_curves(data.ltv),
        ),
        _figure(
            "funnel",
            "Funnel",
            "Subject-months reaching each stage or beyond, online and offline together, with the "
            "conversion to the next stage (mart_funnel_conversion_monthly).",
            _funnel(data.funnel),
        ),
        _figure(
            "ropo-map",
            "ROPO by region",
            "Share of confirmed store and call-centre orders researched online first (mart_ropo_monthly).",
            _ropo_map(data.ropo),
        ),
    ]
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>crosschannel report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1100px; }}
figure {{ margin: 0 0 2.5rem 0; }}
figcaption {{ color: #555; margin-bottom: .5rem; }}
svg text {{ font-size: 11px; fill: #333; }}
svg .title {{ font-size: 13px; font-weight: 600; }}
svg .on-dark {{ fill: #fff; }}
.empty {{ fill: #eee; }}
</style>
</head>
<body>
<h1>crosschannel report</h1>
<p>Built from <code>{escape(source_name)}</code> on {generated}.</p>
{"".join(sections)}
</body>
</html>
"""


def _figure(chart_id: str, title: str, caption: str, svg: str) -> str:
    return (
        f'<figure data-chart="{chart_id}"><h2>{escape(title)}</h2>'
        f"<figcaption>{escape(caption)}</figcaption>{svg}</figure>\n"
    )


def _mark(shape: str, tooltip: str, **attributes: object) -> str:
    rendered = " ".join(f'{name.replace("_", "-")}="{escape(str(value))}"' for name, value in attributes.items())
    return f'<{shape} class="mark" {rendered}><title>{escape(tooltip)}</title></{shape}>'


def _text(x: float, y: float, content: str, anchor: str = "start", css_class: str = "") -> str:
    class_attribute = f' class="{css_class}"' if css_class else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{class_attribute}>{escape(content)}</text>'


def _blue(share: float) -> str:
    """From near white (0) to dark blue (1)."""
    share = min(max(share, 0.0), 1.0)
    red, green, blue = (int(247 - share * (247 - 8)), int(251 - share * (251 - 48)), int(255 - share * (255 - 107)))
    return f"rgb({red},{green},{blue})"


def _no_data(width: int = 400) -> str:
    return f'<svg width="{width}" height="40">{_text(10, 25, "No data in the marts.")}</svg>'


def _retention_heatmap(rows: list[tuple[date, int, float, int]]) -> str:
    if not rows:
        return _no_data()
    cohorts = sorted({row[0] for row in rows})
    periods = max(row[1] for row in rows) + 1
    # Period 0 is always 100%: the colour scale runs over later periods.
    later = [row[2] for row in rows if row[1] > 0]
    top = max(later) if later and max(later) > 0 else 1.0
    cell, left, header = 22, 130, 30
    width, height = left + periods * cell + 10, header + len(cohorts) * cell + 10
    parts = [_text(left, 14, "months since first purchase", css_class="title")]
    parts += [_text(left + period * cell + cell / 2, header - 4, str(period), "middle") for period in range(periods)]
    row_of = {cohort: index for index, cohort in enumerate(cohorts)}
    for cohort in cohorts:
        size = next(row[3] for row in rows if row[0] == cohort)
        parts.append(_text(left - 6, header + row_of[cohort] * cell + 15, f"{cohort:%Y-%m} ({size})", "end"))
    for cohort, period, rate, size in rows:
        x, y = left + period * cell, header + row_of[cohort] * cell
        colour = "#08306b" if period == 0 else _blue(rate / top)
        parts.append(
            _mark(
                "rect",
                f"cohort {cohort:%Y-%m}, month {period}: {rate:.1%} of {size} customers",
                x=x,
                y=y,
                width=cell - 1,
                height=cell - 1,
                fill=colour,
            )
        )
    return f'<svg width="{width}" height="{height}" role="img">{"".join(parts)}</svg>'


def _ltv_curves(rows: list[tuple[str, int, float, int]]) -> str:
    if not rows:
        return _no_data()
    channels = list(dict.fromkeys(row[0] for row in rows))
    max_period = max(max(row[1] for row in rows), 1)
    max_value = max(row[2] for row in rows) or 1.0
    left, top, plot_width, plot_height = 70, 20, 620, 300
    width, height = left + plot_width + 190, top + plot_height + 50

    def x_of(period: int) -> float:
        return left + period / max_period * plot_width

    def y_of(value: float) -> float:
        return top + plot_height - value / max_value * plot_height

    parts = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" y2="{top + plot_height}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#999"/>',
        _text(left + plot_width / 2, height - 8, "months since first purchase", "middle"),
    ]
    for step in range(5):
        value = max_value * step / 4
        parts.append(_text(left - 6, y_of(value) + 4, f"{value:,.0f} €", "end"))
    for period in range(0, max_period + 1, max(1, max_period // 12)):
        parts.append(_text(x_of(period), top + plot_height + 16, str(period), "middle"))
    for index, channel in enumerate(channels):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        points = [(row[1], row[2], row[3]) for row in rows if row[0] == channel]
        path = " ".join(f"{x_of(period):.1f},{y_of(value):.1f}" for period, value, _ in points)
        parts.append(
            _mark(
                "polyline",
                f"{channel}: {points[-1][1]:,.0f} € per customer after {points[-1][0]} months",
                points=path,
                fill="none",
                stroke=colour,
                stroke_width=2,
            )
        )
        for period, value, customers in points:
            parts.append(
                _mark(
                    "circle",
                    f"{channel}, month {period}: {value:,.2f} € per customer ({customers} customers)",
                    cx=f"{x_of(period):.1f}",
                    cy=f"{y_of(value):.1f}",
                    r=2.5,
                    fill=colour,
                )
            )
        legend_y = top + 14 + index * 18
        parts.append(f'<rect x="{left + plot_width + 20}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(left + plot_width + 36, legend_y, channel))
    return f'<svg width="{width}" height="{height}" role="img">{"".join(parts)}</svg>'


def _funnel(rows: list[tuple[str, int]]) -> str:
    if not rows or not any(count for _, count in rows):
        return _no_data()
    widest = max(count for _, count in rows)
    left, bar_height, gap, plot_width = 100, 34, 10, 560
    height = len(rows) * (bar_height + gap) + 10
    parts = []
    for index, (stage, count) in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        bar_width = max(count / widest * plot_width, 1)
        x = left + (plot_width - bar_width) / 2
        parts.append(_text(left - 8, y + bar_height / 2 + 4, stage, "end"))
        parts.append(
            _mark(
                "rect",
                f"{stage}: {count:,} subject-months",
                x=f"{x:.1f}",
                y=y,
                width=f"{bar_width:.1f}",
                height=bar_height,
                fill=SERIES_COLOURS[0],
            )
        )
        parts.append(_text(left + plot_width / 2, y + bar_height / 2 + 4, f"{count:,}", "middle"))
        if index + 1 < len(rows) and count:
            rate = rows[index + 1][1] / count
            parts.append(_text(left + plot_width + 10, y + bar_height + gap / 2 + 4, f"→ {rate:.1%}"))
    return f'<svg width="{left + plot_width + 90}" height="{height}" role="img">{"".join(parts)}</svg>'


def _ropo_map(rows: list[tuple[str, int, int]]) -> str:
    if not rows:
        return _no_data()
    shares = {region: (ropo / orders if orders else 0.0, orders, ropo) for region, orders, ropo in rows}
    drawn = [share for share, orders, _ in shares.values() if orders]
    lowest, highest = (min(drawn), max(drawn)) if drawn else (0.0, 0.0)
    tile, gap = 120, 6
    placed = dict(REGION_TILES)
    others = [region for region in shares if region not in placed]
    last_row = max(row for _, row in placed.values())
    for index, region in enumerate(others):
        placed[region] = (index % 6, last_row + 1 + index // 6)
    columns = max(column for column, _ in placed.values()) + 1
    rows_count = max(row for _, row in placed.values()) + 1
    parts = []
    for region, (column, row) in placed.items():
        x, y = column * (tile + gap), row * (tile * 0.6 + gap)
        height = tile * 0.6
        label = region if len(region) <= 18 else region[:17] + "…"
        if region in shares and shares[region][1]:
            share, orders, ropo = shares[region]
            # Colour spreads the regions' range, lightest to darkest: shares differ by a few points.
            intensity = 0.15 + 0.85 * (share - lowest) / (highest - lowest) if highest > lowest else 0.6
            parts.append(
                _mark(
                    "rect",
                    f"{region}: {share:.1%} ROPO ({ropo:,} of {orders:,} orders)",
                    x=x,
                    y=f"{y:.1f}",
                    width=tile,
                    height=f"{height:.1f}",
                    fill=_blue(intensity),
                )
            )
            on_dark = "on-dark" if intensity > 0.55 else ""
            parts.append(_text(x + 6, y + 18, label, css_class=on_dark))
            parts.append(_text(x + 6, y + 36, f"{share:.1%} of {orders:,}", css_class=on_dark))
        else:
            parts.append(
                f'<rect class="empty" x="{x}" y="{y:.1f}" width="{tile}" height="{height:.1f}">'
                f"<title>{escape(region)}: no orders</title></rect>"
            )
            parts.append(_text(x + 6, y + 18, label))
    width = columns * (tile + gap)
    height = rows_count * (tile * 0.6 + gap) + 24
    parts.append(_text(0, height - 6, f"lightest {lowest:.1%}, darkest {highest:.1%}"))
    return f'<svg width="{width}" height="{height:.0f}" role="img">{"".join(parts)}</svg>'
