"""Take-away reports: a PDF of a scenario, a comparison or a risk analysis.

* :func:`pdf_report` — a PDF of one :class:`~supportroi.model.Evaluation` or
  of a :class:`~supportroi.compare.Comparison`, drawn with matplotlib's
  ``PdfPages`` (no browser): headline figures, charts, key assumptions,
  intangibles, the date and the conventions. With ``title_page`` (on when a
  client, an author or a risk summary is given) it is a workshop report: a
  title page (client, scenario, date, author), an executive summary, the
  yearly table, the charts, the assumptions that differ from the defaults
  with their sources and the intangibles; a :class:`RiskSummary` adds the
  tornado, the Monte Carlo (P(ROI > 0), P10 / P50 / P90, histogram and
  cumulative distribution) and the break-even.
* The pieces are reusable by any app's report: :class:`Document` (A4 pages
  with a cursor, wrapped text, tables, cards, axes, a footer) and the
  section builders :func:`title_page`, :func:`summary_section`,
  :func:`yearly_section`, :func:`charts_section`,
  :func:`changed_assumptions_section`, :func:`intangibles_section`,
  :func:`provisional_section` and :func:`risk_sections`.
* ``still_needed`` (a baseline's inputs still at a default nobody entered or
  confirmed, :mod:`.provisional`) marks a report provisional.

Text typed by users (titles, descriptions, intangibles, file names) is
wrapped to the space it has, cut with "…" when it would overflow, and never
read as mathtext (a title with two "$" signs stays text).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # files only; no GUI backend is ever needed

import numpy as np  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import LoadFlags  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

from ..apps.charts import (COLOURS, LINE_GROUPS, comparison_chart,  # noqa: E402
                           comparison_panels, cumulative_chart, group_label, lines_chart,
                           printable, short)
from ..apps.fonts import font_for  # noqa: E402
from ..apps.risk_charts import (break_even_chart, npv_cdf, npv_histogram,  # noqa: E402
                                tornado_chart, tornado_rows)
from ..assumptions import CATALOG  # noqa: E402
from ..compare import FIGURES, Comparison, figure_label  # noqa: E402
from ..currency import symbol  # noqa: E402
from ..formatting import headline, money, percent  # noqa: E402
from ..i18n import DEFAULT_LANGUAGE, translator  # noqa: E402
from ..model import Evaluation  # noqa: E402
from ..risk import BreakEven, MonteCarlo, Tornado, break_even_curve  # noqa: E402
from .provisional import ProvisionalInput, provisional_inputs, value_with_unit  # noqa: E402

__all__ = ["KEY_ASSUMPTIONS", "Document", "RiskSummary", "changed_assumptions",
           "changed_assumptions_section", "charts_section", "intangibles_section",
           "pdf_report", "provisional_section", "risk_sections", "summary_section", "title_page",
           "yearly_section"]


#: The conventions every report states.
#: Assumptions a one-scenario PDF lists (the workbook has all of them, with sources).
KEY_ASSUMPTIONS = (
    "annual_contacts", "agent_fte", "agent_salary", "aht_phone_min", "fcr", "agents_added",
    "training_hours_per_agent", "training_design_cost", "tech_one_time_cost", "tech_annual_cost",
    "deflection_rate", "tooling_aht_reduction", "aht_reduction", "fcr_improvement",
    "churn_reduction", "capture_rate", "active_customers", "revenue_per_customer",
    "gross_margin", "annual_churn", "horizon_years", "discount_rate", "benefit_risk",
    "cost_risk", "attribution", "confidence",
)


# -- PDF layout -------------------------------------------------------------------------------

PAGE_W, PAGE_H = 8.27, 11.69  # A4 [inches]
LEFT, RIGHT, TOP, BOTTOM = 0.6, 0.6, 0.55, 1.0  # margins; the footer lives in BOTTOM [inches]
WIDTH = PAGE_W - LEFT - RIGHT
INK, MUTED, RULE, SHADE = "#1f2d3d", "#56606b", "#9aa5b1", "#f3f5f8"
#: The provisional notice: its text, background and bar (as the dashboard's).
WARN, WARN_SHADE, WARN_BAR = "#b03a2e", "#fff4e5", "#e67e22"

@functools.lru_cache(maxsize=8192)
def _advance(ch: str, weight: str) -> float:
    """Advance width of one character at 1 pt [points], in the first font of the family
    that has it (as matplotlib draws it)."""
    font = font_for(ch, weight)
    font.set_size(100, 72)
    return font.load_char(ord(ch), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


def _width(text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` [inches] (sum of advances; kerning is too small to matter)."""
    return size * sum(_advance(ch, weight) for ch in text) / 72.0


