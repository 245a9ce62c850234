"""The report page: what the warehouse gave (`ReportData`) rendered into one self-contained HTML
string.

Every value from the warehouse is hostile text (evidence and titles come from scraped pages), so
the template autoescapes everything, only http(s) URLs become links, the charts hand plotly
every name as entities (`charts._plain`), JSON inside `<script>` has `<`, `>` and `&` escaped,
and the page's Content-Security-Policy allows only the page's own scripts (by hash) and no network
at all: a string that slipped past escaping still could not run or fetch.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import plotly.graph_objects as go
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from plotly.io.json import to_json_plotly
from plotly.offline import get_plotlyjs

from ingest.serve.catalog import Mart
from ingest.serve.report import charts
from ingest.serve.report.queries import ConflictRow, EntityRow, FactRow, Record

HERE = Path(__file__).parent
SCRIPT = HERE / "report.js"
CURRENCY = re.compile(r"[A-Z]{3}")
# A no-break space keeps a sign on its number when the cell wraps.
BOUND_SIGNS = {"approx": "≈\u00a0", "at_least": "≥\u00a0", "at_most": "≤\u00a0"}
# Anything a browser strips or reads specially inside a URL disqualifies it as a link.
UNLINKABLE = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True)
class ReportData:
    capex_plan_vs_actual: Sequence[Record] = ()
    guidance_history: Sequence[Record] = ()
    compute_capacity: Sequence[Record] = ()
    cloud_revenue: Sequence[Record] = ()
    discovered: Sequence[EntityRow] = ()
    newest: Sequence[FactRow] = ()
    review: Sequence[FactRow] = ()
    conflicts: Sequence[ConflictRow] = ()
    marts: Mapping[str, Mart] = field(default_factory=dict)
    warehouse: str = ""
    generated_at: datetime | None = None


@dataclass(frozen=True)
class ReportSummary:
    charts: tuple[str, ...]
    rows: dict[str, int]


def http_url(url: object) -> str | None:
    """`url` when it may become a link (an absolute http or https URL), else None."""
    if not isinstance(url, str) or UNLINKABLE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def first_link(urls: Sequence[str]) -> str | None:
    return next((u for u in map(http_url, urls) if u), None)


def host(url: str) -> str:
    return urlsplit(url).hostname or url


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(value: float | None, unit: str | None, bound: str | None = None) -> str:
    """A figure as a reader says it: 80 bn USD, 29.2 EFLOPS FP16, 1,300,000 accelerators."""
    if value is None:
        return ""
    sign = BOUND_SIGNS.get(bound or "", "")
    unit = unit or ""
    if CURRENCY.fullmatch(unit):
        for scale, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
            if abs(value) >= scale:
                return f"{sign}{_number(round(value / scale, 2))} {word} {unit}"
    return f"{sign}{_number(value)} {unit}".rstrip()


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def script_json(value: object) -> Markup:
    """JSON that cannot end or comment its `<script>` element, whatever strings it holds."""
    text = to_json_plotly(value)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    js = get_plotlyjs()
    if "</script" in js.lower():
        raise RuntimeError("plotly.js contains '</script' and cannot be inlined")
    return js


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        http_url=http_url,
        first_link=first_link,
        host=host,
        value=format_value,
        percent=percent,
        iso=iso,
    )
    return env


def figures(data: ReportData) -> dict[str, go.Figure]:
    """The charts that have something to draw, by element id."""
    built = {
        "chart-capex-plan-vs-actual": charts.capex_plan_vs_actual(data.capex_plan_vs_actual),
        "chart-capex-guidance": charts.guidance_history(data.guidance_history),
        "chart-compute-capacity": charts.compute_capacity(data.compute_capacity),
        "chart-cloud-revenue": charts.cloud_revenue(data.cloud_revenue),
    }
    return {chart_id: fig for chart_id, fig in built.items() if fig is not None}


def render_report(data: ReportData) -> tuple[str, ReportSummary]:
    """The page's HTML and what it holds; sections without data say "None" instead."""
    drawn = figures(data)
    app_js = SCRIPT.read_text(encoding="utf-8")
    plotly_js = _plotly_js() if drawn else ""
    scripts = [app_js, plotly_js] if drawn else [app_js]

    def doc(mart: str, column: str | None = None) -> str:
        table = data.marts.get(mart)
        if table is None:
            return ""
        if column is None:
            return table.description
        return next((c.description for c in table.columns if c.name == column), "")

    html = (
        _environment()
        .get_template("template.html.j2")
        .render(
            data=data,
            figures=drawn,
            figures_json=script_json({i: f.to_plotly_json() for i, f in drawn.items()}),
            plotly_js=Markup(plotly_js),
            app_js=Markup(app_js),
            script_hashes=" ".join(_csp_hash(s) for s in scripts),
            generated_at=(data.generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M"),
            doc=doc,
        )
    )
    summary = ReportSummary(
        charts=tuple(drawn),
        rows={
            "capex_plan_vs_actual": len(data.capex_plan_vs_actual),
            "capex_guidance": len(data.guidance_history),
            "compute_capacity": len(data.compute_capacity),
            "cloud_revenue": len(data.cloud_revenue),
            "discovered_entities": len(data.discovered),
            "newest_facts": len(data.newest),
            "needs_review": len(data.review),
            "conflicts": len(data.conflicts),
        },
    )
    return html, summary
