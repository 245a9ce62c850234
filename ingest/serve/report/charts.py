"""The report's plotly figures, one function per chart section; each returns None when it has
nothing to draw, so the page says so instead of showing an empty frame."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from ingest.serve.report.queries import Record

BILLION = 1e9
PALETTE = qualitative.Plotly + qualitative.Dark2
KIND_SYMBOLS = {"actual": "circle", "plan": "diamond-open", "forecast": "circle-open"}
HEIGHT = 480


def _literal(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%", "&#37;")
    )


def _plain(rows: Sequence[Record]) -> list[Record]:
    """The rows with every string made literal for plotly, which reads `<b>`, `<a href>` and
    entities in trace names, tick labels and hover text as markup, and `%{...}` in a hover
    template as a field: names from scraped pages must show as written."""
    return [{k: _literal(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


def _colours(names: Iterable[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(names)))}


def _billions(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value / BILLION


def _layout(fig: go.Figure, title: str, height: int = HEIGHT) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 70, "r": 20, "t": 60, "b": 60},
        legend={"font": {"size": 11}},
        hoverlabel={"align": "left"},
    )
    return fig


def _plan_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:,.1f}" if low == high else f"{low:,.1f} to {high:,.1f}"
    if low is not None:
        return f"at least {low:,.1f}"
    return f"at most {high:,.1f}" if high is not None else "none"


def capex_plan_vs_actual(rows: Sequence[Record]) -> go.Figure | None:
    if not rows:
        return None
    rows = _plain(rows)
    x = [[r["entity"] for r in rows], [str(r["fiscal_year"]) for r in rows]]
    actual = [_billions(r["actual_usd"]) for r in rows]
    low = [_billions(r["plan_low_usd"]) for r in rows]
    high = [_billions(r["plan_high_usd"]) for r in rows]
    mid = [
        (lo + hi) / 2 if lo is not None and hi is not None else (lo if lo is not None else hi)
        for lo, hi in zip(low, high, strict=True)
    ]
    fig = go.Figure()
    for status, name, colour in (
        ("full year", "Actual, full year (filings)", "#1f5fa8"),
        ("year to date", "Actual, year to date (filings)", "#8fb8e6"),
    ):
        fig.add_bar(
            name=name,
            x=x,
            y=[
                a if r["actual_status"] == status else None
                for a, r in zip(actual, rows, strict=True)
            ],
            offsetgroup="actual",
            marker_color=colour,
            customdata=[
                [f"{r['entity']} {r['period_label']}", r["quarters_reported"] or 0] for r in rows
            ],
            hovertemplate=(
                "%{customdata[0]}: %{y:,.1f} bn USD (%{customdata[1]} quarters)<extra></extra>"
            ),
        )
    fig.add_bar(
        name="Plan, latest (midpoint; whisker = range)",
        x=x,
        y=mid,
        offsetgroup="plan",
        marker_color="#e8a33d",
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [
                hi - m if hi is not None and m is not None else None
                for hi, m in zip(high, mid, strict=True)
            ],
            "arrayminus": [
                m - lo if lo is not None and m is not None else None
                for lo, m in zip(low, mid, strict=True)
            ],
            "color": "#7a4b00",
        },
        customdata=[
            [f"{r['entity']} {r['period_label']}", _plan_text(lo, hi)]
            for r, lo, hi in zip(rows, low, high, strict=True)
        ],
        hovertemplate="%{customdata[0]} plan: %{customdata[1]} bn USD<extra></extra>",
    )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(title_text="Capex (USD billions)", rangemode="tozero")
    fig.update_xaxes(title_text="Company and fiscal year", tickfont={"size": 10})
    return _layout(fig, "Capex by company and fiscal year: plan against actual", height=520)


def guidance_history(rows: Sequence[Record]) -> go.Figure | None:
    if not rows:
        return None
    rows = _plain(rows)
    sides = {"at_least": " (low end)", "at_most": " (high end)"}
    dashes = {" (low end)": "dash", " (high end)": "dot"}
    series: dict[str, list[Record]] = {}
    for r in rows:
        series.setdefault(f"{r['entity']} {r['period_label']}", []).append(r)
    colours = _colours(series)
    fig = go.Figure()
    for plan, points in series.items():
        by_side: dict[str, list[Record]] = {}
        for r in points:
            by_side.setdefault(sides.get(r["bound"], ""), []).append(r)
        for side, side_points in by_side.items():
            fig.add_scatter(
                name=plan + side,
                x=[r["first_reported_on"] for r in side_points],
                y=[_billions(r["value_usd"]) for r in side_points],
                mode="lines+markers",
                line={"shape": "hv", "color": colours[plan], "dash": dashes.get(side, "solid")},
                customdata=[
                    [r["bound"], f"{r['value_native']:,.0f} {r['currency']}", r["revision_number"]]
                    for r in side_points
                ],
                hovertemplate=(
                    f"{plan}{side}<br>%{{x|%Y-%m-%d}}: %{{y:,.1f}} bn USD (%{{customdata[0]}})"
                    "<br>as reported: %{customdata[1]}<br>revision %{customdata[2]}<extra></extra>"
                ),
            )
    fig.update_yaxes(
        title_text="Planned capex (USD billions, rate at announcement)", rangemode="tozero"
    )
    fig.update_xaxes(title_text="Date first reported")
    return _layout(fig, "Capex plans as reported, by company and year planned")


def compute_capacity(rows: Sequence[Record]) -> go.Figure | None:
    if not rows:
        return None
    rows = _plain(rows)
    precisions = sorted({r["precision"] for r in rows}, key=lambda p: (p == "unknown", p))
    cols = min(len(precisions), 2)
    n_rows = math.ceil(len(precisions) / cols)
    # Each panel keeps its own y axis: a shared one would invite comparing across precisions.
    fig = make_subplots(
        rows=n_rows,
        cols=cols,
        subplot_titles=[f"Precision: {p}" for p in precisions],
        horizontal_spacing=0.06,
        vertical_spacing=0.18,
    )

    def name(r: Record) -> str:
        return f"{r['entity']} · {r['segment']}" if r["segment"] else str(r["entity"])

    colours = _colours(name(r) for r in rows)
    shown: set[str] = set()
    for i, precision in enumerate(precisions):
        series: dict[str, list[Record]] = {}
        for r in rows:
            if r["precision"] == precision:
                series.setdefault(name(r), []).append(r)
        for label, points in series.items():
            fig.add_scatter(
                name=label,
                legendgroup=label,
                showlegend=label not in shown,
                x=[r["on_date"] for r in points],
                y=[r["capacity_eflops"] for r in points],
                mode="lines+markers",
                line={"color": colours[label]},
                marker={
                    "size": 9,
                    "symbol": [KIND_SYMBOLS.get(r["kind"], "circle") for r in points],
                },
                customdata=[
                    [
                        r["period_label"] or "none stated",
                        r["kind"],
                        r["bound"],
                        r["scope"],
                        r["dated_by"],
                    ]
                    for r in points
                ],
                hovertemplate=(
                    f"{label} ({precision})<br>%{{y:,.1f}} EFLOPS, %{{customdata[1]}}, "
                    "%{customdata[2]}<br>period %{customdata[0]}, scope %{customdata[3]}"
                    "<br>dated by %{customdata[4]} %{x|%Y-%m-%d}<extra></extra>"
                ),
                row=i // cols + 1,
                col=i % cols + 1,
            )
            shown.add(label)
    values = [r["capacity_eflops"] for r in rows]
    ticks = _log_ticks(min(values), max(values))
    fig.update_yaxes(type="log", tickvals=ticks, ticktext=[f"{t:,g}" for t in ticks])
    fig.update_yaxes(title_text="Capacity (EFLOPS, log scale)", col=1)
    fig.update_xaxes(title_text="Period end (or date reported)")
    return _layout(
        fig,
        "Compute capacity by operator and country, one panel per precision",
        height=360 + 280 * n_rows,
    )


def _log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks spanning [low, high] with full labels: plotly's own log ticks label 20, 30...
    as bare digits, which reads as 2, 3."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return [m * 10.0**e for e in range(first, last + 1) for m in (1, 2, 5)]


def _granularity(r: Record) -> str:
    days = (r["period_end_date"] - r["period_start_date"]).days + 1
    return "quarterly" if days <= 100 else "half-yearly" if days <= 190 else "annual"


def cloud_revenue(rows: Sequence[Record]) -> go.Figure | None:
    if not rows:
        return None
    rows = _plain(rows)
    series: dict[str, list[Record]] = {}
    for r in rows:
        label = " · ".join(str(p) for p in (r["entity"], r["segment"]) if p)
        series.setdefault(f"{label} ({_granularity(r)})", []).append(r)
    colours = _colours(series)
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35], vertical_spacing=0.06
    )
    for label, points in series.items():
        custom = [[r["period_label"], r["bound"]] for r in points]
        dates = [r["period_end_date"] for r in points]
        fig.add_scatter(
            name=label,
            legendgroup=label,
            x=dates,
            y=[_billions(r["value_usd"]) for r in points],
            # Two figures for one period are a conflict, not a trend: no line between them.
            mode="lines+markers" if len(set(dates)) == len(dates) else "markers",
            line={"color": colours[label]},
            customdata=custom,
            hovertemplate=f"{label} %{{customdata[0]}}<br>%{{y:,.2f}} bn USD (%{{customdata[1]}})<extra></extra>",
            row=1,
            col=1,
        )
        growth = [r for r in points if r["yoy_growth"] is not None]
        if growth:
            fig.add_scatter(
                name=label,
                legendgroup=label,
                showlegend=False,
                x=[r["period_end_date"] for r in growth],
                y=[r["yoy_growth"] * 100 for r in growth],
                mode="markers",
                marker={"color": colours[label], "size": 9},
                customdata=[[r["period_label"]] for r in growth],
                hovertemplate=f"{label} %{{customdata[0]}}<br>%{{y:+,.0f}}% year on year<extra></extra>",
                row=2,
                col=1,
            )
    fig.update_yaxes(title_text="Revenue (USD billions)", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="YoY growth (%)", ticksuffix="%", row=2, col=1)
    fig.update_xaxes(title_text="Period end", row=2, col=1)
    return _layout(
        fig, "Cloud, AI and data-centre revenue (reported) and year-on-year growth", height=620
    )
