"""The HTML report: one self-contained file whose tables match the warehouse, whose charts render
in headless Chromium without errors or network, and in which text from scraped pages stays text."""

from __future__ import annotations

import json
import shutil
import struct
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ingest.serve.report import ReportData, ReportSummary, render_report, write_report
from ingest.serve.report.browser import (
    ChromiumUnavailableError,
    chart_status,
    open_page,
    save_screenshot,
    screenshot,
)
from ingest.serve.report.page import format_value, http_url, script_json
from ingest.serve.report.queries import ConflictRow, EntityRow, FactRow
from ingest.warehouse.files import connect_read_only

CHART_IDS = {
    "chart-capex-plan-vs-actual",
    "chart-capex-guidance",
    "chart-compute-capacity",
    "chart-cloud-revenue",
}
TABLE_IDS = {
    "table-discovered-entities",
    "table-newest-facts",
    "table-needs-review",
    "table-conflicts",
}
FACT_MARTS = (
    "fct_capex",
    "fct_revenue",
    "fct_compute_capacity",
    "fct_accelerator_counts",
    "fct_power_capacity",
)
NEWEST_LIMIT = 25
HOSTILE_SCRIPT = "<script>alert(1)</script>"

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is not installed: the browser checks need headless Chromium",
)


@dataclass(frozen=True)
class Report:
    html: Path
    text: str
    soup: BeautifulSoup
    summary: ReportSummary


@pytest.fixture
def report(published: Path, tmp_path: Path) -> Report:
    out = tmp_path / "out" / "report.html"
    summary = write_report(published, out)
    text = out.read_text(encoding="utf-8")
    return Report(out, text, BeautifulSoup(text, "html.parser"), summary)


def body_rows(soup: BeautifulSoup, table_id: str) -> list:
    table = soup.find("table", id=table_id)
    assert table is not None, f"no table {table_id}"
    return table.find("tbody").find_all("tr")


def test_report_is_one_self_contained_file(report: Report) -> None:
    assert [p.name for p in report.html.parent.iterdir()] == ["report.html"]
    soup = report.soup
    assert soup.find_all(src=True) == []
    assert soup.find_all(["link", "iframe", "object", "embed", "img", "base"]) == []
    styles = " ".join(s.get_text() for s in soup.find_all("style")).lower()
    assert "url(" not in styles and "@import" not in styles
    for tag in soup.find_all(href=True):
        assert tag.name == "a"
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp
    # plotly.js once for all four charts, beside the figures' JSON and the page's own script.
    assert report.text.count("plotly.js v") == 1
    assert len(soup.find_all("script")) == 3
    assert set(report.summary.charts) == CHART_IDS
    assert {d["id"] for d in soup.find_all(attrs={"data-chart": True})} == CHART_IDS


def test_tables_match_the_warehouse(report: Report, published: Path) -> None:
    facts = " union all ".join(
        f"select first_reported_on, review_state from {mart}" for mart in FACT_MARTS
    )
    with connect_read_only(published) as con:

        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        expected = {
            "table-discovered-entities": count(
                "select count(*) from dim_company where origin = 'discovered'"
            ),
            "table-newest-facts": min(NEWEST_LIMIT, count(f"select count(*) from ({facts})")),
            "table-needs-review": count(
                f"select count(*) from ({facts}) where review_state = 'needs_review'"
            ),
            "table-conflicts": count("select count(*) from fct_fact_conflicts"),
        }
        newest_dates = [
            row[0].isoformat()
            for row in con.execute(
                f"select first_reported_on from ({facts}) "
                f"order by first_reported_on desc nulls last limit {NEWEST_LIMIT}"
            ).fetchall()
        ]
    assert all(expected.values()), f"the shared refresh should fill every table: {expected}"
    assert {t: len(body_rows(report.soup, t)) for t in TABLE_IDS} == expected
    assert report.summary.rows["conflicts"] == expected["table-conflicts"]
    assert [
        row.find("td")["data-sort"] for row in body_rows(report.soup, "table-newest-facts")
    ] == newest_dates
    for row in body_rows(report.soup, "table-needs-review"):
        value = row.find("td", class_="num").find("a")
        assert value["href"].startswith(("http://", "https://"))
        assert value["href"] in [a["href"] for a in row.find("td", class_="sources").find_all("a")]
        assert value["title"], "a value's tooltip carries its evidence"


