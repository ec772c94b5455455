"""PDF reports of the apps that are not about one scenario (staffing, baseline), laid
out from a list of blocks with the pieces of :mod:`supportroi.reports.pdf`
(:class:`~supportroi.reports.pdf.Document`, :func:`~supportroi.reports.pdf.title_page`,
tables, cards, axes).

An app says *what* its report holds — :class:`Heading`, :class:`Fields` (label and
value), :class:`Cards`, :class:`Note`, :class:`Table` (continued on further pages,
sized to the page width), :class:`Charts` (drawing functions, one or more to a row) and
:class:`NewPage` — and :func:`report_pdf` lays them out on A4 after a title page. The
texts come ready in the report's language; the charts are drawn by the app's own chart
helpers on the axes given. Nothing here imports a page or a widget:
:func:`supportroi.apps.staffing.staffing_pdf` and
:func:`supportroi.apps.baseline.report.baseline_pdf` compose these reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..i18n import DEFAULT_LANGUAGE, translator
from .pdf import LEFT, MUTED, PAGE_W, WIDTH, Document, _keep_inside, _width, title_page

__all__ = ["MAX_PAGES", "Cards", "Charts", "Fields", "Heading", "NewPage", "Note", "Table",
           "report_pdf"]

#: Most pages a report may take (a baseline of many agents continues its table).
MAX_PAGES = 40


@dataclass(frozen=True)
class Heading:
    """A section heading, kept with ``need`` inches of what follows."""
    text: str
    need: float = 0.6


@dataclass(frozen=True)
class Fields:
    """A two-column table: (label, value) rows under the headings ``header``."""
    rows: Sequence[Sequence[str]]
    header: Sequence[str] = ()


@dataclass(frozen=True)
class Cards:
    """Headline figures as a row of boxes: (label, value)."""
    items: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Note:
    """A paragraph: ``kind`` "muted" (grey), "warning" (a "!" in brown) or "item" (a
    bullet, grey)."""
    text: str
    kind: str = "muted"
    size: float = 8.0


@dataclass(frozen=True)
class Table:
    """A table continued on further pages. ``widths`` are shares of the page width (by
    default the first column ``first`` [inches], the others sharing the rest); ``aligns``
    by default left for the first column, right for the others. Many columns make the
    type smaller so that the table fits the page width."""
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None
    aligns: Sequence[str] | None = None
    first: float = 1.6
    size: float = 7.5
    bold_first: bool = True


@dataclass(frozen=True)
class Charts:
    """Charts side by side: each ``draw(ax)`` draws on its axes; ``height`` [inches]."""
    draws: Sequence[Callable]
    height: float = 3.1
    left: float = 0.6
    right: float = 0.1
    top: float = 0.2
    bottom: float = 0.55


@dataclass(frozen=True)
class NewPage:
    """What follows starts a page."""


def _table(doc: Document, b: Table) -> None:
    n = len(b.header)
    if b.widths is not None:
        widths = [WIDTH * x / sum(b.widths) for x in b.widths]
    elif n == 1:
        widths = [WIDTH]
    else:
        first = min(b.first, WIDTH / 2)
        widths = [first, *[(WIDTH - first) / (n - 1)] * (n - 1)]
    size = min(b.size, 6.5) if min(widths) < 0.7 else b.size  # many columns: smaller type
    aligns = b.aligns or ["left", *["right"] * (n - 1)]
    doc.table(b.header, b.rows, widths, aligns, size=size, header_lines=4, cell_lines=4,
              bold_first=b.bold_first, pad=0.03)


def _keep(doc: Document, axes) -> None:
    """Titles, legends and tick labels kept between the margins (longer words in Russian,
    wider labels in Chinese); long names on the y axis move the axes right."""
    if doc.lang != DEFAULT_LANGUAGE:
        for ax in axes:
            _keep_inside(doc, ax)
    canvas = FigureCanvasAgg(doc.fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    lo = (LEFT + 0.05) * doc.fig.dpi
    for ax in axes:
        boxes = [x.get_window_extent(renderer) for x in ax.get_yticklabels() if x.get_text()]
        label = ax.yaxis.get_label()
        if label.get_text():
            boxes.append(label.get_window_extent(renderer))
        over = lo - min((b.x0 for b in boxes), default=lo)
        if over > 0:
            box = ax.get_position()
            shift = over / doc.fig.dpi / PAGE_W
            ax.set_position([box.x0 + shift, box.y0, box.width - shift, box.height])


def _charts(doc: Document, b: Charts) -> None:
    if len(b.draws) == 1:
        ax = doc.axes(b.height, left=b.left, right=b.right, top=b.top, bottom=b.bottom)
        axes = [ax] if ax is not None else []
    else:
        axes = doc.axes_row(b.height, len(b.draws), gap=0.75, left=b.left, bottom=b.bottom,
                            top=b.top)
    for ax, draw in zip(axes, b.draws):
        draw(ax)
    if axes:
        _keep(doc, axes)


def _block(doc: Document, b) -> None:
    t = doc.t
    if isinstance(b, Heading):
        doc.heading(b.text, need=b.need)
    elif isinstance(b, Fields):
        header = list(b.header) or [t("pdf_apps.what"), t("pdf_apps.value")]
        first = min(3.2, max(1.6, max((_width(r[0], 8.5) for r in b.rows), default=0) + 0.2))
        doc.table(header, b.rows, [first, WIDTH - first], ["left", "left"], size=8.5,
                  cell_lines=4, bold_first=False)
    elif isinstance(b, Cards):
        doc.cards(list(b.items))
    elif isinstance(b, Note):
        if b.kind == "warning":
            doc.paragraph(b.text, b.size, color="#8a4b08", bullet="!", space_after=0.02)
        elif b.kind == "item":
            doc.paragraph(b.text, b.size, color=MUTED, bullet="•", max_lines=6,
                          space_after=0.02)
        else:
            doc.paragraph(b.text, b.size, color=MUTED, space_after=0.06)
    elif isinstance(b, Table):
        _table(doc, b)
    elif isinstance(b, Charts):
        _charts(doc, b)
    elif isinstance(b, NewPage):
        doc.new_page()
    else:
        raise TypeError(f"report_pdf: a block is a Heading, Fields, Cards, Note, Table, "
                        f"Charts or NewPage, not {type(b).__name__}")


def report_pdf(kind: str, title: str, blocks: Sequence, *, description: str = "",
               fields: Sequence[tuple[str, str]] = (), contents: Sequence[str] = (),
               footer: str = "", date: dt.date | None = None,
               lang: str = DEFAULT_LANGUAGE) -> bytes:
    """An A4 PDF: a title page (``kind``, ``title``, ``description``, ``fields`` such as
    client, date and author — "—" where empty — and ``contents``), then ``blocks`` in
    order; every page ends with ``footer`` (what the report rests on: a method, a file;
    not the ROI conventions, which are the ROI reports'), the date and the page number.
    Returns its bytes. The texts given are in ``lang``; so are those the layout adds
    (headings of a table of fields, the date and page line).
    """
    translator(lang)  # an unknown language is refused before anything is drawn
    doc = Document(date or dt.date.today(), max_pages=MAX_PAGES, lang=lang)
    title_page(doc, kind, title, description,
               [(label, doc.day if value is None else value) for label, value in fields],
               contents)
    for b in blocks:
        _block(doc, b)
    return doc.finish(title, footer)
