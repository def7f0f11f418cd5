"""The class report as one HTML page: every chart is a PNG inside the page, there is no script,
no font and no style sheet to fetch, so it opens offline, from a USB stick or a mail. Every
text that comes from a student or a file (names, answers, messages, flags) is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

STYLE = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--soft:#f6f8fa;--accent:#0072B2}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:18px;
 line-height:1.5;color:var(--ink);max-width:62em;margin:0 auto;padding:1em 1.2em 3em}
h1{font-size:1.7em;margin:.2em 0 .1em}h2{font-size:1.3em;margin-top:2em;
 border-bottom:2px solid var(--line);padding-bottom:.2em}h3{font-size:1.08em;margin:1.4em 0 .3em}
p.lead{color:var(--muted);margin-top:0}nav{background:var(--soft);padding:.4em .8em;
 border-radius:6px}nav a{margin-right:1em}a{color:var(--accent)}
img{width:100%;max-width:760px;height:auto;display:block;margin:.6em 0}
.scroll{overflow-x:auto;margin:.5em 0}
table{border-collapse:collapse;font-size:.92em;min-width:50%}
th,td{border-bottom:1px solid var(--line);padding:.3em .7em;text-align:left;vertical-align:top}
th{background:var(--soft)}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.answer{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2em 0 .8em;padding:.4em .7em;
 border-left:4px solid var(--line);background:#fff}
.who{font-weight:600}.msg{white-space:pre-wrap;overflow-wrap:anywhere;color:var(--muted)}
.self{border:2px dashed #E69F00;border-radius:8px;padding:.2em 1em 1em;margin-top:2em}
.tag{display:inline-block;background:#E69F00;color:#000;font-weight:700;font-size:.8em;
 padding:.05em .5em;border-radius:4px;text-transform:uppercase;letter-spacing:.04em}
details{margin:1em 0}summary{cursor:pointer;color:var(--accent);font-weight:600}
@media (max-width:600px){body{font-size:16px;padding:.6em .7em 2em}h1{font-size:1.4em}
 th,td{padding:.25em .4em}}
"""


def esc(value: object) -> str:
    """`value` as text safe inside HTML (and inside an attribute).

    >>> esc("<script>alert('x')</script>")
    '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def number(value: object) -> str:
    """A figure as short text: whole numbers without a decimal point, others to one place."""
    if value is None or pd.isna(value):
        return "–"
    value = float(value)
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def table(head: Iterable[str], rows: Iterable[Iterable[object]],
          numeric: Iterable[int] = ()) -> str:
    """An HTML table (in a box that scrolls sideways on a narrow screen); cells are escaped,
    except those given as ``Markup`` (already safe HTML)."""
    numeric = set(numeric)

    def cell(tag: str, i: int, value: object) -> str:
        cls = ' class="n"' if i in numeric else ""
        text = value.html if isinstance(value, Markup) else esc(value)
        return f"<{tag}{cls}>{text}</{tag}>"

    head_html = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return (f'<div class="scroll"><table><thead><tr>{head_html}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


class Markup:
    """HTML that was built from escaped parts, to put in a table cell as it is."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text


def figure(chart: tuple[str, str]) -> str:
    uri, title = chart
    return f'<img src="{uri}" alt="{esc(title)}">'


def document(title: str, lead: str, sections: list[tuple[str, str, str]]) -> str:
    """The whole page: a title, a lead line, a table of contents and the sections
    (anchor, heading, body HTML)."""
    nav = " ".join(f'<a href="#{a}">{esc(h)}</a>' for a, h, _ in sections)
    body = "\n".join(f'<section id="{a}"><h2>{esc(h)}</h2>\n{b}</section>'
                     for a, h, b in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{esc(title)}</title><style>{STYLE}</style></head><body>
<h1>{esc(title)}</h1><p class="lead">{lead}</p>
<nav>{nav}</nav>
{body}
</body></html>
"""