def assert_full_page_png(png: Path, min_height: int) -> None:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height >= min_height, "the whole page, not one screen"
    assert len(data) > 20_000


@needs_chromium
def test_report_renders_in_chromium_and_sorts(report: Report, tmp_path: Path) -> None:
    # One browser for every check of the real report: loading plotly.js is most of the cost.
    with open_page(report.html) as (page, log):
        assert chart_status(page) == dict.fromkeys(CHART_IDS, True)
        assert page.locator(".modebar-btn[data-title^='Share']").count() == 0
        save_screenshot(page, tmp_path / "shots" / "report.png")
        assert_full_page_png(tmp_path / "shots" / "report.png", min_height=4000)

        def column(table: str, index: int) -> list[str]:
            return page.eval_on_selector_all(
                f"#{table} tbody tr",
                f"rows => rows.map(r => r.cells[{index}].dataset.sort ?? r.cells[{index}].textContent.trim())",
            )

        def click(table: str, header: str) -> None:
            page.locator(f"#{table} thead th", has_text=header).click()

        click("table-needs-review", "Reported on")
        dates = column("table-needs-review", 0)
        assert dates == sorted(dates)
        unsorted = [float(v) for v in column("table-needs-review", 7)]
        assert unsorted != sorted(unsorted), "the next click must have something to reorder"
        click("table-needs-review", "Confidence")
        ascending = [float(v) for v in column("table-needs-review", 7)]
        assert ascending == sorted(unsorted)
        click("table-needs-review", "Confidence")
        assert [float(v) for v in column("table-needs-review", 7)] == sorted(unsorted, reverse=True)

        gaps = [float(v) for v in column("table-conflicts", 9)]
        click("table-conflicts", "Gap")
        assert [float(v) for v in column("table-conflicts", 9)] == sorted(gaps)
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.blocked_requests == []


@needs_chromium
def test_screenshot_writes_a_png(tmp_path: Path) -> None:
    html = tmp_path / "empty.html"
    html.write_text(render_report(ReportData())[0], encoding="utf-8")
    screenshot(html, tmp_path / "shots" / "empty.png")
    assert_full_page_png(tmp_path / "shots" / "empty.png", min_height=900)


@needs_chromium
def test_the_browser_log_catches_errors_and_network(tmp_path: Path) -> None:
    # The checks above pass on an empty log; this shows the log fills when it should.
    html = tmp_path / "noisy.html"
    html.write_text(
        '<!DOCTYPE html><p>noisy</p><img src="http://192.0.2.1/pixel.png">'
        '<script>document.documentElement.dataset.chartsRendered = "0";'
        'console.error("invented failure"); null.boom;</script>',
        encoding="utf-8",
    )
    with open_page(html) as (_, log):
        pass
    assert log.blocked_requests == ["http://192.0.2.1/pixel.png"]
    assert log.console_errors[0] == "invented failure"
    assert any("null" in e for e in log.page_errors)


def test_a_missing_chromium_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(ChromiumUnavailableError, match="chromium"), open_page(tmp_path / "x.html"):
        pass


def hostile_fact(**changes: object) -> FactRow:
    fields: dict[str, object] = {
        "metric": "capex",
        "fact_id": "f1",
        "entity": f"Examplecorp {HOSTILE_SCRIPT}",
        "segment": '"><img src=x onerror=alert(1)>',
        "kind": "plan",
        "bound": "approx",
        "period_label": "2031",
        "value": 9e9,
        "unit": "USD",
        "first_reported_on": date(2031, 1, 2),
        "confidence": 0.4,
        "review_state": "needs_review",
        "source_urls": ("javascript:alert(1)", " JaVaScRiPt:alert(2)"),
        "evidence": f"Examplecorp said {HOSTILE_SCRIPT} it may spend nine billion.",
    }
    fields.update(changes)
    return FactRow(**fields)  # type: ignore[arg-type]