#: Characters a line may break before or after without a space: CJK ideographs, kana,
#: hangul and full-width forms (Chinese and Japanese put no spaces between words).
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
#: Tokens of a text: a run of spaces, one CJK character, or a word of anything else.
_TOKENS = re.compile(r" +|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
                     r"|[^ \u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
#: Punctuation that never starts a line (it stays with the character before it).
_NO_START = set("，。、；：！？）》」』】〕〉”’…·%％,.;:!?)]}»")


def _cut_word(word: str, width: float, size: float, weight: str) -> tuple[str, str]:
    """The longest start of ``word`` that fits ``width`` (with a hyphen after letters, as
    a long Russian word is broken), and the rest."""
    cut = len(word)
    while cut > 1 and _width(word[:cut], size, weight) > width:
        cut = max(1, int(cut * 0.8)) if cut > 20 else cut - 1
    head, rest = word[:cut], word[cut:]
    if rest and cut > 2 and head[-1].isalpha() and rest[0].isalpha():
        while cut > 2 and _width(word[:cut] + "-", size, weight) > width:
            cut -= 1
        head, rest = word[:cut] + "-", word[cut:]
    return head, rest


def _wrap(text, width: float, size: float, weight: str = "normal",
          max_lines: int | None = None) -> list[str]:
    """Lines of ``text`` no wider than ``width`` inches; cut with "…" after ``max_lines``.

    Lines break at spaces and between CJK characters (never before closing
    punctuation such as "，" or "）"); a word wider than the line (a long Russian
    compound, a file name) is cut, with a hyphen between letters."""
    tokens = _TOKENS.findall(printable(text))
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token.startswith(" "):
            if line and _width(line + " ", size, weight) <= width:
                line += " "
            continue
        if _width(line + token, size, weight) <= width:
            line += token
            continue
        if token[0] in _NO_START and line.rstrip() and not line.endswith(" "):
            # Closing punctuation goes down with the character before it.
            carry = line[-1]
            if _CJK.match(carry) and len(line) > 1:
                line, token = line[:-1], carry + token
        if line.strip():
            lines.append(line.rstrip())
        line = token
        while _width(line, size, weight) > width and len(line) > 1:  # a very long word
            head, line = _cut_word(line, width, size, weight)
            lines.append(head)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and _width(last + "…", size, weight) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _line_height(size: float) -> float:
    return size * 1.32 / 72.0


class Document:
    """Pages of A4 with a cursor ``y`` (inches from the top); at most ``max_pages``.

    :meth:`finish` adds the footer (the ROI conventions or the report's own note, the
    date, page numbers) and returns the PDF's bytes. Its own texts, and those of the section builders
    drawing on it, are in ``lang`` (:attr:`t` is its translator)."""

    def __init__(self, date: dt.date, max_pages: int = 2, lang: str = DEFAULT_LANGUAGE):
        self.date = date
        self.max_pages = max_pages
        self.lang = lang
        self.t = translator(lang)
        self.pages: list[Figure] = []
        self.full = False  # True once something did not fit
        self.new_page()

    @property
    def day(self) -> str:
        """The report's date as the language writes it ("2026-01-05" in English)."""
        return self.date.isoformat() if self.lang == DEFAULT_LANGUAGE else self.t.date(self.date)

    # -- pages --------------------------------------------------------------------------------
    def new_page(self) -> bool:
        if len(self.pages) >= self.max_pages:
            self.full = True
            return False
        self.fig = Figure(figsize=(PAGE_W, PAGE_H))
        self.pages.append(self.fig)
        self.y = TOP
        return True

    @property
    def room(self) -> float:
        return PAGE_H - BOTTOM - self.y

    def ensure(self, height: float) -> bool:
        """Room for ``height`` inches here or on a new page?"""
        if height <= self.room:
            return True
        return self.new_page() and height <= self.room

    # -- drawing ------------------------------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float = 9, weight: str = "normal",
             color: str = INK, ha: str = "left", fig: Figure | None = None, **kw):
        (fig or self.fig).text((LEFT + x) / PAGE_W, 1 - y / PAGE_H, s, fontsize=size,
                               fontweight=weight, color=color, ha=ha, va="top",
                               parse_math=False, **kw)

    def paragraph(self, text: str, size: float = 9, weight: str = "normal", color: str = INK,
                  max_lines: int | None = None, indent: float = 0.0, bullet: str = "",
                  space_after: float = 0.04) -> bool:
        """Wrapped text at the cursor; False if it did not fit."""
        lines = _wrap(text, WIDTH - indent - (0.15 if bullet else 0), size, weight, max_lines)
        h = _line_height(size) * len(lines)
        if not self.ensure(min(h, _line_height(size) * 2)):
            return False
        for i, line in enumerate(lines):
            if self.room < _line_height(size) and not self.new_page():
                return False
            if bullet and i == 0:
                self.text(indent, self.y, bullet, size, weight, color)
            self.text(indent + (0.15 if bullet else 0), self.y, line, size, weight, color)
            self.y += _line_height(size)
        self.y += space_after
        return True

    def heading(self, text: str, need: float = 0.6) -> bool:
        """A section heading, kept with at least ``need`` inches of what follows."""
        if not self.ensure(0.3 + need):
            return False
        self.y += 0.08
        self.text(0, self.y, text, 11, "bold")
        self.y += 0.26
        return True

    def axes(self, height: float, left: float = 0.75, right: float = 0.1,
             bottom: float = 0.45, top: float = 0.1):
        """An axes box spanning the width; None if it does not fit."""
        if not self.ensure(height):
            return None
        x0, x1 = LEFT + left, PAGE_W - RIGHT - right
        y_top, y_bottom = self.y + top, self.y + height - bottom
        ax = self.fig.add_axes([x0 / PAGE_W, 1 - y_bottom / PAGE_H, (x1 - x0) / PAGE_W,
                                (y_bottom - y_top) / PAGE_H])
        self.y += height
        return ax

    def axes_row(self, height: float, n: int, gap: float = 0.7, left: float = 0.75,
                 bottom: float = 0.5, top: float = 0.15) -> list:
        """``n`` axes side by side spanning the width; [] if they do not fit."""
        if not self.ensure(height):
            return []
        w = (WIDTH - left - 0.1 - gap * (n - 1)) / n
        y_top, y_bottom = self.y + top, self.y + height - bottom
        axes = [self.fig.add_axes([(LEFT + left + i * (w + gap)) / PAGE_W, 1 - y_bottom / PAGE_H,
                                   w / PAGE_W, (y_bottom - y_top) / PAGE_H])
                for i in range(n)]
        self.y += height
        return axes

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], aligns: Sequence[str], size: float = 8,
              header_lines: int = 3, cell_lines: int = 3, header_colours=None,
              bold_first: bool = True, pad: float = 0.04, reserve: float = 0.0) -> int:
        """A table at the cursor, continued on the next page if allowed.

        A cell is text, or a list of items shown as bullets. ``reserve`` keeps
        that much room [inches] on the last page for a note on rows left out.
        Returns how many rows were drawn (the rest did not fit).
        """
        lh = _line_height(size)
        xs = np.concatenate([[0.0], np.cumsum(widths)])

        def cell(text, j, weight, lines_max):
            w = widths[j] - 2 * pad
            if isinstance(text, str):
                return _wrap(text, w, size, weight, lines_max)
            lines, shown = [], 0  # a list of items, each wrapped on its own
            for k, item in enumerate(text):
                wrapped = _wrap(f"• {item}", w, size, weight, 3)
                limit = lines_max if k == len(text) - 1 else lines_max - 1
                if len(lines) + len(wrapped) > limit:
                    break
                lines += wrapped
                shown += 1
            if shown < len(text):
                lines.append(self.t("reports.pdf.more_in_cell", n=len(text) - shown))
            return lines or [""]

        head = [cell(h, j, "bold", header_lines) for j, h in enumerate(header)]
        head_h = max(len(h) for h in head) * lh + 2 * pad + (0.06 if header_colours else 0)
        body = [[cell(v, j, "bold" if (bold_first and j == 0) else "normal", cell_lines)
                 for j, v in enumerate(row)] for row in rows]
        heights = [max(len(c) for c in row) * lh + 2 * pad for row in body]

        def draw_header():
            y = self.y
            if header_colours:
                for j, colour in enumerate(header_colours):
                    if colour:
                        self.fig.patches.append(Rectangle(
                            ((LEFT + xs[j] + pad) / PAGE_W, 1 - (y + 0.05) / PAGE_H),
                            (widths[j] - 2 * pad) / PAGE_W, 0.05 / PAGE_H, color=colour,
                            transform=self.fig.transFigure))
                y += 0.06
            for j, lines in enumerate(head):
                self._cell(lines, xs[j], widths[j], y + pad, size, "bold", aligns[j], pad)
            self._rule(self.y + head_h, xs[-1], RULE, 0.8)
            self.y += head_h

        if not self.ensure(head_h + (heights[0] if heights else 0)):
            return 0
        draw_header()
        drawn = 0
        for i, (row, h) in enumerate(zip(body, heights)):
            last_page = len(self.pages) >= self.max_pages
            if h > self.room - (reserve if last_page and i < len(body) - 1 else 0):
                if not self.new_page():
                    break
                draw_header()
            if i % 2 == 1:
                self.fig.patches.append(Rectangle(
                    (LEFT / PAGE_W, 1 - (self.y + h) / PAGE_H), xs[-1] / PAGE_W, h / PAGE_H,
                    color=SHADE, transform=self.fig.transFigure, zorder=-1))
            for j, lines in enumerate(row):
                weight = "bold" if (bold_first and j == 0) else "normal"
                self._cell(lines, xs[j], widths[j], self.y + pad, size, weight, aligns[j], pad)
            self.y += h
            drawn += 1
        self.y += 0.08
        return drawn

    def _cell(self, lines, x, w, y, size, weight, align, pad):
        for k, line in enumerate(lines):
            if align == "right":
                self.text(x + w - pad, y + k * _line_height(size), line, size, weight, ha="right")
            else:
                self.text(x + pad, y + k * _line_height(size), line, size, weight)

    def _rule(self, y, width, colour, lw):
        self.fig.add_artist(Line2D(
            [LEFT / PAGE_W, (LEFT + width) / PAGE_W], [1 - y / PAGE_H] * 2, color=colour, lw=lw,
            transform=self.fig.transFigure))

    def cards(self, items: Sequence[tuple[str, str]], colour_of=None, tag: str = "") -> None:
        """Headline figures as a row of boxes: (label, value); ``tag`` (such as
        "provisional") is written in each box, under the value."""
        n = len(items)
        gap = 0.1
        w = (WIDTH - gap * (n - 1)) / n
        h = 0.62 + (0.16 if tag else 0)
        self.ensure(h)
        for i, (label, value) in enumerate(items):
            x = i * (w + gap)
            self.fig.patches.append(FancyBboxPatch(
                ((LEFT + x) / PAGE_W, 1 - (self.y + h) / PAGE_H), w / PAGE_W, h / PAGE_H,
                boxstyle="round,pad=0,rounding_size=0.008", facecolor="#f8fafc",
                edgecolor="#d5dbe3", transform=self.fig.transFigure))
            caps = label.upper()  # a long label shrinks, then takes two lines
            small = next((z for z in (7, 6.3) if _width(caps, z) <= w - 0.16), 6.3)
            heads = _wrap(caps, w - 0.16, small, max_lines=2)
            for k, line in enumerate(heads):
                self.text(x + 0.08, self.y + 0.07 + k * _line_height(small), line, small,
                          color=MUTED)
            top = 0.25 + (len(heads) - 1) * 0.09
            size = next((z for z in (13, 11, 9.5) if _width(value, z, "bold") <= w - 0.16), 8.5)
            lines = _wrap(value, w - 0.16, size, "bold", 2 if len(heads) == 1 else 1)
            for k, line in enumerate(lines):
                self.text(x + 0.08, self.y + top + k * _line_height(size), line, size, "bold",
                          color=(colour_of or {}).get(label, INK))
            if tag:
                small = next((z for z in (7, 6.3, 5.5) if _width(tag, z, "bold") <= w - 0.16),
                             5.5)
                self.text(x + 0.08, self.y + h - 0.08 - _line_height(small),
                          _wrap(tag, w - 0.16, small, "bold", 1)[0], small, "bold",
                          color=WARN)
        self.y += h + 0.1

    # -- output -------------------------------------------------------------------------------
    def finish(self, title: str, footer: str | None = None) -> bytes:
        """The PDF's bytes, every page ending with ``footer`` (default: the ROI
        conventions, for the reports of a scenario's ROI; "" for none), the date and the
        page number."""
        n = len(self.pages)
        note = self.t("reports.conventions") if footer is None else footer
        for i, fig in enumerate(self.pages, 1):
            y = PAGE_H - BOTTOM + 0.17
            lines = _wrap(note, WIDTH, 6.5, max_lines=6) if note else []
            fig.add_artist(Line2D(
                [LEFT / PAGE_W, 1 - RIGHT / PAGE_W], [1 - (y - 0.06) / PAGE_H] * 2, color=RULE,
                lw=0.5, transform=fig.transFigure))
            for k, line in enumerate(lines):
                self.text(0, y + k * _line_height(6.5), line, 6.5, color=MUTED, fig=fig)
            y += len(lines) * _line_height(6.5) + 0.04
            self.text(0, y, self.t("reports.pdf.prepared", date=self.day), 6.5, color=MUTED,
                      fig=fig)
            self.text(WIDTH, y, self.t("reports.pdf.page", i=i, n=n), 6.5, color=MUTED,
                      ha="right", fig=fig)
        buf = io.BytesIO()
        meta = {"Title": short(title, 200), "Creator": "supportroi",
                "Subject": self.t("reports.pdf.subject")}
        # TrueType (Type 42) fonts: text that PDF readers can search and copy.
        with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buf, metadata=meta) as pdf:
            for fig in self.pages:
                pdf.savefig(fig)
        return buf.getvalue()


