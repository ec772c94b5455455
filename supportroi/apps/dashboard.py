"""The ROI dashboard: the main Voilà app.

The notebook ``notebooks/roi_dashboard.ipynb`` only does::

    from supportroi.apps.dashboard import Dashboard
    app = Dashboard()
    app.show()

Controls come from the catalog (:mod:`supportroi.apps.controls`), figures from the
model; this module only wires them together and lays them out. Text figures
update before the chart is drawn, so ROI and NPV respond at once. An error in
a callback shows a short message in the page, never a traceback.

The page speaks English, Russian or Chinese (``?lang=ru``, or the language
picker, which redraws every text in place and keeps the values); its messages
are ``dashboard.*`` and ``results.*`` in ``supportroi/locales/<lang>/``, and its
figures are formatted for the language (``1 234 567 ₽``, ``8,3 %``).
"""

from __future__ import annotations

import html
import types
from urllib.parse import unquote_plus

import ipywidgets as w
from IPython.display import HTML, display

from ..assumptions import CATALOG
from ..formatting import headline, money, percent
from ..i18n import DEFAULT_LANGUAGE, translator
from ..model import evaluate
from ..scenarios import dump_scenario
from .base import CSS, App, download_link, guarded, read_query_string
from .controls import ScenarioControls
from .language import LanguagePicker, query_language, with_language
from .query import parse_query
from .svg_chart import result_charts
from .workshop import InitiativeStep

__all__ = ["Dashboard", "parse_query", "read_query_string"]

#: The dashboard's own styles: its title and intro, and a share link that wraps on a narrow
#: screen. The phone layout (the sticky bar with ROI, NPV and payback, charts at the full
#: width) is every app's, :data:`~supportroi.apps.touch.PHONE_CSS`, which comes with
#: :data:`~supportroi.apps.base.CSS`.
PAGE_CSS = """<style>
.sr-app h1.sr-page-title { font-size: 1.6em; margin: 0.3em 0 0.1em 0; }
.sr-app .sr-intro { margin: 0 0 0.4em 0; max-width: 60em; }
.sr-share-query { overflow-wrap: anywhere; word-break: break-all; }
.sr-link .widget-html-content { max-width: 100%; overflow-wrap: anywhere; }
.sr-copy-link { margin: 0 6px; }
.sr-copy-status { color: #1e8449; font-size: 0.85em; }
.sr-app .sr-chart .widget-html-content { flex: 1 1 auto; min-width: 0; line-height: normal; }
</style>"""

#: Page script of "Copy link": the link's full address (with its ?…) to the clipboard,
#: or, where the browser refuses that, the address shown and selected to copy by hand.
COPY_SCRIPT = """<script>
(function () {
  if (window.srCopyLink) return;
  window.srCopyLink = true;
  function say(box, text) {
    var status = box.querySelector(".sr-copy-status");
    if (status) status.textContent = text;
  }
  function select(box, url, button) {
    var shown = box.querySelector(".sr-share-query");
    shown.textContent = url;
    var range = document.createRange();
    range.selectNodeContents(shown);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(box, copied ? button.dataset.copied : button.dataset.selected);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".sr-copy-link") : null;
    if (!button) return;
    var box = button.closest(".sr-link");
    var link = box ? box.querySelector("a.sr-share") : null;
    if (!link) return;
    var url = link.href;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { say(box, button.dataset.copied); },
                                              function () { select(box, url, button); });
    } else {
      select(box, url, button);
    }
  });
})();
</script>"""

#: Messages of the rows of the yearly table: the lines, then the totals.
_TOTALS = {"costs": "results.totals.costs", "benefits": "results.totals.benefits",
           "net": "results.totals.net", "cumulative net": "results.totals.cumulative_net"}

#: The headline cards: key of :func:`~supportroi.formatting.headline`, label message.
_CARDS = (("ROI", "results.figures.roi"), ("NPV", "results.figures.npv"),
          ("Payback", "results.figures.payback"), ("BCR", "results.figures.bcr"),
          ("IRR", "results.figures.irr"))


def _row_label(key: str, lang: str) -> str:
    t = translator(lang)
    return t(_TOTALS[key]) if key in _TOTALS else t(f"results.lines.{key}")


