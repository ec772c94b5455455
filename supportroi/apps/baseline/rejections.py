"""Section 3 of the baseline app: every row set aside, by reason and line by line."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ...baseline import REASONS
from ...formatting import safe_text
from ..base import download_link, guarded
from .common import FIELD_LABELS, ROW, cell

__all__ = ["REJECTION_ROWS", "RejectionsPanel", "plain_lines"]

#: Problem lines shown in the table (the CSV download has them all).
REJECTION_ROWS = 50
#: Columns of the problem lines, and their headings on the page.
_COLUMNS = {"row": "row", "field": "field", "column": "column", "value": "value",
            "problem": "problem", "detail": "detail", "action": "what was done"}
#: Columns of the CSV download (``reason`` is the problem's code, for filtering).
_CSV_COLUMNS = ["row", "field", "column", "value", "problem", "detail", "action", "reason"]


def plain_lines(rejections: pd.DataFrame) -> pd.DataFrame:
    """The problem lines in plain words: the field's label instead of its name, the
    problem's description (:data:`~supportroi.baseline.REASONS`) beside its code, and the
    detail only where it adds to the description."""
    out = rejections.copy()
    out["field"] = [FIELD_LABELS.get(f, f) if f else "(whole line)" for f in out["field"]]
    out["problem"] = [REASONS.get(r, r) for r in out["reason"]]
    out["detail"] = [d if str(d) != p else "" for d, p in zip(out["detail"], out["problem"])]
    return out


class RejectionsPanel:
    """The summary by reason, the first problem lines and the full list as a CSV.

    ``error`` is the HTML widget where a failing callback says so.
    """

    def __init__(self, error: w.HTML):
        self.error = error
        self.export = None
        self.summary = w.HTML()
        self.summary.add_class("sr-rejection-summary")
        self.table = w.HTML()
        self.table.add_class("sr-rejections")
        self.button = w.Button(description="Prepare the full list (CSV)", icon="download",
                               layout=w.Layout(width="auto"))
        self.button.add_class("sr-rejections-button")
        self.button.on_click(self._on_csv)
        self.link = w.HTML()
        self.box = w.VBox([
            w.HTML("<h3>3. Rows set aside and values left blank</h3>"),
            self.summary, self.table,
            w.Box([self.button, self.link], layout=w.Layout(**ROW)),
        ], layout=w.Layout(display="none", width="100%"))

    def render(self, export, rows_shown: int = REJECTION_ROWS) -> None:
        e = self.export = export
        self.link.value = ""
        if not len(e.rejections):
            self.summary.value = "<div class='sr-muted'>None: every data row is used.</div>"
            self.table.value = ""
            self.button.layout.display = "none"
            return
        self.button.layout.display = None
        blanked = (f" <span class='sr-blanked-count'>{e.n_blanked:,}</span> other "
                   f"row{'s' if e.n_blanked != 1 else ''} are kept with a bad value left "
                   "blank: they count as contacts, and only KPIs of that value leave them "
                   "out." if e.n_blanked else "")
        head = (f"<div><b><span class='sr-rejected-count'>{e.n_rejected:,}</span> of "
                f"{e.n_rows:,} rows set aside</b> ({len(e.rejections):,} problems). None of "
                f"them is used in any KPI.{blanked} Fix them in the source and upload again, "
                "or accept the loss. Row numbers are as in the file (the header is row 1)."
                "</div>")
        rows = []
        for reason, r in e.summary.iterrows():
            fields = ", ".join(FIELD_LABELS.get(f.strip(), "whole line")
                               for f in str(r["fields"]).split(","))
            rows.append(f"<tr><td>{html.escape(str(r['description']))}</td>"
                        f"<td>{int(r['rows']):,}</td><td>{int(r['problems']):,}</td>"
                        f"<td>{html.escape(fields)}</td>"
                        f"<td>{html.escape(str(r['first_rows']))}</td></tr>")
        self.summary.value = (
            f"{head}<div class='sr-scroll'><table class='sr-table sr-by-reason'><thead><tr>"
            "<th>problem</th><th>rows</th><th>values</th><th>fields</th>"
            f"<th>first rows</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
        shown = plain_lines(e.rejections.head(rows_shown))
        body = []
        for r in shown.to_dict("records"):
            body.append("<tr>" + "".join(
                f"<td>{cell(r[c], 120 if c in ('problem', 'detail') else 60)}</td>"
                for c in _COLUMNS) + "</tr>")
        more = (f"First {len(shown):,} of {len(e.rejections):,} problems; the full list is in "
                "the CSV below." if len(e.rejections) > len(shown)
                else f"All {len(e.rejections):,} problems.")
        self.table.value = (
            f"<div class='sr-muted' style='margin-top:6px'>{more}</div>"
            "<div class='sr-scroll sr-scroll-y'>"
            "<table class='sr-table sr-problem-lines'><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in _COLUMNS.values())
            + f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    @guarded
    def _on_csv(self, _button) -> None:
        if self.export is None:
            return
        # Cells come from the client's file: none may run as a spreadsheet formula.
        safe = plain_lines(self.export.rejections)[_CSV_COLUMNS].map(safe_text)
        data = safe.to_csv(index=False).encode("utf-8")
        stem = Path(self.export.source).stem or "upload"
        self.link.value = download_link(
            data, f"{stem}-rows-set-aside.csv", "text/csv",
            f"Download all {len(self.export.rejections):,} problems (CSV)")
