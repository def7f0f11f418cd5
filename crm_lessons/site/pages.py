"""The site's HTML: a lesson page exported with nbconvert's lab template (kept local: no
RequireJS, MathJax, Mermaid or widget manager, whose defaults load from a CDN), pages of plain
Markdown (the course map, the glossary, the data sets' READMEs), and the links between them.

Every page links two style sheets written once into the site: ``lab.css`` (JupyterLab's own
styles, copied from the installed nbconvert) and ``site.css`` (the course's: a readable column
on a phone and on a projector, wide tables and code scrolling inside their box).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_NAME = "crm_site.html.j2"
NAV_MARK = "<!--crm-site-nav-->"

NO_ALT = "A chart without a title"
TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block notebook_css %}
<link rel="stylesheet" href="lab.css">
<link rel="stylesheet" href="site.css">
{% endblock notebook_css %}
{%- block body_header -%}
<body class="jp-Notebook crm-page" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
""" + NAV_MARK + r"""
<main>
{%- endblock body_header -%}
{% block body_footer %}
</main>
""" + NAV_MARK + r"""
</body>
{% endblock body_footer %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
 alt="{{ ((output | get_metadata('alt', 'image/png')) or 'A chart without a title') | escape_html }}">
</div>
{%- endblock data_png %}
{% block rawcell scoped %}
{%- if 'site-solution' in cell.metadata.get('tags', []) -%}
{{ cell.source }}
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock rawcell %}
{% block error -%}
<div class="jp-RenderedText jp-OutputArea-output crm-error" data-mime-type="application/vnd.jupyter.stderr">
<pre>
{{- super() -}}
</pre>
</div>
{%- endblock error %}
"""

SITE_CSS = """
html { font-size: 18px; }
body.crm-page { margin: 0; padding: 0 1rem; background: #fff; color: #1a1a1a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
  --jp-content-font-size1: 1rem; --jp-code-font-size: 0.85rem; --jp-ui-font-size1: 0.9rem; }
main { max-width: 58rem; margin: 0 auto; padding: 0.5rem 0 2rem; }
.crm-nav { max-width: 58rem; margin: 0 auto; padding: 0.6rem 0; display: flex; flex-wrap: wrap;
  gap: 0.4rem 1.2rem; border-bottom: 1px solid #ccc; font-size: 0.95rem; }
.crm-nav:last-of-type { border-bottom: none; border-top: 1px solid #ccc; }
.crm-nav a { color: #0b5394; }
.crm-nav .crm-here { font-weight: 600; }
.jp-Cell { padding: 0.3rem 0; }
.jp-InputPrompt, .jp-OutputPrompt { display: none; }
.jp-InputArea, .jp-OutputArea-child { display: block; }
.jp-InputArea-editor, .jp-OutputArea-output, .jp-RenderedHTMLCommon { max-width: 100%;
  overflow-x: auto; }
.jp-InputArea-editor { border: 1px solid #ddd; background: #f7f7f7; }
.jp-RenderedHTMLCommon { font-size: 1rem; }
.jp-RenderedHTMLCommon table { display: block; overflow-x: auto; max-width: 100%; }
pre { overflow-x: auto; max-width: 100%; }
img { max-width: 100%; height: auto; }
.crm-solution { margin: 0.4rem 0 1rem; border: 1px dashed #888; padding: 0.3rem 0.6rem; }
.crm-solution summary { cursor: pointer; font-weight: 600; }
.crm-markdown table { border-collapse: collapse; display: block; overflow-x: auto;
  max-width: 100%; }
.crm-markdown pre { display: block; overflow-x: auto; max-width: 100%; background: #f7f7f7;
  padding: 0.4rem; }
main { overflow-wrap: break-word; }
a.anchor-link { display: none; }
.crm-markdown th, .crm-markdown td { border: 1px solid #ccc; padding: 0.25rem 0.5rem;
  vertical-align: top; text-align: left; }
.crm-markdown code { background: #f2f2f2; padding: 0 0.2rem; }
@media (max-width: 480px) {
  html { font-size: 16px; }
  body.crm-page { padding: 0 0.6rem; }
}
"""


@dataclass(frozen=True)
class Link:
    """One entry of the navigation bar: the page it opens and its label."""

    href: str
    label: str


def nav_html(links: list[Link], here: str) -> str:
    """The navigation bar of a page; the entry for the page itself is marked, not linked."""
    items = [f'<span class="crm-here">{html.escape(link.label)}</span>' if link.href == here
             else f'<a href="{html.escape(link.href)}">{html.escape(link.label)}</a>'
             for link in links]
    return '<nav class="crm-nav" aria-label="Course">' + "\n".join(items) + "</nav>"


def lab_css() -> str:
    """JupyterLab's styles (light theme) from the installed nbconvert's lab template."""
    from nbconvert.exporters import HTMLExporter

    for folder in HTMLExporter(template_name="lab").template_paths:
        index = Path(folder) / "static" / "index.css"
        if index.is_file():
            return index.read_text(encoding="utf-8") + "\n" + (
                index.parent / "theme-light.css").read_text(encoding="utf-8")
    raise FileNotFoundError("nbconvert's lab template (static/index.css) was not found. Fix: "
                            "reinstall the course (make setup) so nbconvert is complete.")


def lesson_html(nb) -> str:
    """One executed lesson as a page (the navigation bars are added by `finish_page`)."""
    from jinja2 import DictLoader
    from nbconvert.exporters import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({TEMPLATE_NAME:
                                                                           TEMPLATE})],
                            template_file=TEMPLATE_NAME, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def markdown_html(title: str, text: str) -> str:
    """A page of Markdown (the course map, the glossary, a data set's README)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)}</title>\n"
            '<link rel="stylesheet" href="site.css">\n</head>\n<body class="crm-page">\n'
            f'{NAV_MARK}\n<main class="crm-markdown">\n{markdown2html_mistune(text)}\n</main>\n'
            f"{NAV_MARK}\n</body>\n</html>\n")


ANCHOR = re.compile(r'<a\s[^>]*href="(?P<url>[^"#]*)(?:#[^"]*)?"[^>]*>(?P<text>.*?)</a>', re.S)


def rewrite_links(page: str, pages: dict[str, str]) -> str:
    """Point each link to a course file (``02_x.ipynb``, ``../data/store/README.md``) at its
    page, using `pages` (file name or path as written -> page); a link to a lesson that is not
    in this site becomes plain text, so no link on a page leads nowhere."""
    def one(m: re.Match) -> str:
        url = html.unescape(m.group("url"))
        if not url or re.match(r"^[a-z]+:", url) or url.endswith(".html"):
            return m.group(0)
        target = pages.get(url) or pages.get(url.rsplit("/", 1)[-1]) if url.endswith(
            ".ipynb") else pages.get(url)
        if target is None:
            return f'<span class="crm-missing">{m.group("text")}</span>'
        return m.group(0).replace(f'href="{m.group("url")}', f'href="{html.escape(target)}', 1)

    return ANCHOR.sub(one, page)


def finish_page(page: str, links: list[Link], here: str, pages: dict[str, str]) -> str:
    """A page with its links rewritten and the navigation bar at its top and bottom."""
    return rewrite_links(page, pages).replace(NAV_MARK, nav_html(links, here))