class Dashboard(App):
    """The ROI dashboard. Build it, then :meth:`show` it in a notebook.

    ``lang`` is the page language (en, ru, zh); :meth:`set_language` changes it.
    """

    def __init__(self, scenario: str | None = None, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self.controls = ScenarioControls(on_change=self._changed, lang=lang)
        self.workshop = InitiativeStep(self.controls, lang)
        self.controls.on_load = self.workshop.loaded
        self.error = self.controls.error
        self.picker, self.reset = self.controls.picker, self.controls.reset
        self.currency, self.upload = self.controls.currency, self.controls.upload
        self.evaluation = None
        self._building = True

        self.language = LanguagePicker(lang, on_change=self.set_language)
        self.title = w.HTML()
        self.title.add_class("sr-title")
        self.header = w.HTML()
        self.cards = w.HTML()
        self.cards.add_class("sr-headline")
        # Both charts as SVG text the browser draws (a few KB a move, no image to decode).
        self.chart = w.HTML(layout=w.Layout(width="100%"))
        self.chart.add_class("sr-chart")
        self.warnings = w.HTML()
        self.intangibles = w.HTML()
        self.table = w.HTML()
        self.table.add_class("sr-yearly")
        self.explain_html = w.HTML()
        self.explain_html.add_class("sr-explain")
        self.explain = w.Accordion(children=[self.explain_html], selected_index=None)
        self.explain.add_class("sr-explain-panel")
        self.explain.observe(self._on_explain, names="selected_index")
        self.link = w.HTML()
        self.link.add_class("sr-link")
        self.yaml_link = w.HTML()
        self.excel_button = w.Button(layout=w.Layout(width="auto"))
        self.excel_button.add_class("sr-prepare")
        self.excel_button.on_click(self._on_excel)
        self.excel_link = w.HTML()
        self.excel_link.add_class("sr-downloads")
        # At phone width the headline figures stay in view while the inputs scroll.
        self.sticky = w.HTML()
        self.sticky.add_class("sr-sticky")

        controls = w.VBox([self.controls.bar(), self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        controls.add_class("sr-inputs")
        self.yearly_heading = w.HTML()
        self.share_heading = w.HTML()
        results = w.VBox([
            self.error, self.cards, self.chart, self.warnings, self.intangibles,
            self.yearly_heading, self.table, self.explain, self.share_heading, self.link, w.HBox([self.yaml_link, self.excel_button, self.excel_link],
                              layout=w.Layout(flex_flow="row wrap", align_items="center")),
        ], layout=w.Layout(flex="3 1 520px", min_width="0"))
        self.widget = w.VBox([
            w.HTML(CSS + PAGE_CSS), self.sticky,
            w.HBox([self.title, self.language.widget],
                   layout=w.Layout(justify_content="space-between", align_items="baseline",
                                   flex_flow="row wrap")),
            self.header, self.workshop.widget,
            w.Box([controls, results], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       width="100%")),
        ])
        self.widget.add_class("sr-app")
        self._label_static()
        self._building = False
        if scenario:
            self.picker.value = scenario
        else:
            self._changed(set(CATALOG))

    # -- public --------------------------------------------------------------
    def share_query(self) -> str:
        """The query string that reopens the current settings (and the page language)."""
        return with_language(self.controls.share_query(), self.lang)

    def show(self, query: str | None = None) -> None:
        """Show the page (:meth:`App.show`) with the script of its "Copy link" button."""
        super().show(query)
        display(HTML(COPY_SCRIPT))

    def apply_query(self, query: str) -> list[str]:
        """Apply URL parameters: the page language first, then the settings."""
        lang = query_language(query, default=self.lang)
        if lang != self.lang:
            self.set_language(lang)
        return super().apply_query(query)

    def set_language(self, lang: str) -> None:
        """Redraw every text of the page in ``lang``; values stay as they are."""
        self.lang = lang
        self.language.set_language(lang)
        self.controls.set_language(lang)
        self.workshop.set_language(lang)
        self._label_static()
        if not self._building:
            self._changed(set())
            if self.explain.selected_index is not None:
                self._render_explanations()

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _on_explain(self, change) -> None:
        if change.new is not None:
            self._render_explanations()

    def _label_static(self) -> None:
        """The texts that do not depend on the figures, in the page language."""
        t = translator(self.lang)
        esc = html.escape
        self.title.value = (f"<h1 class='sr-page-title' lang='{self.lang}'>"
                            f"{esc(t('dashboard.title'))}</h1><p class='sr-intro'>"
                            f"{esc(t('dashboard.intro'))}</p>")
        self.explain.titles = (t("dashboard.explain.title"),)
        self.excel_button.description = t("dashboard.prepare")
        self.excel_button.tooltip = t("dashboard.prepare_tooltip")
        self.yearly_heading.value = (f"<b>{esc(t('dashboard.yearly'))}</b> <span "
                                     f"class='sr-muted'>{esc(t('dashboard.yearly_note'))}</span>")
        self.share_heading.value = f"<b>{esc(t('dashboard.share'))}</b>"
        if self.excel_link.value:  # prepared files are labelled in the old language
            self.excel_link.value = ""

    @guarded
    def _on_excel(self, _button) -> None:
        # Imported when asked for: openpyxl and matplotlib's PDF backend cost every page's
        # kernel ~0.5 s and ~20 MB, and most people never download.
        from ..reports.excel import excel_workbook
        from ..reports.pdf import pdf_report
        meta = self.controls.meta
        # A baseline's inputs still at a default nobody gave: the files say provisional.
        needed = self.workshop.still_needed() if self.workshop.active else []
        xlsx = excel_workbook(self.evaluation, title=meta["title"],
                              description=meta["description"], lang=self.lang,
                              still_needed=needed)
        pdf = pdf_report(self.evaluation, title=meta["title"], description=meta["description"],
                         lang=self.lang, still_needed=needed)
        self.excel_link.value = (
            download_link(xlsx, "supportroi-results.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          translator(self.lang)("dashboard.download_xlsx"))
            + download_link(pdf, "supportroi-report.pdf", "application/pdf",
                            translator(self.lang)("dashboard.download_pdf")))

    # -- internals -----------------------------------------------------------
    @guarded
    def _changed(self, names: set[str]) -> None:
        if self._building:
            return
        values = self.controls.values
        cur = self.currency.value
        source = types.SimpleNamespace(overrides=values, currency=cur,
                                       intangibles=self.controls.meta["intangibles"])
        ev = evaluate(source)
        self.evaluation = ev
        self.error.value = ""
        self._render_cards(ev)                      # first: the figures people watch
        self.chart.value = result_charts(ev, lang=self.lang)   # then the charts
        self._render_details(ev)
        self.workshop.refresh(ev)
        if self.explain.selected_index is not None:
            self._render_explanations()

    def _render_cards(self, ev) -> None:
        a, lang = ev.appraisal, self.lang
        t = translator(lang)
        text = headline(a, ev.currency, lang)
        tone = {"ROI": "sr-good" if (a.roi or 0) > 0 else "sr-bad",
                "NPV": "sr-good" if a.npv > 0 else "sr-bad",
                "Payback": "" if a.payback_years is not None else "sr-bad"}
        undefined = {"ROI": a.roi is None, "NPV": False, "Payback": a.payback_years is None,
                     "BCR": a.bcr is None, "IRR": a.irr is None}
        # A baseline's figures made with defaults its data could not give are provisional.
        provisional = self.workshop.provisional(lang)
        cards = []
        for key, label in _CARDS:
            cls = tone.get(key, "") + (" sr-undefined" if undefined[key] else "")
            cards.append(f'<div class="sr-card sr-{key.lower()}"><div class="sr-label">'
                         f'{html.escape(t(label))}</div><div class="sr-value {cls}">'
                         f"{html.escape(text[key])}</div></div>")
        self.cards.value = (f'{provisional}<div class="sr-cards'
                            f'{" sr-provisional" if provisional else ""}" lang="{lang}">'
                            f'{"".join(cards)}</div>')
        bar = [f"<span class='sr-sticky-{key.lower()}'>{html.escape(t(label))} "
               f"<b>{html.escape(text[key])}</b></span>" for key, label in _CARDS[:3]]
        if provisional:
            bar.append(f"<span class='sr-sticky-provisional'>"
                       f"{html.escape(t('workshop.provisional_tag'))}</span>")
        self.sticky.value = (f"<div class='sr-sticky-bar' role='status' lang='{lang}'>"
                             f"{''.join(bar)}</div>")

    def _render_details(self, ev) -> None:
        lang = self.lang
        t = translator(lang)
        esc = html.escape
        m = self.controls.meta
        a = ev.appraisal
        desc = f"<div class='sr-muted'>{esc(m['description'])}</div>" if m[
            "description"] else ""
        summary = t.plural("dashboard.summary", a.horizon_years,
                           rate=percent(a.rate, lang=lang),
                           pv_benefits=money(a.pv_benefits, ev.currency, lang=lang),
                           pv_costs=money(a.pv_costs, ev.currency, lang=lang),
                           terminal=money(ev.terminal_value, ev.currency, why="no churn",
                                          lang=lang))
        self.header.value = (f"<h2>{esc(m['title'])}</h2>{desc}"
                             f"<div class='sr-muted'>{esc(summary)}</div>")
        if ev.values["staffing_method"] == "erlang":
            self.header.value += (f"<div class='sr-muted sr-erlang'>"
                                  f"{esc(_erlang_text(ev, lang), quote=False)}</div>")
        if ev.warnings:
            items = "".join(f"<li><b>{esc(CATALOG[p.key].text(lang)[0])}</b>: "
                            f"{esc(p.text(lang))}</li>" for p in ev.warnings)
            self.warnings.value = (f'<div class="sr-warning"><b>{esc(t("dashboard.check_inputs"))}'
                                   f"</b> {esc(t('dashboard.check_inputs_note'))}<ul>{items}"
                                   "</ul></div>")
        else:
            self.warnings.value = ""
        if ev.intangibles:
            items = "".join(f"<li>{esc(i)}</li>" for i in ev.intangibles)
            self.intangibles.value = (f"<b>{esc(t('dashboard.intangibles'))}</b> <span "
                                      f"class='sr-muted'>{esc(t('dashboard.intangibles_note'))}"
                                      f"</span><ul>{items}</ul>")
        else:
            self.intangibles.value = ""
        self.table.value = _table_html(ev, lang)
        query = self.share_query()
        self.link.value = (f'<a href="?{esc(query)}" target="_blank" '
                           f'class="sr-share">{esc(t("dashboard.share_link"))}</a>'
                           f'<button type="button" class="sr-copy-link" '
                           f'data-copied="{esc(t("dashboard.copied"))}" '
                           f'data-selected="{esc(t("dashboard.copy_selected"))}" '
                           f'title="{esc(t("dashboard.copy_link_tooltip"))}">'
                           f'{esc(t("dashboard.copy_link"))}</button>'
                           f"<span class='sr-copy-status' role='status'></span> "
                           f"<span class='sr-muted sr-share-query'>?{esc(unquote_plus(query))}"
                           "</span>")  # shown readable; the link and Copy link give it encoded
        self.yaml_link.value = download_link(dump_scenario(self.controls.scenario()).encode(),
                                              "scenario.yaml", "application/x-yaml",
                                              t("dashboard.download_yaml"))
        self.excel_link.value = ""

    def _render_explanations(self) -> None:
        ev, lang = self.evaluation, self.lang
        t = translator(lang)
        esc = html.escape
        meanings = t("formulas.factor_meanings")
        parts = [f"<p class='sr-muted'>{esc(t('dashboard.explain.intro'))}</p>",
                 (f"<p class='sr-muted sr-factor-meanings'>"
                  f"{esc(t('dashboard.explain.factors', meanings=meanings))}</p>")]
        for e in ev.explain(lang):
            factor = (t("dashboard.explain.factor", factor=percent(e.factor, lang=lang))
                      if e.kind == "benefit" else "")
            note = t("dashboard.explain.line", kind=t(f"results.kind.{e.kind}"),
                     total=money(e.total, ev.currency, lang=lang), factor=factor)
            parts.append(f"<b>{esc(_row_label(e.key, lang))}</b> <span class='sr-muted "
                         f"sr-factor'>{esc(note)}</span>"
                         f"<pre>{esc(e.formula)}\n"
                         f"{esc(_adjustments(e.adjustments, lang))}</pre>")
        self.explain_html.value = "".join(parts)


def _erlang_text(ev, lang: str) -> str:
    """Phone staffing, waiting and abandonment of an erlang scenario, in ``lang``."""
    t = translator(lang)
    q, v = ev.quantities, ev.values

    def wait(which):
        bad = int(q[f"unstable_{which}"])
        return (t.plural("dashboard.wait_unbounded", bad) if bad
                else t("dashboard.wait_seconds", seconds=t.number(q[f"asa_{which}_s"])))

    cut = q["abandon_churn_reduction"]
    churn = t("dashboard.abandon_churn", points=t.number(100 * cut, 2)) if cut else ""
    return t("dashboard.erlang", level=percent(v["target_service_level"], digits=0, lang=lang),
             answer=t.number(v["target_answer_time_s"]),
             fte_before=t.number(q["fte_phone_before"], 1),
             fte_after=t.number(q["fte_phone_after"], 1),
             wait_before=wait("before"), wait_after=wait("after"),
             patience=t.number(v["caller_patience_s"]),
             abandon_before=percent(q["abandon_before"], lang=lang),
             abandon_after=percent(q["abandon_after"], lang=lang), churn=churn)


def _adjustments(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A line's adjustments with the combined factor on its own line and the
    meanings of the factors (said once above the lines) left out."""
    t = translator(lang)
    said = " " + t("formulas.adjust.meanings", meanings=t("formulas.factor_meanings"))
    return text.replace(said, "").replace(" = ", "\n= ", 1)


def _table_html(ev, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    cur = ev.currency
    years = list(ev.table.columns)
    head = "".join(f"<th>{html.escape(t('dashboard.year', year=y))}</th>" for y in years)
    rows = []
    for (kind, key), amounts in zip(ev.table.index, ev.table.to_numpy()):
        if kind != "total" and not amounts.any():
            continue  # lines this scenario does not use
        cls = ' class="sr-total"' if key == "costs" else ""
        cells = "".join(f"<td>{html.escape(money(x, cur, lang=lang))}</td>" for x in amounts)
        label = _row_label(key, lang)
        if kind == "cost":
            label = t("dashboard.cost_line", label=label)
        rows.append(f"<tr{cls}><td>{html.escape(label)}</td>{cells}</tr>")
    return (f'<table class="sr-table" lang="{lang}"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
