"""The course as a static site, opened the way a student on a phone or a projector meets it.

The site is built once for the module (`crm_lessons.site.build_site`, the instructor's version
with solutions, on the shipped data) into a temporary folder, served on 127.0.0.1, and every
page is opened in headless Chromium at 1280x720 and 390x844 with every request outside the site
blocked and logged. A page fails on a blocked request, a file the site lacks, an image that did
not load or has no alt text, an error output, a link to a page or anchor that does not exist,
or a page wider than the phone. Screenshots go to test-artifacts/site/.

The last test proves the checker catches each of those faults, on a deliberately broken page.

Needs Debian's Chromium at /usr/bin/chromium: skipped without it, except under CI (CI=true).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from browser_support import PROJECT_DIR, chromium_for_tests
from site_support import SiteServer, check_page, ids_in

from crm_lessons.course import lessons
from crm_lessons.site import build_site

pytestmark = pytest.mark.browser
SHOTS = PROJECT_DIR / "test-artifacts" / "site"


@pytest.fixture(scope="module")
def browser():
    yield from chromium_for_tests()


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("site") / "site"
    started = time.monotonic()
    pages = build_site(folder, with_solutions=True)
    print(f"site built in {time.monotonic() - started:.1f} s")
    return folder, pages


def test_every_lesson_has_its_page_and_the_index_is_the_course_map(site):
    folder, pages = site
    names = {p.name for p in pages}
    for row in lessons().itertuples():
        assert Path(row.file).with_suffix(".html").name in names
        assert row.file.replace(".ipynb", ".html") in (folder / "index.html").read_text()
    assert {"index.html", "glossary.html", "data-store.html"} <= names
    for page in pages:                          # every link to a lesson leads to its page
        assert not re.search(r'href="[^"]*\.ipynb', page.read_text(encoding="utf-8")), page.name


def test_exercises_show_their_blank_feedback_and_folded_solution(site):
    folder, _ = site
    text = (folder / "02_customer_identification.html").read_text(encoding="utf-8")
    assert "____" in text                       # the blank, as the notebook shows it
    assert '<details class="crm-solution">' in text and "<details open" not in text


def test_every_page_opens_offline_with_no_fault(site, browser):
    folder, pages = site
    ids_of = ids_in(folder)
    faults = []
    with SiteServer(folder) as server:
        for page in pages:
            report = check_page(browser, server, page.name, SHOTS, ids_of)
            faults += [f"{page.name}: {p}" for p in report.problems]
    assert not faults, "\n".join(faults)


BROKEN_PAGE = """<!DOCTYPE html><html><head><link rel="stylesheet" href="site.css">
<script src="https://cdn.example.org/require.js"></script></head><body class="crm-page"><main>
<p>{filler}</p>
<img src="no-such-chart.png" alt="A chart">
<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==">
<div class="crm-error"><pre>Traceback (most recent call last): ZeroDivisionError</pre></div>
<a href="03_not_there.html">next</a> <a href="index.html#no-such-anchor">map</a>
<div style="width: 2000px">too wide</div>
</main></body></html>"""


def test_the_checker_catches_every_fault_on_a_broken_page(site, browser, tmp_path):
    folder, _ = site
    copy = tmp_path / "site"
    shutil.copytree(folder, copy)
    (copy / "broken.html").write_text(BROKEN_PAGE.format(filler="words " * 60), encoding="utf-8")
    with SiteServer(copy) as server:
        report = check_page(browser, server, "broken.html", tmp_path / "shots", ids_in(copy))
    found = "\n".join(report.problems)
    assert "cdn.example.org" in found and report.blocked
    assert "no-such-chart.png answered 404" in found
    assert "an image did not load" in found and "no alt text" in found
    assert "an error output" in found
    assert "03_not_there.html" in found and "#no-such-anchor" in found
    assert "px wide" in found
    with SiteServer(folder) as server:           # and a sound page of the same site passes
        ok = check_page(browser, server, "index.html", tmp_path / "shots", ids_in(folder))
    assert not ok.problems, ok.problems
