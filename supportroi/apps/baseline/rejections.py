"""Section 3 of the baseline app: every row set aside, by reason and line by line."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ...baseline import REASONS
from ...baseline.messages import detail_message
from ...baseline.rows import ACTION_BLANKED, ACTION_SET_ASIDE
from ...formatting import safe_text
from ...i18n import DEFAULT_LANGUAGE, translator
from ..base import download_link, guarded
from .common import FIELD_KEYS as REASON_FIELDS
from .common import ROW, cell, field_label, say

__all__ = ["REJECTION_ROWS", "RejectionsPanel", "plain_lines", "reason_headings",
           "reason_rows"]

#: Problem lines shown in the table (the CSV download has them all).
REJECTION_ROWS = 50
#: Columns of the problem lines, and the messages of their headings on the page.
_COLUMNS = {"row": "baseline.rejections.row", "field": "baseline.rejections.field",
            "column": "baseline.rejections.column", "value": "baseline.rejections.value",
            "problem": "baseline.rejections.problem", "detail": "baseline.rejections.detail",
            "action": "baseline.rejections.action"}
#: Columns of the CSV download (``reason`` is the problem's code, for filtering).
_CSV_COLUMNS = ["row", "field", "column", "value", "problem", "detail", "action", "reason"]
#: The words of each reason a value or row is refused (:data:`~supportroi.baseline.REASONS`).
REASON_KEYS = {"malformed_line": "baseline.reasons.malformed_line",
               "date_missing": "baseline.reasons.date_missing",
               "date_unparseable": "baseline.reasons.date_unparseable",
               "date_out_of_range": "baseline.reasons.date_out_of_range",
               "resolved_before_created": "baseline.reasons.resolved_before_created",
               "duration_unparseable": "baseline.reasons.duration_unparseable",
               "duration_negative": "baseline.reasons.duration_negative",
               "duration_too_long": "baseline.reasons.duration_too_long",
               "score_off_scale": "baseline.reasons.score_off_scale",
               "channel_unknown": "baseline.reasons.channel_unknown",
               "reopens_invalid": "baseline.reasons.reopens_invalid",
               "duplicate_id": "baseline.reasons.duplicate_id",
               "outcome_unknown": "baseline.reasons.outcome_unknown",
               "flag_invalid": "baseline.reasons.flag_invalid"}
_ACTIONS = {ACTION_SET_ASIDE: "baseline.rejections.set_aside",
            ACTION_BLANKED: "baseline.rejections.left_blank"}


def reason_text(reason: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why a value or row was refused, in ``lang`` (the code itself if it is unknown)."""
    if lang == DEFAULT_LANGUAGE or reason not in REASON_KEYS:
        return REASONS.get(reason, reason)
    return translator(lang)(REASON_KEYS[reason])


