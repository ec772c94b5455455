"""The published notebooks, in the order people should meet them.

:data:`PAGES` is the one list of apps and lessons: the landing page
(``notebooks/index.ipynb``) is drawn from it, and a test checks that it
names every notebook in ``notebooks/`` and only notebooks that exist.

When Voilà serves the ``notebooks`` folder, each notebook is at
``voila/render/<path>.ipynb`` and so is the landing page; its links are
therefore relative to it (``roi_dashboard.ipynb``,
``lessons/01_roi_bcr_payback.ipynb``).

>>> html = index_html()
>>> 'href="roi_dashboard.ipynb"' in html
True
>>> html.index("roi_dashboard") < html.index("compare_scenarios")
True
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

__all__ = ["NOTEBOOK_DIR", "PAGES", "Page", "index_html", "landing_page"]

#: Where the notebooks live in a source checkout.
NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class Page:
    """One published notebook."""

    path: str  #: under ``notebooks/``, without ``.ipynb``
    title: str
    purpose: str  #: one line: what it is for
    kind: str  #: "app" or "lesson"

    @property
    def href(self) -> str:
        """Link relative to the landing page (both under ``voila/render/``)."""
        return quote(f"{self.path}.ipynb")


#: Apps first (the dashboard, then the deeper tools), then the lessons in order.
PAGES: tuple[Page, ...] = (
    Page("roi_dashboard", "ROI dashboard",
         "Does the investment pay back, when, and how surely? Move the inputs and watch ROI, "
         "NPV, payback and the yearly cash flows.", "app"),
    Page("compare_scenarios", "Compare scenarios",
         "Two to five scenarios side by side: results, the assumptions that differ, cash-flow "
         "curves; take away an Excel workbook and a PDF report.", "app"),
    Page("risk_and_sensitivity", "Risk, sensitivity and break-even",
         "Which assumptions move the case most, how likely it is to pay off, and where it "
         "breaks even (tornado, Monte Carlo).", "app"),
    Page("staffing_service_level", "Staffing and service level",
         "Workload, then agents, then waiting: how many agents answer the calls in time "
         "(Erlang C), and what a few too few cost.", "app"),
    Page("baseline_from_tickets", "Baseline from your ticket data",
         "Measure today's volumes, handle times, first-contact resolution and satisfaction "
         "from a helpdesk or call-log export.", "app"),
    Page("lessons/01_roi_bcr_payback", "ROI, benefit–cost ratio and payback",
         "20 min · work out the BCR, ROI and payback of a one-year programme, and what each "
         "of them means.", "lesson"),
    Page("lessons/02_time_value_of_money", "Time value of money: discounting, NPV and IRR",
         "25 min · discount a few years of savings, see why the initial investment is not "
         "discounted, read an IRR.", "lesson"),
    Page("lessons/03_retention_and_clv", "Retention, customer lifetime value and service recovery",
         "30 min · value a customer, link churn to lifetime, and put a number on handling "
         "complaints well.", "lesson"),
    Page("lessons/04_staffing_and_waiting", "Staffing, service level and the cost of waiting",
         "25 min · turn calls and handle time into agents, and see why one agent more or less "
         "changes waiting so much.", "lesson"),
    Page("lessons/05_risk_attribution_intangibles",
         "Risk, attribution, confidence and intangibles",
         "25 min · turn a claimed improvement into a benefit you can defend, and know what to "
         "report beside the ROI.", "lesson"),
)

_SECTIONS = (("app", "Apps", "Work on a business case."),
             ("lesson", "Lessons", ("The ideas behind the apps, one at a time and in order, "
                                    "for self-study or a workshop.")))

_STYLE = """<style>
.sr-index { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
            max-width: 760px; }
.sr-index h3 { margin: 0.9em 0 0.1em 0; }
.sr-index ol { padding-left: 1.4em; margin: 0.3em 0; }
.sr-index li { margin: 0.45em 0; }
.sr-index a { font-weight: 600; font-size: 1.05em; }
.sr-index .sr-purpose { display: block; color: #3d4752; }
.sr-index .sr-muted { color: #56606b; font-size: 0.9em; }
</style>"""


def index_html(pages: tuple[Page, ...] = PAGES, root: Path | None = NOTEBOOK_DIR) -> str:
    """The landing page's list of apps and lessons, as HTML.

    With ``root`` (the notebooks folder, if present), a page whose notebook
    is missing is listed without a link, as "not available yet".
    """
    check = root is not None and Path(root).is_dir()
    parts = [_STYLE, '<div class="sr-index">']
    for kind, heading, intro in _SECTIONS:
        members = [p for p in pages if p.kind == kind]
        if not members:
            continue
        parts.append(f"<h3>{_html.escape(heading)}</h3>"
                     f"<div class='sr-muted'>{_html.escape(intro)}</div><ol>")
        for p in members:
            title = _html.escape(p.title)
            if check and not (Path(root) / f"{p.path}.ipynb").is_file():
                link = f"<span class='sr-missing'>{title}</span> <span class='sr-muted'>" \
                       "(not available yet)</span>"
            else:
                # target="_self": JupyterLab's renderer would open "non-local" links in a
                # new tab, and Voilà's pages count as non-local to it.
                link = (f'<a class="sr-page-link" data-path="{_html.escape(p.path)}" '
                        f'href="{_html.escape(p.href)}" target="_self">{title}</a>')
            parts.append(f"<li>{link}<span class='sr-purpose'>{_html.escape(p.purpose)}"
                         "</span></li>")
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def landing_page(pages: tuple[Page, ...] = PAGES):
    """:func:`index_html` as a displayable object (the landing notebook's one cell)."""
    from IPython.display import HTML

    return HTML(index_html(pages))
