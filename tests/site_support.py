"""Open the pages of a built site in headless Chromium, the way a student or a projector would.

`SiteServer` serves one site folder on 127.0.0.1 (a free port), so the browser fetches every
page and asset over HTTP and the test sees each request. `check_page` opens one page with every
request outside that folder blocked and logged, and returns what a reader would see go wrong:
a blocked request, a file the site lacks, an image that did not load or has no alt text, an
error output, a link to a page or anchor that does not exist, a page wider than a phone's
screen; it also saves screenshots at 1280x720 and 390x844.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from browser_support import free_port

VIEWPORTS = {"1280x720": {"width": 1280, "height": 720}, "390x844": {"width": 390, "height": 844}}
NO_ALT = "A chart without a title"

PAGE_STATE_JS = """() => ({
  images: [...document.images].map(i => ({src: i.src.slice(0, 60), ok: i.complete &&
      i.naturalWidth > 0, alt: i.getAttribute('alt')})),
  errors: [...document.querySelectorAll('.crm-error, [data-mime-type$="stderr"]')]
      .filter(e => e.matches('.crm-error') || /Traceback|Error\b/.test(e.innerText))
      .map(e => e.innerText.slice(0, 200)),
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  width: document.documentElement.scrollWidth,
  text: document.body.innerText.length,
})"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports what matters; no access log on stderr
        pass


class SiteServer:
    """A site folder served on 127.0.0.1 while the `with` block runs."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        handler = functools.partial(_Quiet, directory=str(self.folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class PageReport:
    page: str
    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)


def _link_problem(site: Path, page: str, href: str, ids_of) -> str | None:
    """Why `href` on `page` leads nowhere inside the site, or None when it works."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
        return None                     # an outside page: a reader's own click, never loaded
    url = urlparse(urljoin(f"http://site/{page}", href))
    target = unquote(url.path).lstrip("/") or "index.html"
    if not (site / target).is_file():
        return f"the link {href!r} leads to {target}, which the site does not have"
    if url.fragment and url.fragment not in ids_of(target):
        return f"the link {href!r} leads to #{url.fragment}, which {target} does not have"
    return None


def check_page(browser, server: SiteServer, page: str, shots: Path, ids_of) -> PageReport:
    """Open `page` of the served site at both sizes; return its report (problems empty = fine)."""
    report = PageReport(page)

    def guard(route):
        url = route.request.url
        if url.startswith(server.url):
            route.continue_()
        else:
            report.blocked.append(url)
            route.abort()

    for size, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.route(re.compile(r".*"), guard)
        missing: list[str] = []
        tab.on("response", lambda r, m=missing: r.status >= 400 and m.append(
            f"{r.url} answered {r.status}"))
        tab.goto(server.url + page, wait_until="load")
        state = tab.evaluate(PAGE_STATE_JS)
        shots.mkdir(parents=True, exist_ok=True)
        path = shots / f"{Path(page).stem}-{size}.png"
        tab.screenshot(path=str(path))
        report.screenshots.append(path)
        _shoot_first(tab, ".crm-solution, .jp-OutputArea-output img",
                     shots / f"{Path(page).stem}-{size}-inside.png", report)
        context.close()
        report.problems += missing
        if size == "390x844" and state["width"] > viewport["width"] + 1:
            report.problems.append(f"at {size} the page is {state['width']} px wide: something "
                                   "does not scroll inside its box")
        if size != "1280x720":
            continue
        for img in state["images"]:
            if not img["ok"]:
                report.problems.append(f"an image did not load ({img['src']}...)")
            if not (img["alt"] or "").strip() or img["alt"] == NO_ALT:
                report.problems.append(f"an image has no alt text stating its finding "
                                       f"({img['src']}...)")
        report.problems += [f"an error output: {text}" for text in state["errors"]]
        if state["text"] < 200:
            report.problems.append(f"the page shows almost no text ({state['text']} characters)")
        for href in sorted(set(state["links"])):
            problem = _link_problem(server.folder, page, href, ids_of)
            if problem:
                report.problems.append(problem)
    report.problems += [f"a request outside the site was blocked: {u}" for u in report.blocked]
    return report


def _shoot_first(tab, selector: str, path: Path, report: PageReport) -> None:
    """A screenshot scrolled to the first element matching `selector` (a chart, a solution)."""
    found = tab.locator(selector)
    if not found.count():
        return
    found.first.scroll_into_view_if_needed()
    tab.screenshot(path=str(path))
    report.screenshots.append(path)


def ids_in(site: Path):
    """A function giving the element ids of a page of `site` (read once per page)."""
    @functools.lru_cache(maxsize=None)
    def ids_of(page: str) -> frozenset[str]:
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        return frozenset(html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', text))
    return ids_of
