"""`crosschannel dashboards`: the dashboards of `dashboards/` rendered to a static site.

The pages are code: `dashboards/pages.yml` lists each page's sections, and each section names a
query of `dashboards/queries/` (plain SQL over the marts) and how to show it. This module runs the
queries on the published DuckDB file, read-only, draws the charts with Plotly and writes one HTML
page per page, Plotly's script beside them: the site opens from the file system or any web server,
with nothing loaded from the network.

Evidence (SQL and Markdown built to a static site) was the first choice and was tried: its data
step (`evidence sources`) and the site it builds run DuckDB-WASM, which loads its Parquet
extension from extensions.duckdb.org at run time. Without that address the step never finishes
(the COPY to Parquet waits forever, silently), and offline the built pages could not read their
data either. This renderer keeps Evidence's idea (queries in files, pages declared, a static
build) with a charting library that works offline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

from crosschannel.runner import project_vars

PLOTLY_SCRIPT = "plotly.min.js"
_FORMATS = {"eur": ",.0f", "share": ".1%", "ratio": ".2f", "count": ",.0f"}
_AXIS_SUFFIX = {"eur": " €"}


@dataclass(frozen=True)
class Site:
    """The pages written, the index first."""

    index: Path
    pages: tuple[Path, ...]


class DashboardError(ValueError):
    """A page or a section of dashboards/pages.yml that cannot be rendered; the message says which."""


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def formatted(value: Any, kind: str | None) -> str:
    """A value as the dashboards print it: euros without cents, shares in percent, ratios to 2 places."""
    value = _number(value)
    if value is None:
        return "-"
    if isinstance(value, date):  # a datetime too: the dashboards show days
        return value.isoformat()[:10]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if kind == "eur":
        return f"{value:,.0f} €"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "count" or isinstance(value, int):
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _column_format(column: str) -> str | None:
    if "_eur" in column:
        return "eur"
    if column.endswith(("_share", "_rate")):
        return "share"
    if "multiplier" in column or column.startswith("iroas") or "lift" in column:
        return "ratio"
    return None


class _Renderer:
    def __init__(self, project_dir: Path, database: Path) -> None:
        self.folder = project_dir / "dashboards"
        self.spec = _pages(project_dir)
        self.vars = project_vars(project_dir)
        self.database = database
        self.connection = duckdb.connect(str(database), read_only=True)
        self.figures = 0

    def rows(self, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        path = self.folder / "queries" / f"{query}.sql"
        if not path.is_file():
            raise DashboardError(f"dashboards/pages.yml names the query {query!r}, but {path} does not exist")
        cursor = self.connection.execute(path.read_text(encoding="utf-8"))
        columns = [str(column[0]) for column in cursor.description or []]
        return columns, [tuple(_number(value) for value in row) for row in cursor.fetchall()]

    def target(self, name: str | None) -> tuple[float, float] | None:
        if not name:
            return None
        low, high = (self.vars[f"crosschannel__{name}_target_{end}"] for end in ("low", "high"))
        return float(low), float(high)

    # Sections -------------------------------------------------------------------------------

    def values(self, section: dict[str, Any]) -> str:
        columns, rows = self.rows(section["query"])
        if len(rows) != 1:
            raise DashboardError(f"the values of {section['query']!r} need one row, it returned {len(rows)}")
        row = dict(zip(columns, rows[0], strict=True))
        tiles = []
        for value in section["values"]:
            kind = value.get("format")
            number = row[value["column"]]
            interval = ""
            if value.get("low") and value.get("high"):
                interval = (
                    f'<div class="interval">95% interval {html.escape(formatted(row[value["low"]], kind))}'
                    f' to {html.escape(formatted(row[value["high"]], kind))}</div>'
                )
            target = self.target(value.get("target"))
            if target is not None:
                within = number is not None and target[0] <= number <= target[1]
                interval += (
                    f'<div class="interval">target {formatted(target[0], kind)} to {formatted(target[1], kind)}: '
                    f'<span class="{"ok" if within else "off"}">{"within" if within else "outside"}</span></div>'
                )
            tiles.append(
                f'<div class="tile" data-column="{html.escape(value["column"])}"'
                f' data-value="{"" if number is None else repr(number)}">'
                f'<div class="label">{html.escape(value["label"])}</div>'
                f'<div class="value">{html.escape(formatted(number, kind))}</div>{interval}</div>'
            )
        return f'<div class="tiles">{"".join(tiles)}</div>'

    def gate(self, section: dict[str, Any]) -> str:
        log = self.database.with_name(f"{self.database.name}.publish.log")
        lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
        if not lines:
            state, said = "unknown", (
                "This database was not published through the quality gate (`crosschannel publish`): "
                "no gate result to show."
            )
        else:
            last = lines[-1]
            state = "passed" if " published: " in last else "refused"
            said = f"Last publish attempt: {last}"
        title = html.escape(section.get("title", "Quality gate"))
        return (
            f'<div class="gate {state}" data-state="{state}"><strong>{title}: {state}</strong>'
            f"<br>{html.escape(said)}</div>"
        )

    def table(self, section: dict[str, Any]) -> str:
        columns, rows = self.rows(section["query"])
        if not rows:
            return '<p class="empty">No rows.</p>'
        head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="{"number" if isinstance(value, (int, float)) else "text"}">'
                f"{html.escape(formatted(value, _column_format(column)))}</td>"
                for column, value in zip(columns, row, strict=True)
            )
            + "</tr>"
            for row in rows
        )
        return f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'

    def chart(self, section: dict[str, Any]) -> str:
        import plotly.graph_objects as go

        columns, rows = self.rows(section["query"])
        if not rows:
            return '<p class="empty">No rows yet.</p>'
        data = {column: [row[index] for row in rows] for index, column in enumerate(columns)}
        draw = {"line": self._lines_or_bars, "bar": self._lines_or_bars, "forest": self._forest, "heatmap": self._heatmap}
        if section["kind"] not in draw:
            raise DashboardError(
                f"unknown section kind {section['kind']!r} (values, gate, line, bar, forest, heatmap, table)"
            )
        figure = go.Figure()
        draw[section["kind"]](figure, section, data)
        figure.update_layout(
            template="plotly_white", margin={"l": 60, "r": 20, "t": 30, "b": 50}, legend={"orientation": "h", "y": -0.2}
        )
        self.figures += 1
        return figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.figures}",
            config={"displaylogo": False, "responsive": True},
        )

    def _lines_or_bars(self, figure: Any, section: dict[str, Any], data: dict[str, list[Any]]) -> None:
        import plotly.graph_objects as go

        self._series(figure, section, data, section["kind"])
        tick = _FORMATS.get(section.get("format") or "", "")
        if section.get("low") and section.get("high"):
            x = data[section["x"]]
            band = {"mode": "lines", "line": {"width": 0}}
            figure.add_trace(go.Scatter(x=x, y=data[section["high"]], showlegend=False, hoverinfo="skip", **band))
            figure.add_trace(
                go.Scatter(
                    x=x, y=data[section["low"]], fill="tonexty", fillcolor="rgba(31,119,180,0.18)",
                    name="95% interval", **band,
                )
            )  # fmt: skip
        target = self.target(section.get("target"))
        if target is not None:
            figure.add_hrect(
                y0=target[0], y1=target[1], fillcolor="green", opacity=0.12, line_width=0,
                annotation_text="target", annotation_position="top left",
            )  # fmt: skip
        figure.update_yaxes(tickformat=tick, ticksuffix=_AXIS_SUFFIX.get(section.get("format") or "", ""))
        figure.update_xaxes(title_text=section["x"].replace("_", " "))

    @staticmethod
    def _forest(figure: Any, section: dict[str, Any], data: dict[str, list[Any]]) -> None:
        import plotly.graph_objects as go

        estimate, low, high = data[section["estimate"]], data[section["low"]], data[section["high"]]
        above = [None if e is None or h is None else h - e for e, h in zip(estimate, high, strict=True)]
        below = [None if e is None or lo is None else e - lo for e, lo in zip(estimate, low, strict=True)]
        figure.add_trace(
            go.Scatter(
                x=estimate, y=data[section["category"]], mode="markers", name=section["estimate"].replace("_", " "),
                error_x={"type": "data", "symmetric": False, "array": above, "arrayminus": below},
            )
        )  # fmt: skip
        figure.add_vline(
            x=section.get("reference", 0), line_dash="dash", line_color="grey", annotation_text="no effect"
        )
        figure.update_xaxes(
            tickformat=_FORMATS.get(section.get("format") or "", ""), type="log" if section.get("log_scale") else None
        )
        figure.update_layout(height=max(320, 32 * len(estimate) + 120))

    @staticmethod
    def _heatmap(figure: Any, section: dict[str, Any], data: dict[str, list[Any]]) -> None:
        import plotly.graph_objects as go

        kind = section.get("format")
        xs, ys = sorted(set(data[section["x"]])), sorted(set(data[section["y"]]))
        cells = dict(zip(zip(data[section["x"]], data[section["y"]], strict=True), data[section["z"]], strict=True))
        z = [[cells.get((x, y)) for x in xs] for y in ys]
        figure.add_trace(
            go.Heatmap(
                x=xs, y=[formatted(y, None) for y in ys], z=z, colorscale="Blues",
                # Each cell shows its value; the colour scale is the legend.
                text=[["" if value is None else formatted(value, kind) for value in line] for line in z],
                texttemplate="%{text}", textfont={"size": 9},
                colorbar={"title": {"text": section["z"].replace("_", " ")}, "tickformat": _FORMATS.get(kind or "", "")},
            )
        )  # fmt: skip
        figure.update_xaxes(title_text=section["x"].replace("_", " "), dtick=1)
        figure.update_yaxes(title_text=section["y"].replace("_", " "), autorange="reversed", type="category")
        figure.update_layout(height=max(360, 22 * len(ys) + 140))

    @staticmethod
    def _series(figure: Any, section: dict[str, Any], data: dict[str, list[Any]], draw: str) -> None:
        import plotly.graph_objects as go

        trace = go.Bar if draw == "bar" else go.Scatter
        x = data[section["x"]]
        if section.get("series"):
            (y_column,) = section["y"]
            groups: dict[Any, tuple[list[Any], list[Any]]] = {}
            for key, x_value, y_value in zip(data[section["series"]], x, data[y_column], strict=True):
                groups.setdefault(key, ([], []))
                groups[key][0].append(x_value)
                groups[key][1].append(y_value)
            for key, (xs, ys) in groups.items():
                figure.add_trace(trace(x=xs, y=ys, name=str(key)))
        else:
            for y_column in section["y"]:
                figure.add_trace(trace(x=x, y=data[y_column], name=y_column.replace("_", " ")))
        if draw == "bar":
            figure.update_layout(barmode="group")

    def section(self, section: dict[str, Any]) -> str:
        kind = section["kind"]
        body = {"values": self.values, "gate": self.gate, "table": self.table}.get(kind, self.chart)(section)
        title = f'<h2>{html.escape(section["title"])}</h2>' if section.get("title") and kind != "gate" else ""
        return f'<section class="{html.escape(kind)}">{title}{body}</section>'


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
header { background: #1d2733; color: white; padding: 12px 24px; }
header nav a { color: #cfe3ff; margin-right: 16px; text-decoration: none; }
header nav a.current { color: white; font-weight: bold; }
header .period { float: right; color: #cfd6de; }
main { padding: 16px 24px; }
section { background: white; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
h1 { margin: 8px 0 0; font-size: 1.4em; } h2 { font-size: 1.05em; margin: 0 0 8px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { border: 1px solid #dde2e8; border-radius: 6px; padding: 10px 14px; min-width: 200px; }
.tile .label { color: #5a6675; font-size: 0.85em; } .tile .value { font-size: 1.6em; font-weight: 600; }
.tile .interval { color: #5a6675; font-size: 0.8em; }
.ok { color: #1a7f37; } .off { color: #b35900; }
.gate.passed { border-left: 6px solid #1a7f37; padding-left: 10px; }
.gate.refused { border-left: 6px solid #cf222e; padding-left: 10px; }
.gate.unknown { border-left: 6px solid #8c959f; padding-left: 10px; }
.table { overflow-x: auto; } table { border-collapse: collapse; font-size: 0.85em; }
th, td { border-bottom: 1px solid #e6e9ed; padding: 4px 8px; } td.number { text-align: right; }
.empty { color: #5a6675; }
"""


