"""The "Client" and "Author" boxes of a report's title page, shared by the apps
that write a workshop PDF (:func:`supportroi.reports.pdf.pdf_report`)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

__all__ = ["MAX_FIELD", "ReportFields"]

#: Longest client or author name accepted. [characters]
MAX_FIELD = 200


class ReportFields:
    """The "Client" and "Author" text boxes of a report's title page
    (``client``, ``author``; ``widget`` lays them out). :meth:`values` returns
    them checked, or the problems."""

    def __init__(self, on_change: Callable[[], None] | None = None):
        self.client = w.Text(description="Client", placeholder="who the report is for",
                             layout=w.Layout(width="300px"),
                             style={"description_width": "50px"})
        self.client.add_class("sr-report-client")
        self.author = w.Text(description="Author", placeholder="your name",
                             layout=w.Layout(width="260px"),
                             style={"description_width": "50px"})
        self.author.add_class("sr-report-author")
        if on_change is not None:
            for box in (self.client, self.author):
                box.observe(lambda _c: on_change(), names="value")
        self.widget = w.HBox([self.client, self.author],
                             layout=w.Layout(flex_flow="row wrap", align_items="center"))

    def values(self) -> tuple[str, str, list[str]]:
        """(client, author, problems): text trimmed; a problem names the box and the limit."""
        out, problems = [], []
        for label, box in (("Client", self.client), ("Author", self.author)):
            text = " ".join(str(box.value or "").split())
            if len(text) > MAX_FIELD:
                problems.append(f"{label}: at most {MAX_FIELD} characters (this one has "
                                f"{len(text):,}); shorten it")
                text = ""
            out.append(text)
        return out[0], out[1], problems