@dataclass(frozen=True)
class RiskSummary:
    """What a risk analysis adds to a report (every part optional).

    ``tornado`` is drawn for ``metric`` ("npv" or "roi") with its ``top``
    largest swings plus the assumptions in ``keep`` (the user's own ranges);
    ``monte_carlo`` adds P(ROI > 0), P10 / P50 / P90, the histogram and the
    cumulative distribution (only when a run was made); ``break_even`` adds
    the value found (or why there is none) and its curve.
    """

    tornado: Tornado | None = None
    metric: str = "npv"
    top: int | None = 15
    keep: tuple = ()
    monte_carlo: MonteCarlo | None = None
    break_even: BreakEven | None = None


def _header(doc: Document, kind: str, title: str, description: str, facts: str) -> None:
    doc.text(0, doc.y, doc.t("reports.pdf.brand", kind=kind), 8, color=MUTED)
    doc.text(WIDTH, doc.y, doc.day, 8, color=MUTED, ha="right")
    doc.y += 0.24
    doc.paragraph(title, 16, "bold", max_lines=3, space_after=0.06)
    if description:
        doc.paragraph(description, 8.5, color=MUTED, max_lines=5)
    doc.paragraph(facts, 8.5, color=MUTED, max_lines=3, space_after=0.1)