def build_site(project_dir: Path, database: Path, out: Path) -> Site:
    """Render every page of dashboards/pages.yml from `database` into `out`."""
    import plotly.offline

    renderer = _Renderer(project_dir, database)
    try:
        (first_day, last_day), = renderer.rows(renderer.spec["period_query"])[1]
        period = f"Data from {formatted(first_day, None)} to {formatted(last_day, None)}"
        out.mkdir(parents=True, exist_ok=True)
        (out / PLOTLY_SCRIPT).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
        pages = renderer.spec["pages"]
        written = []
        for page in pages:
            nav = "".join(
                f'<a href="{other["slug"]}.html"{" class=current" if other is page else ""}>'
                f'{html.escape(other["title"])}</a>'
                for other in pages
            )
            sections = "".join(renderer.section(section) for section in page["sections"])
            document = (
                f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f'<title>{html.escape(page["title"])} - crosschannel</title>'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<style>{_STYLE}</style><script src=\"{PLOTLY_SCRIPT}\"></script></head><body>"
                f'<header><span class="period" data-first-day="{first_day}" data-last-day="{last_day}">'
                f"{html.escape(period)}</span><nav>{nav}</nav><h1>{html.escape(page['title'])}</h1></header>"
                f"<main>{sections}</main></body></html>"
            )
            path = out / f"{page['slug']}.html"
            path.write_text(document, encoding="utf-8")
            written.append(path)
    finally:
        renderer.connection.close()
    return Site(index=written[0], pages=tuple(written))


def _pages(project_dir: Path) -> dict[str, Any]:
    """dashboards/pages.yml: the period query and the pages with their sections."""
    spec: dict[str, Any] = yaml.safe_load((project_dir / "dashboards" / "pages.yml").read_text(encoding="utf-8"))
    return spec


def page_slugs(project_dir: Path) -> list[str]:
    """The pages' file names without .html, in the order of the navigation."""
    return [page["slug"] for page in _pages(project_dir)["pages"]]
