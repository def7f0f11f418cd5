"""What every explorer shares: a widget box that also carries a static result."""

from __future__ import annotations

import ipywidgets as widgets


class ExplorerBox(widgets.VBox):
    """A VBox that also carries a static HTML result for pages without a widget front end."""

    static_html = ""

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, dict) and self.static_html:
            data["text/html"] = self.static_html
        return data
