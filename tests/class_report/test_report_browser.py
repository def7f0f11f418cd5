"""The class report opens in headless Chromium with the network blocked and shows its charts
(issue 21, "Done when"): every request other than the page itself is aborted and recorded,
and none may be attempted; every image must have loaded (naturalWidth > 0); the page fits
1280x720 and a phone's width without scrolling sideways; a script in a reflection is text.

Needs Debian's Chromium at /usr/bin/chromium: skipped without it, except under CI (CI=true).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import PROJECT_DIR, chromium_for_tests
from class_report_support import SCRIPT, write_class, write_progress

from crm_lessons.cli import main

pytestmark = pytest.mark.browser
SHOTS = PROJECT_DIR / "test-artifacts" / "class_report"
SCREENS = {"projector": {"width": 1280, "height": 720}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    yield from chromium_for_tests()


@dataclass
class Opened:
    attempted: list[str] = field(default_factory=list)     # requests other than the page
    images: list[dict] = field(default_factory=list)      # src start, complete, naturalWidth
    scripts: int = 0
    overflow: int = 0                                      # pixels wider than the screen
    text: str = ""


def open_offline(browser, page_file: Path, screen: dict, shot: Path | None = None) -> Opened:
    """Open `page_file` with every other request aborted (and recorded)."""
    url = page_file.resolve().as_uri()
    seen = Opened()
    context = browser.new_context(viewport=screen)
    page = context.new_page()

    def guard(route):
        if route.request.url == url:
            route.continue_()
        else:
            seen.attempted.append(route.request.url)
            route.abort()

    def any_request(request):     # what routing does not see (another local file) too
        if request.url != url and not request.url.startswith("data:") \
                and request.url not in seen.attempted:
            seen.attempted.append(request.url)

    page.route("**/*", guard)
    page.on("request", any_request)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        seen.images = page.evaluate("""() => [...document.images].map(i => ({
            src: i.src.slice(0, 30), complete: i.complete, width: i.naturalWidth}))""")
        seen.scripts = page.evaluate("document.querySelectorAll('script').length")
        seen.overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        seen.text = page.inner_text("body")
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return seen


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    gradebook = write_class(folder / "run")
    out = folder / "report.html"
    assert main(["class-report", str(gradebook), "--out", str(out), "--progress",
                 str(write_progress(folder / "exports"))]) == 0
    return out


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_report_opens_offline_and_shows_its_charts(browser, report, screen):
    seen = open_offline(browser, report, SCREENS[screen], SHOTS / f"class-report-{screen}.png")
    assert seen.attempted == [], f"the page tried to fetch: {seen.attempted}"
    assert len(seen.images) == 3
    for image in seen.images:
        assert image["src"].startswith("data:image/png")
        assert image["complete"] and image["width"] > 0, image
    assert seen.overflow <= 0, f"the page is {seen.overflow}px wider than the {screen} screen"
    assert seen.scripts == 0
    assert SCRIPT.split(" &")[0] in seen.text          # shown as text, not run
    assert "Completion per lesson" in seen.text and "SELF-REPORTED" in seen.text.upper()


def test_the_check_catches_a_page_that_fetches_and_a_chart_that_fails(browser, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html><body><img src="https://example.com/chart.png">'
                      '<img src="data:image/png;base64,AAAA"><link rel="stylesheet" '
                      'href="https://cdn.example.com/x.css"><img src="beside.png"></body></html>')
    (tmp_path / "beside.png").write_bytes(b"")
    seen = open_offline(browser, broken, SCREENS["projector"])
    assert "https://example.com/chart.png" in seen.attempted
    assert "https://cdn.example.com/x.css" in seen.attempted
    assert (tmp_path / "beside.png").as_uri() in seen.attempted
    assert [i["width"] for i in seen.images] == [0, 0, 0]