def title_page(doc: Document, kind: str, title: str, description: str = "",
               fields: Sequence[tuple[str, str]] = (), contents: Sequence[str] = (),
               provisional: Sequence[ProvisionalInput] = ()) -> None:
    """A title page: ``kind`` ("ROI report"), the title (wrapped, cut after six
    lines), the description, then ``fields`` such as client, scenario, date and
    author (label, value; an empty value shows "—"), the "Provisional" notice of
    ``provisional`` (:func:`provisional_section`) and what the report holds.
    Ends the page."""
    doc.y = 2.0
    doc.text(0, doc.y, doc.t("reports.pdf.brand", kind=kind), 11, color=MUTED)
    doc.y += 0.4
    doc.paragraph(title, 24, "bold", max_lines=6, space_after=0.2)
    if description:
        doc.paragraph(description, 10.5, color=MUTED, max_lines=8, space_after=0.3)
    doc.y += 0.3
    label_w = max([1.4, *[_width(label, 12) + 0.2 for label, _ in fields]])
    for label, value in fields:
        lines = _wrap(value or "—", WIDTH - label_w, 12, "bold", max_lines=3)
        if doc.room < _line_height(12) * len(lines) + 0.14:
            break
        doc.text(0, doc.y, label, 12, color=MUTED)
        for k, line in enumerate(lines):
            doc.text(label_w, doc.y + k * _line_height(12), line, 12, "bold")
        doc.y += _line_height(12) * len(lines) + 0.14
    if provisional:
        doc.y += 0.2
        provisional_section(doc, provisional)
    if contents and doc.room > 0.35 + _line_height(10) * (len(contents) + 1):
        doc.y += 0.35   # (the page is never continued: what does not fit is left out)
        doc.paragraph(doc.t("reports.pdf.in_this_report"), 10, "bold", color=MUTED, space_after=0.02)
        for item in contents:
            doc.paragraph(item, 10, color=MUTED, bullet="•", space_after=0.0)
    doc.new_page()


def provisional_section(doc: Document, items: Sequence[ProvisionalInput]) -> bool:
    """A boxed "Provisional" notice at the cursor naming ``items`` (the inputs still
    needed: label, value used, not in the client's data); nothing when there are none.
    False if it did not fit."""
    if not items:
        return True
    t = doc.t
    inner = WIDTH - 0.3
    title = _wrap(t("reports.provisional.title"), inner, 10.5, "bold", 2)
    joined = t("reports.provisional.separator").join(i.text(doc.lang) for i in items)
    body = _wrap(t.plural("reports.provisional.notice", len(items), inputs=joined), inner,
                 8.5, max_lines=14)
    pad = 0.08
    h = 2 * pad + _line_height(10.5) * len(title) + 0.03 + _line_height(8.5) * len(body)
    if not doc.ensure(h):
        return False
    top = doc.y
    for x, width, colour in ((0.0, WIDTH, WARN_SHADE), (0.0, 0.05, WARN_BAR)):
        doc.fig.patches.append(Rectangle(((LEFT + x) / PAGE_W, 1 - (top + h) / PAGE_H),
                                         width / PAGE_W, h / PAGE_H, color=colour,
                                         transform=doc.fig.transFigure, zorder=-1))
    y = top + pad
    for line in title:
        doc.text(0.18, y, line, 10.5, "bold", color=WARN)
        y += _line_height(10.5)
    y += 0.03
    for line in body:
        doc.text(0.18, y, line, 8.5)
        y += _line_height(8.5)
    doc.y = top + h + 0.1
    return True


def _tone(a, t) -> dict[str, str]:
    """Colours of the headline cards, by their label in the language of ``t``."""
    good, bad = "#1e8449", "#b03a2e"
    return {t("results.figures.roi"): good if (a.roi or 0) > 0 else bad,
            t("results.figures.npv"): good if a.npv > 0 else bad,
            t("results.figures.payback"): INK if a.payback_years is not None else bad}


