"""The report in a real browser: Debian's headless Chromium driven by playwright, for the
screenshot of `infratrack report --screenshot` and for the tests that check the page renders,
logs no errors and never touches the network.

playwright is imported only here and only when called, so writing the report never needs it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Without the background-networking flags Chromium keeps dialling Google services, which on a
# closed machine floods the log with refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT_WIDTH, VIEWPORT_HEIGHT = 1280, 900
RENDER_TIMEOUT_MS = 20_000
LOCAL_SCHEMES = ("file:", "data:")

# A chart counts as rendered when plotly drew its SVG and it holds at least one trace with a point.
CHART_STATUS_JS = """
() => Object.fromEntries(Array.from(document.querySelectorAll('[data-chart]')).map(el => {
  const points = (trace) => ['x', 'y'].some(k => trace[k] && trace[k].length > 0);
  const drawn = el.querySelector('.main-svg') !== null
    && Array.isArray(el.data) && el.data.some(points);
  return [el.id, drawn];
}))
"""


class ChromiumUnavailableError(RuntimeError):
    """Headless Chromium (Debian's `chromium` package) or the playwright driver is missing."""


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageCheck:
    console_errors: list[str]
    page_errors: list[str]
    blocked_requests: list[str]
    charts: dict[str, bool]

    @property
    def ok(self) -> bool:
        return (
            not self.console_errors
            and not self.page_errors
            and not self.blocked_requests
            and all(self.charts.values())
        )


def chromium_path() -> str:
    path = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if path is None:
        raise ChromiumUnavailableError(
            "no Chromium found on PATH (looked for chromium, chromium-browser): install Debian's "
            "`chromium` package; infratrack never downloads a browser"
        )
    return path


@contextmanager
def open_page(html: Path) -> Iterator[tuple[Page, PageLog]]:
    """`html` open in headless Chromium once its charts are drawn, with a log of its console
    errors, uncaught errors and every request it tried that was not local (all are refused)."""
    executable = chromium_path()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise ChromiumUnavailableError(f"playwright is not installed: {error}") from error
    log = PageLog()

    def route(route: Route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            log.blocked_requests.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            raise ChromiumUnavailableError(
                f"Chromium at {executable} did not start: {error}"
            ) from error
        try:
            page = browser.new_page(viewport={"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT})
            page.on(
                "console",
                lambda m: log.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: log.page_errors.append(str(e)))
            page.route("**/*", route)
            page.goto(html.resolve().as_uri(), wait_until="load")
            try:
                page.wait_for_function(
                    "document.documentElement.dataset.chartsRendered !== undefined",
                    timeout=RENDER_TIMEOUT_MS,
                )
            except PlaywrightError as error:
                log.page_errors.append(f"charts did not finish rendering: {error}")
            yield page, log
        finally:
            browser.close()


def chart_status(page: Page) -> dict[str, bool]:
    status: Any = page.evaluate(CHART_STATUS_JS)
    return {str(k): bool(v) for k, v in status.items()}


def check_page(html: Path) -> PageCheck:
    with open_page(html) as (page, log):
        charts = chart_status(page)
    return PageCheck(log.console_errors, log.page_errors, log.blocked_requests, charts)


def save_screenshot(page: Page, png: Path) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(png), full_page=True)


def screenshot(html: Path, png: Path) -> None:
    """A full-page PNG of the report at `html`, as headless Chromium draws it."""
    with open_page(html) as (page, _):
        save_screenshot(page, png)
