"""What every explorer shares: a widget box that also carries a static result, and a sentence
whose numbers never wrap."""

from __future__ import annotations

import html

import ipywidgets as widgets

from crm_lessons.errors import CRMDataError


class ExplorerBox(widgets.VBox):
    """A VBox that also carries a static HTML result for pages without a widget front end."""

    static_html = ""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, dict) and self.static_html:
            data["text/html"] = self.static_html
        return data


def sentence_html(text: str) -> str:
    """`text` as an HTML paragraph in which no number is split across two lines: every word
    holding a digit ("€1,234", "20%", "(70%") is kept whole.

    Examples
    --------
    >>> sentence_html("champions are 20% of customers (€1,234).")
    '<p>champions are <span style="white-space: nowrap">20%</span> of customers <span style="white-space: nowrap">(€1,234).</span></p>'
    """
    if not isinstance(text, str):
        raise CRMDataError(f"sentence_html needs text, not {type(text).__name__}.")
    words = [f'<span style="white-space: nowrap">{w}</span>' if any(c.isdigit() for c in w)
             else w for w in html.escape(text).split(" ")]
    return "<p>" + " ".join(words) + "</p>"