def summary_section(doc: Document, ev: Evaluation, mc: MonteCarlo | None = None,
                    provisional: bool = False) -> None:
    """The headline figures as cards (ROI, NPV, payback, BCR, IRR), each marked
    "provisional" with ``provisional``, PV benefits and costs; with a Monte Carlo run
    ``mc`` also P(ROI > 0) and NPV P10 / P50 / P90, with ROI P10 / P50 / P90 and the
    run's settings."""
    a, cur, t, lang = ev.appraisal, ev.currency, doc.t, doc.lang
    text = headline(a, cur, lang)
    doc.cards([(t(f"results.figures.{key}"), text[shown]) for key, shown in
               (("roi", "ROI"), ("npv", "NPV"), ("payback", "Payback"), ("bcr", "BCR"),
                ("irr", "IRR"))], _tone(a, t),
              tag=t("reports.provisional.tag") if provisional else "")
    doc.paragraph(t("reports.pdf.pv_line", benefits=money(a.pv_benefits, cur, lang=lang),
                    costs=money(a.pv_costs, cur, lang=lang),
                    terminal=money(ev.terminal_value, cur, why="no churn", lang=lang)),
                  8.5, color=MUTED, space_after=0.1)
    if mc is None:
        return
    bad = "#b03a2e"
    doc.cards([(t("reports.mc.p_roi"), percent(mc.p_roi_positive, "no costs in any draw",
                                               lang=lang)),
               ("NPV P10", money(mc.npv_p10, cur, lang=lang)),
               ("NPV P50", money(mc.npv_p50, cur, lang=lang)),
               ("NPV P90", money(mc.npv_p90, cur, lang=lang))],
              {k: bad for k, x in (("NPV P10", mc.npv_p10), ("NPV P50", mc.npv_p50),
                                   ("NPV P90", mc.npv_p90)) if x < 0})
    dist = t("reports.mc.pert") if mc.distribution == "pert" else t("reports.mc.triangular")
    roi = [percent(x, "no costs", lang=lang) for x in (mc.roi_p10, mc.roi_p50, mc.roi_p90)]
    doc.paragraph(t("reports.pdf.mc_line", p10=roi[0], p50=roi[1], p90=roi[2],
                    p_npv=percent(mc.p_npv_positive, lang=lang),
                    p_payback=percent(mc.p_payback, lang=lang), draws=_count(mc.n, lang),
                    distribution=dist, seed=mc.seed,
                    ranged=t.plural("reports.pdf.ranged", len(mc.ranges))),
                  8.5, color=MUTED, space_after=0.1)


def _count(n: int, lang: str) -> str:
    """A count: "2,000" in English, "2 000" in Russian."""
    return f"{n:,}" if lang == DEFAULT_LANGUAGE else translator(lang).number(n)


def charts_section(doc: Document, ev: Evaluation) -> None:
    """The cumulative net cash flow (payback marked) and benefits and costs by year."""
    ax = doc.axes(2.95, top=0.2, bottom=0.55)
    if ax is not None:
        cumulative_chart(ax, ev, lang=doc.lang)
    # The legend sits right of the axes: room for its longest group name (7.5 pt, after a
    # 0.35 inch swatch and gap).
    legend = max(_width(group_label(group, doc.lang), 7.5) for group, *_ in LINE_GROUPS)
    ax = doc.axes(2.85, right=max(1.45, legend + 0.45), bottom=0.55)
    if ax is not None:
        lines_chart(ax, ev, lang=doc.lang)


def yearly_section(doc: Document, ev: Evaluation) -> None:
    """Benefits, costs, net and cumulative net cash flow by year."""
    cur, t = ev.currency, doc.t
    doc.heading(t("reports.pdf.yearly"))
    years = list(ev.table.columns)
    compact = len(years) > 6
    rows = []
    for key, label in (("benefits", "reports.pdf.benefits"), ("costs", "reports.pdf.costs"),
                       ("net", "reports.pdf.net"), ("cumulative net", "reports.pdf.cumulative")):
        rows.append([t(label), *[money(x, cur, compact=compact, lang=doc.lang)
                                                  for x in ev.table.loc[("total", key)]]])
    first = 1.45
    doc.table(["", *[t("reports.cash.year_n", year=y) for y in years]], rows,
              [first, *[(WIDTH - first) / len(years)] * len(years)],
              ["left", *["right"] * len(years)], size=8)


def _key_assumptions_section(doc: Document, ev: Evaluation) -> None:
    cur, t = ev.currency, doc.t
    doc.heading(t("reports.pdf.key_assumptions"))
    names = [k for k in KEY_ASSUMPTIONS if k in CATALOG]
    half = (len(names) + 1) // 2
    left, right = names[:half], names[half:]
    rows = []
    for i in range(half):
        row = []
        for col in (left, right):
            if i < len(col):
                c = CATALOG[col[i]]
                row += [c.text(doc.lang)[0], _with_unit(c, ev.values[col[i]], cur, doc.lang)]
            else:
                row += ["", ""]
        rows.append(row[:2] + [""] + row[2:])
    gap = 0.3
    w_label, w_value = 2.0, (WIDTH - gap) / 2 - 2.0
    head = [t("reports.pdf.assumption"), t("reports.pdf.value")]
    doc.table([*head, "", *head], rows,
              [w_label, w_value, gap, w_label, w_value],
              ["left", "right", "left", "left", "right"], size=7.5, cell_lines=2,
              bold_first=False)
    doc.paragraph(t("reports.pdf.all_in_workbook"), 7.5, color=MUTED)


def _same(x, y) -> bool:
    if isinstance(x, str) or isinstance(y, str):
        return x == y
    return math.isclose(float(x), float(y), rel_tol=1e-12, abs_tol=1e-15)


def changed_assumptions(values: dict, currency: str = "$",
                        lang: str = DEFAULT_LANGUAGE) -> list[list[str]]:
    """The assumptions whose value differs from the catalog default, in catalog
    order: [label, value with unit, default with unit, source of the default], in
    ``lang`` (the sources are citations and stay as written)."""
    rows = []
    for name, a in CATALOG.items():
        if name in values and not _same(values[name], a.default):
            rows.append([a.text(lang)[0], _with_unit(a, values[name], currency, lang),
                         _with_unit(a, a.default, currency, lang), a.source])
    return rows