def test_hostile_text_stays_text() -> None:
    data = ReportData(
        guidance_history=[
            {
                "entity": f"</script>{HOSTILE_SCRIPT}",
                "period_label": "2031",
                "bound": "approx",
                "value_usd": 9e9,
                "value_native": 9e9,
                "currency": "USD",
                "first_reported_on": date(2031, 1, 2),
                "revision_number": 1,
            }
        ],
        discovered=[EntityRow("<b>Examplecorp</b>", "company", None, "data:text/html,x", 1)],
        newest=[hostile_fact()],
        review=[hostile_fact(source_urls=("https://news.example/a?b=1&c=2",))],
        conflicts=[
            ConflictRow(
                "Examplecorp",
                "capex",
                None,
                "2031",
                "plan",
                "USD",
                1e9,
                ("javascript:alert(3)",),
                2e9,
                ("vbscript:msgbox(4)",),
                0.5,
                None,
            )
        ],
    )
    html, summary = render_report(data)
    soup = BeautifulSoup(html, "html.parser")

    assert HOSTILE_SCRIPT not in html and "<img" not in html
    assert len(soup.find_all("script")) == 3, "no script element came from the data"
    assert summary.charts == ("chart-capex-guidance",)
    figures = json.loads(soup.find("script", id="report-figures").string)
    # plotly reads markup in trace names: the name reaches it as entities, which it shows as text.
    assert figures["chart-capex-guidance"]["data"][0]["name"].startswith("&lt;/script&gt;")

    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert "https://news.example/a?b=1&c=2" in hrefs
    shown_as_text = {" ".join(s.get_text().split()) for s in soup.select(".not-a-link")}
    assert {
        "1. javascript:alert(1)",
        "2. JaVaScRiPt:alert(2)",
        "1. data:text/html,x",
        "1. vbscript:msgbox(4)",
    } <= shown_as_text
    evidence = soup.select_one("#table-newest-facts td.evidence details").get_text()
    assert HOSTILE_SCRIPT in evidence, "the evidence is shown, as text"


def test_json_in_a_script_element_cannot_close_it() -> None:
    value = {"name": "</script><!-- & \u2028"}
    text = str(script_json(value))
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://news.example/a", True),
        ("HTTP://news.example/a", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://news.example/a", False),
        ("data:text/html,hi", False),
        ("//news.example/a", False),
        ("https:///no-host", False),
        ("http://[::1/unclosed", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    assert (http_url(url) is not None) is linked


def test_empty_sections_say_none() -> None:
    html, summary = render_report(ReportData())
    soup = BeautifulSoup(html, "html.parser")
    assert summary.charts == ()
    assert all(n == 0 for n in summary.rows.values())
    for element_id in CHART_IDS | TABLE_IDS:
        assert soup.find(id=element_id) is None
        assert soup.find(id=f"{element_id}-none").get_text().startswith("None:")
    assert "plotly.js v" not in html, "no chart, no plotly"


@pytest.mark.parametrize(
    ("value", "unit", "bound", "text"),
    [
        (80e9, "USD", "approx", "≈\u00a080 bn USD"),
        (26.3e9, "USD", "exact", "26.3 bn USD"),
        (1.21e12, "CNY", None, "1.21 tn CNY"),
        (29.2, "EFLOPS FP16", "exact", "29.2 EFLOPS FP16"),
        (1_300_000, "accelerators", "at_least", "≥\u00a01,300,000 accelerators"),
        (150.0, "MW", "at_most", "≤\u00a0150 MW"),
    ],
)
def test_values_read_as_said(value: float, unit: str, bound: str | None, text: str) -> None:
    assert format_value(value, unit, bound) == text


def test_cli_report_writes_the_page_and_its_screenshot(published, tmp_path, capsys):
    import shutil

    from orchestration.cli import main

    out = tmp_path / "report.html"
    args = ["report", str(out)]
    if shutil.which("chromium"):
        args += ["--screenshot", str(tmp_path / "report.png")]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"report written to {out}: 4 charts")
    assert out.read_text("utf-8").count("<script") == 3
    if shutil.which("chromium"):
        assert (tmp_path / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["report", str(tmp_path / "missing" / "r.html")]) == 2
    assert "no such folder" in capsys.readouterr().err