def _detail(text, reason: str, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE or not text:
        return str(text)
    if str(text) == REASONS.get(reason):
        return reason_text(reason, lang)
    found = detail_message(text)
    return say(found, lang) if found is not None else str(text)


def plain_lines(rejections: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The problem lines in plain words in ``lang``: the field's label instead of its name,
    the problem's description (:data:`~supportroi.baseline.REASONS`) beside its code, the
    detail only where it adds to the description, and what was done."""
    t = translator(lang)
    out = rejections.copy()
    out["field"] = [field_label(f, lang) if f else t("baseline.rejections.whole_line_paren")
                    for f in out["field"]]
    problems = [reason_text(r, lang) for r in out["reason"]]
    details = [_detail(d, r, lang) for d, r in zip(out["detail"], out["reason"])]
    out["problem"] = problems
    out["detail"] = [d if str(d) != p else "" for d, p in zip(details, problems)]
    out["action"] = [t(_ACTIONS[a]) if a in _ACTIONS else a for a in out["action"]]
    return out


def reason_headings(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Headings of the summary by reason (:func:`reason_rows`), in ``lang``."""
    t = translator(lang)
    return [t(k) for k in ("baseline.rejections.problem", "baseline.rejections.rows",
                           "baseline.rejections.values", "baseline.rejections.fields",
                           "baseline.rejections.first_rows")]


def reason_rows(export, lang: str = DEFAULT_LANGUAGE) -> list[list[str]]:
    """The problems of ``export`` by reason, as text in ``lang``: the reason, rows with it,
    values with it, the fields it was found in, and the first rows."""
    t = translator(lang)
    sep = t("baseline.words.list_separator")
    rows = []
    for reason, r in export.summary.iterrows():
        fields = sep.join(field_label(f.strip(), lang) if f.strip() in REASON_FIELDS
                          else t("baseline.rejections.whole_line")
                          for f in str(r["fields"]).split(","))
        rows.append([reason_text(reason, lang), t.number(int(r["rows"])),
                     t.number(int(r["problems"])), fields, str(r["first_rows"])])
    return rows


class RejectionsPanel:
    """The summary by reason, the first problem lines and the full list as a CSV.

    ``error`` is the HTML widget where a failing callback says so. :meth:`set_language`
    says it all again in another language from the export last shown.
    """

    def __init__(self, error: w.HTML, lang: str = DEFAULT_LANGUAGE):
        self.error = error
        self.lang = lang
        self.export = None
        self._rows_shown = REJECTION_ROWS
        self.summary = w.HTML()
        self.summary.add_class("sr-rejection-summary")
        self.table = w.HTML()
        self.table.add_class("sr-rejections")
        self.button = w.Button(icon="download", layout=w.Layout(width="auto"))
        self.button.add_class("sr-rejections-button")
        self.button.on_click(self._on_csv)
        self.link = w.HTML()
        self.heading = w.HTML()
        self.box = w.VBox([
            self.heading,
            self.summary, self.table,
            w.Box([self.button, self.link], layout=w.Layout(**ROW)),
        ], layout=w.Layout(display="none", width="100%"))
        self._label()

    def _label(self) -> None:
        t = translator(self.lang)
        self.heading.value = f"<h3>{html.escape(t('baseline.rejections.heading'))}</h3>"
        self.button.description = t("baseline.rejections.prepare")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._label()
        if self.export is not None:
            self.render(self.export, self._rows_shown)

    def render(self, export, rows_shown: int = REJECTION_ROWS) -> None:
        e = self.export = export
        self._rows_shown = rows_shown
        lang, t = self.lang, translator(self.lang)
        n = t.number
        self.link.value = ""
        if not len(e.rejections):
            self.summary.value = (f"<div class='sr-muted'>"
                                  f"{html.escape(t('baseline.rejections.none'))}</div>")
            self.table.value = ""
            self.button.layout.display = "none"
            return
        self.button.layout.display = None
        blanked = (" " + t.plural("baseline.rejections.blanked", e.n_blanked,
                                  count=f"<span class='sr-blanked-count'>{n(e.n_blanked)}"
                                        "</span>") if e.n_blanked else "")
        head = ("<div>" + t("baseline.rejections.head",
                            rejected=f"<span class='sr-rejected-count'>{n(e.n_rejected)}</span>",
                            rows=n(e.n_rows), problems=n(len(e.rejections)),
                            blanked=blanked) + "</div>")
        rows = ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in reason_rows(e, lang)]
        heads = "".join(f"<th>{html.escape(h)}</th>" for h in reason_headings(lang))
        self.summary.value = (
            f"{head}<div class='sr-scroll'><table class='sr-table sr-by-reason' lang='{lang}'>"
            f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
        shown = plain_lines(e.rejections.head(rows_shown), lang)
        body = []
        for r in shown.to_dict("records"):
            body.append("<tr>" + "".join(
                f"<td>{cell(r[c], 120 if c in ('problem', 'detail') else 60)}</td>"
                for c in _COLUMNS) + "</tr>")
        more = (t("baseline.rejections.first", shown=n(len(shown)), total=n(len(e.rejections)))
                if len(e.rejections) > len(shown)
                else t.plural("baseline.rejections.all", len(e.rejections)))
        self.table.value = (
            f"<div class='sr-muted' style='margin-top:6px'>{html.escape(more)}</div>"
            "<div class='sr-scroll sr-scroll-y'>"
            f"<table class='sr-table sr-problem-lines' lang='{lang}'><thead><tr>"
            + "".join(f"<th>{html.escape(t(h))}</th>" for h in _COLUMNS.values())
            + f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    @guarded
    def _on_csv(self, _button) -> None:
        if self.export is None:
            return
        # Cells come from the client's file: none may run as a spreadsheet formula.
        safe = plain_lines(self.export.rejections, self.lang)[_CSV_COLUMNS].map(safe_text)
        data = safe.to_csv(index=False).encode("utf-8")
        stem = Path(self.export.source).stem or "upload"
        self.link.value = download_link(
            data, f"{stem}-rows-set-aside.csv", "text/csv",
            translator(self.lang)("baseline.rejections.download",
                                  n=translator(self.lang).number(len(self.export.rejections))))