def changed_assumptions_section(doc: Document, ev: Evaluation) -> None:
    """The assumptions set away from the defaults, with the default and its source."""
    t = doc.t
    doc.heading(t("reports.pdf.changed"))
    rows = changed_assumptions(ev.values, ev.currency, doc.lang)
    if not rows:
        doc.paragraph(t("reports.pdf.none_changed"), 8.5, color=MUTED)
        return
    drawn = doc.table([t("reports.pdf.assumption"), t("reports.pdf.this_scenario"),
                       t("reports.pdf.default"), t("reports.pdf.source")],
                      rows, [2.2, 1.25, 1.25, WIDTH - 4.7], ["left", "right", "right", "left"],
                      size=7.2, cell_lines=3, bold_first=False, pad=0.03, reserve=0.2)
    if drawn < len(rows):
        doc.paragraph(t("reports.pdf.more_changed", n=len(rows) - drawn), 7.5, color=MUTED)
    doc.paragraph(t("reports.pdf.others_default"), 7.5, color=MUTED)


def intangibles_section(doc: Document, ev: Evaluation) -> None:
    """Intangible benefits (not in the ROI), then the inputs to check."""
    t, lang = doc.t, doc.lang
    if doc.heading(t("reports.pdf.intangibles"), need=0.2):
        if ev.intangibles:
            _items(doc, ev.intangibles, max_items=12)
        else:
            doc.paragraph(t("reports.pdf.none_listed"), 8.5, color=MUTED)
    if ev.warnings and doc.heading(t("reports.pdf.check_inputs"), need=0.2):
        _items(doc, [f"{CATALOG[p.key].text(lang)[0] if p.key in CATALOG else p.key}: "
                     f"{p.message if lang == DEFAULT_LANGUAGE else p.text(lang)}"
                     for p in ev.warnings], max_items=8, size=8)


