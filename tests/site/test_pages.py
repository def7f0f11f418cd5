"""The site's HTML: links rewritten to pages, the navigation bar, no script from a CDN."""

from __future__ import annotations

import nbformat

from crm_lessons.site.pages import Link, finish_page, lesson_html, markdown_html, rewrite_links

PAGES = {"01_crm_goals.ipynb": "01_crm_goals.html", "../data/store/README.md": "data-store.html"}


def test_a_link_to_a_lesson_or_a_readme_points_at_its_page():
    page = ('<a href="01_crm_goals.ipynb#you-will-learn">01</a> '
            '<a href="../data/store/README.md">data</a> <a href="https://example.org">out</a>')
    out = rewrite_links(page, PAGES)
    assert 'href="01_crm_goals.html#you-will-learn"' in out
    assert 'href="data-store.html"' in out
    assert 'href="https://example.org"' in out        # an outside link is left as it is


def test_a_link_to_a_lesson_not_in_the_site_becomes_plain_text():
    out = rewrite_links('see <a href="03_customer_attraction.ipynb">lesson 03</a>', PAGES)
    assert "<a " not in out and "lesson 03" in out


def test_the_navigation_bar_marks_the_page_itself():
    page = markdown_html("Glossary", "# Glossary\n\n[next](01_crm_goals.ipynb)\n")
    out = finish_page(page, [Link("index.html", "Course map"), Link("glossary.html", "Glossary")],
                      "glossary.html", PAGES)
    assert '<a href="index.html">Course map</a>' in out
    assert '<span class="crm-here">Glossary</span>' in out
    assert 'href="01_crm_goals.html"' in out and "crm-site-nav" not in out


def test_a_lesson_page_loads_nothing_from_outside_and_labels_its_chart():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A lesson\n\nSome $5 text."),
                nbformat.v4.new_code_cell("chart()", outputs=[nbformat.v4.new_output(
                    "display_data", data={"image/png": "iVBORw0KGgo="},
                    metadata={"image/png": {"alt": "Champions bring 60% of revenue"}})])]
    out = lesson_html(nb)
    assert "<script" not in out.split("</head>")[0]      # no RequireJS, MathJax or widgets
    assert "cdn" not in out.lower() and "http://" not in out.split("<body")[0]
    assert 'alt="Champions bring 60% of revenue"' in out
    assert 'href="lab.css"' in out and 'href="site.css"' in out