def _keep_inside(doc: Document, ax) -> None:
    """Shrink the titles, notes and legend of ``ax`` until they stay between the
    margins, and thin the x ticks until their labels do not overlap (longer words
    in Russian, wider money labels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text
    from matplotlib.ticker import MaxNLocator

    fig = doc.fig
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    lo, hi = LEFT * fig.dpi, (PAGE_W - RIGHT) * fig.dpi

    def outside(artist) -> bool:
        box = artist.get_window_extent(renderer)
        return box.x0 < lo - 0.5 or box.x1 > hi + 0.5

    for text in [c for c in ax.get_children() if isinstance(c, Text) and c.get_text()]:
        while outside(text) and text.get_fontsize() > 5.5:
            text.set_fontsize(text.get_fontsize() - 0.5)
    legend = ax.get_legend()
    if legend is not None:
        while outside(legend) and legend.get_texts()[0].get_fontsize() > 6.5:
            for text in legend.get_texts():
                text.set_fontsize(text.get_fontsize() - 0.5)
        while outside(legend) and legend._ncols > 1:
            legend.set_ncols(legend._ncols - 1)
    for nbins in (7, 6, 5, 4, 3):
        left, right = sorted(ax.get_xlim())
        labels = [x for x, at in zip(ax.get_xticklabels(), ax.get_xticks())
                  if x.get_text() and x.get_visible() and left <= at <= right]
        boxes = sorted((x.get_window_extent(renderer) for x in labels), key=lambda b: b.x0)
        if all(a.x1 + 0.15 * fig.dpi < b.x0 for a, b in zip(boxes, boxes[1:])):
            break
        ax.xaxis.set_major_locator(MaxNLocator(nbins))
        canvas.draw()


def risk_sections(doc: Document, ev: Evaluation, risk: RiskSummary) -> None:
    """The tornado, the Monte Carlo (ranges, histogram, cumulative distribution)
    and the break-even of ``risk``, each on a new page."""
    cur, tr, lang = ev.currency, doc.t, doc.lang
    t = risk.tornado
    if t is not None and doc.new_page():
        metric = risk.metric if risk.metric in ("npv", "roi") else "npv"
        rows = tornado_rows(t, metric, risk.top, risk.keep)
        doc.heading(tr("reports.pdf.tornado"))
        band = f"{100 * t.band:.0f} %" if lang == DEFAULT_LANGUAGE else tr.percent(t.band, 0)
        doc.paragraph(tr("reports.pdf.tornado_note", band=band, shown=len(rows),
                         total=len(t.table)), 8.5, color=MUTED)
        height = min(max(2.6, 1.3 + 0.32 * len(rows)), doc.room)
        ax = doc.axes(height, left=2.0, bottom=0.75, top=0.2)
        if ax is not None:
            tornado_chart(ax, t, metric, risk.top, cur, risk.keep, lang=lang)
            if lang != DEFAULT_LANGUAGE:
                _keep_inside(doc, ax)
    mc = risk.monte_carlo
    if mc is not None and doc.new_page():
        doc.heading(tr("reports.pdf.monte_carlo"))
        rows = [[CATALOG[n].text(lang)[0] if n in CATALOG else n,
                 *[_with_unit(CATALOG[n], x, cur, lang) for x in rng]]
                for n, rng in mc.ranges.items() if n in CATALOG]
        doc.table([tr("reports.mc.ranged"), tr("reports.mc.minimum"), tr("reports.mc.likely"),
                   tr("reports.mc.maximum")], rows,
                  [WIDTH - 3.9, 1.3, 1.3, 1.3], ["left", "right", "right", "right"], size=7.5,
                  cell_lines=2, bold_first=False)
        doc.paragraph(tr("reports.pdf.mc_figures",
                         p_roi=percent(mc.p_roi_positive, "no costs in any draw", lang=lang),
                         p10=money(mc.npv_p10, cur, lang=lang),
                         p50=money(mc.npv_p50, cur, lang=lang),
                         p90=money(mc.npv_p90, cur, lang=lang)), 9, "bold", space_after=0.08)
        axes = doc.axes_row(3.2, 2, gap=0.75, left=0.6)
        if axes:
            npv_histogram(axes[0], mc, cur, lang=lang)
            npv_cdf(axes[1], mc, cur, lang=lang)
            if lang != DEFAULT_LANGUAGE:
                for ax in axes:
                    _keep_inside(doc, ax)
    be = risk.break_even
    if be is not None and doc.new_page():
        a = CATALOG[be.name]
        doc.heading(tr("reports.pdf.break_even"))
        target = (percent(be.target, lang=lang) if be.metric == "roi"
                  else money(be.target, cur, lang=lang))
        found = (tr("reports.pdf.no_break_even") if be.value is None
                 else f"{a.text(lang)[0]}: {_with_unit(a, be.value, cur, lang)}")
        doc.paragraph(tr("reports.pdf.break_even_line", found=found,
                         metric=tr(f"results.figures.{'roi' if be.metric == 'roi' else 'npv'}")
                         if lang != DEFAULT_LANGUAGE else be.metric.upper(), target=target,
                         base=_with_unit(a, be.base_value, cur, lang)), 10, "bold")
        doc.paragraph(be.reason + ("." if lang != "zh" else "。"), 8.5, color=MUTED)
        xs, ys = break_even_curve(ev.values, be)
        ax = doc.axes(3.4, top=0.2, bottom=0.6)
        if ax is not None:
            break_even_chart(ax, be, xs, ys, cur, lang=lang)
            if lang != DEFAULT_LANGUAGE:
                _keep_inside(doc, ax)


def _evaluation_pdf(ev: Evaluation, title: str, description: str, date: dt.date,
                    client: str = "", author: str = "", risk: RiskSummary | None = None,
                    full: bool = False, lang: str = DEFAULT_LANGUAGE,
                    still_needed: Sequence[str] = ()) -> bytes:
    a, cur, t = ev.appraisal, ev.currency, translator(lang)
    title = title or t("reports.custom_scenario")
    needed = provisional_inputs(still_needed, ev.values, cur, lang)
    doc = Document(date, max_pages=8 if full else 2, lang=lang)
    rate = f"{100 * a.rate:.1f} %" if lang == DEFAULT_LANGUAGE else t.percent(a.rate, 1)
    facts = t("reports.pdf.facts", date=doc.day, rate=rate,
              horizon=t.plural("reports.pdf.horizon", a.horizon_years),
              currency=cur if lang == DEFAULT_LANGUAGE else symbol(cur))
    mc = risk.monte_carlo if risk is not None else None
    if not full:
        _header(doc, t("reports.pdf.kind.roi"), title, description, facts)
        provisional_section(doc, needed)
        summary_section(doc, ev, mc, provisional=bool(needed))
        charts_section(doc, ev)
        doc.new_page()  # page 2: yearly totals, key assumptions, intangibles, warnings
        yearly_section(doc, ev)
        _key_assumptions_section(doc, ev)
        intangibles_section(doc, ev)
        return doc.finish(title)
    kind = t("reports.pdf.kind.risk" if risk is not None else "reports.pdf.kind.roi")
    contents = [t(k) for k in ("reports.pdf.contents.summary", "reports.pdf.contents.yearly",
                               "reports.pdf.contents.changed",
                               "reports.pdf.contents.intangibles")]
    if risk is not None:
        contents += [t(k) for k, part in (("reports.pdf.contents.tornado", risk.tornado),
                                          ("reports.pdf.contents.monte_carlo", mc),
                                          ("reports.pdf.contents.break_even", risk.break_even))
                     if part is not None]
    title_page(doc, kind, title, description,
               [(t("reports.pdf.client"), client), (t("reports.pdf.scenario"), title),
                (t("reports.pdf.date"), doc.day), (t("reports.pdf.author"), author)], contents,
               needed)
    doc.heading(t("reports.pdf.executive_summary"))
    doc.paragraph(facts, 8.5, color=MUTED, space_after=0.08)
    provisional_section(doc, needed)
    summary_section(doc, ev, mc, provisional=bool(needed))
    charts_section(doc, ev)
    doc.new_page()
    yearly_section(doc, ev)
    changed_assumptions_section(doc, ev)
    intangibles_section(doc, ev)
    if risk is not None:
        risk_sections(doc, ev, risk)
    return doc.finish(title)


#: An input's value with its unit ("18 %/year"), as every report shows it.
_with_unit = value_with_unit


def _items(doc: Document, items: Sequence[str], max_items: int, size: float = 8.5,
           indent: float = 0.0) -> None:
    for i, item in enumerate(items):
        if i == max_items:
            doc.paragraph(doc.t("reports.pdf.more_items", n=len(items) - max_items),
                          size, color=MUTED, indent=indent)
            return
        if not doc.paragraph(item, size, max_lines=3, bullet="•", indent=indent,
                             space_after=0.02):
            return


def _comparison_pdf(c: Comparison, title: str, description: str, date: dt.date,
                    client: str = "", author: str = "", full: bool = False,
                    scale: str = "money", lang: str = DEFAULT_LANGUAGE) -> bytes:
    t = translator(lang)
    c = c.in_language(lang)
    title = title or t("reports.comparison.default_title")
    n = len(c.names)
    cur = c.currency
    doc = Document(date, max_pages=4 if full else 2, lang=lang)
    facts = t("reports.pdf.comparison_facts", date=doc.day, n=n,
              currency=(cur if lang == DEFAULT_LANGUAGE else symbol(cur)) if cur
              else t("reports.pdf.own_currency"))
    kind = t("reports.pdf.kind.comparison")
    if full:
        title_page(doc, kind, title, description,
                   [(t("reports.pdf.client"), client),
                    (t("reports.pdf.scenarios"), "; ".join(c.titles[k] for k in c.names)),
                    (t("reports.pdf.date"), doc.day), (t("reports.pdf.author"), author)],
                   [t("reports.pdf.contents.side_by_side"), t("reports.pdf.contents.intangibles"),
                    t("reports.pdf.contents.differ")])
        doc.heading(t("reports.pdf.executive_summary"))
        doc.paragraph(facts, 8.5, color=MUTED, space_after=0.08)
    else:
        _header(doc, kind, title, description, facts)
    first = 1.75
    widths = [first, *[(WIDTH - first) / n] * n]
    colours = [None, *COLOURS[:n]]
    header = ["", *[c.titles[k] for k in c.names]]
    labels = {"roi": "ROI", "npv": "NPV", "pv_benefits": "PV benefits", "pv_costs": "PV costs",
              "bcr": "Benefit–cost ratio", "irr": "IRR", "payback_years": "Payback"}
    rows = [[labels.get(f.key, f.label) if lang == DEFAULT_LANGUAGE else figure_label(f, lang),
             *[c.results_text.loc[f.key, k] for k in c.names]] for f in FIGURES]
    doc.table(header, rows, widths, ["left", *["right"] * n], size=8.5, header_lines=4,
              cell_lines=3, header_colours=colours)
    for note in c.notes:
        doc.paragraph(note, 8, color="#8a4b08", bullet="!", space_after=0.02)
    if scale == "each":
        cols = min(n, 3)
        for start in range(0, n, cols):
            axes = doc.axes_row(3.45 if n <= 3 else 2.3, cols, gap=0.55, left=0.6,
                                bottom=0.35, top=0.3)
            if not axes:
                break
            comparison_panels(axes, c, title_chars=32, names=c.names[start:start + cols],
                              lang=lang)
    else:
        ax = doc.axes(3.45, top=0.3)
        if ax is not None:
            comparison_chart(ax, c, scale=scale, lang=lang)
    if doc.heading(t("reports.pdf.intangibles"), need=0.8):
        doc.table([short(c.titles[k], 60) for k in c.names],
                  [[list(c.evaluations[k].intangibles) or [t("reports.pdf.none_listed_short")]
                    for k in c.names]],
                  [WIDTH / n] * n, ["left"] * n, size=7.5, header_lines=2, cell_lines=8,
                  header_colours=COLOURS[:n], bold_first=False)

    doc.new_page()
    doc.heading(t("reports.pdf.differ"))
    if c.differences.empty:
        doc.paragraph(t("reports.pdf.none_differ"), 8.5, color=MUTED)
    else:
        rows = []
        for key in c.differences.index:
            unit = c.differences.loc[key, "unit"]
            label = c.differences.loc[key, "label"]
            if unit and f"({unit})" not in label:
                label += f" ({unit})"
            rows.append([label, *[c.differences.loc[key, k] for k in c.names]])
        first = 2.45
        drawn = doc.table([t("reports.pdf.assumption"), *[short(c.titles[k], 60) for k in c.names]], rows,
                          [first, *[(WIDTH - first) / n] * n], ["left", *["right"] * n],
                          size=6.8, header_lines=3, cell_lines=2, header_colours=colours,
                          bold_first=False, pad=0.028, reserve=0.2)
        if drawn < len(rows):
            doc.paragraph(t("reports.pdf.more_differ", n=len(rows) - drawn), 7.5, color=MUTED)
    if doc.room > 1.0 and doc.heading(t("reports.pdf.about"), need=0.4):
        for i, k in enumerate(c.names):
            s = c.scenarios[k]
            if not doc.paragraph(c.titles[k], 8.5, "bold", color=COLOURS[i % len(COLOURS)],
                                 max_lines=2, space_after=0.0):
                break
            if s.description and not doc.paragraph(s.description, 8, color=MUTED, max_lines=4,
                                                   indent=0.15):
                break
    return doc.finish(title)


def pdf_report(subject: Evaluation | Comparison, title: str = "", description: str = "",
               date: dt.date | None = None, *, client: str = "", author: str = "",
               risk: RiskSummary | None = None, title_page: bool | None = None,
               scale: str = "money", lang: str = DEFAULT_LANGUAGE,
               still_needed: Sequence[str] = ()) -> bytes:
    """An A4 PDF of an evaluation or a comparison; returns its bytes.

    Without a title page (the default when no ``client``, ``author`` or
    ``risk`` is given), one or two pages: title, date, headline figures and
    charts (for a comparison: the figures side by side and the curves), then
    the yearly totals and key assumptions (comparison: the assumptions that
    differ) and the intangible benefits.

    With a title page (``title_page=True``, or a client, author or risk
    given): a title page (client, scenario, date, author; "—" where not
    given), an executive summary with the charts, the yearly table, the
    assumptions that differ from the defaults with their sources and the
    intangibles; ``risk`` (a :class:`RiskSummary`, evaluations only) adds
    P(ROI > 0) and P10 / P50 / P90 to the summary and a page each for the
    tornado, the Monte Carlo and the break-even.

    ``scale`` is the comparison chart's: "money" (cumulative cash flow on one
    scale), "roi" (ROI to date, %) or "each" (each scenario on its own scale).
    Every page ends with the conventions. ``title`` defaults to "Custom
    scenario" or "Scenario comparison"; ``date`` to today.

    ``lang`` (en, ru, zh) is the language of every text the report writes:
    headings, tables, notes, charts, the date and the numbers in its format
    (what people typed, and the sources cited, stay as written). A risk
    summary's break-even reason is in the language it was computed in
    (``break_even(..., lang=)``).

    ``still_needed`` (evaluations only) names the inputs of a baseline still at a
    default nobody entered or confirmed (:func:`supportroi.initiatives.still_needed`):
    the report is then marked provisional, a notice on the first page (and on the
    executive summary) naming each with the value used, and "provisional" on the
    headline figures. Without it the report is as it always was.
    """
    translator(lang)  # an unknown language is refused before anything is drawn
    date = date or dt.date.today()
    full = bool(client or author or risk is not None) if title_page is None else title_page
    client, author = str(client or "").strip(), str(author or "").strip()
    if isinstance(subject, Comparison):
        if risk is not None or still_needed:
            raise TypeError("pdf_report: a risk summary or still_needed goes with an "
                            "Evaluation, not a Comparison")
        if scale not in ("money", "roi", "each"):
            raise ValueError(f"pdf_report: scale must be 'money', 'roi' or 'each', got "
                             f"{scale!r}")
        return _comparison_pdf(subject, title, description, date, client, author, full,
                               scale, lang)
    if isinstance(subject, Evaluation):
        return _evaluation_pdf(subject, title, description, date, client, author, risk, full,
                               lang, still_needed)
    raise TypeError(f"pdf_report: expected an Evaluation or a Comparison, got "
                    f"{type(subject).__name__}")
