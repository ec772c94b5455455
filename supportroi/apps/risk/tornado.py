"""The tornado view: which assumptions matter, one at a time at their low and high value.

NPV or ROI for every assumption or a chosen set, with the table of tested
values and cuts. Low and high are the user's own range for the assumptions
given one (low / high boxes, in the assumption's display unit: per cent for
shares and rates), else ± a band of the current value, cut to what is valid.
Ranges the model refuses (:class:`~supportroi.risk.RangeError`) are listed in
a notice and the last tornado stays. Recomputed on every change (a few ms);
the chart is redrawn only when what it shows changed. Texts are ``risk.tornado.*``
in the page language; :meth:`TornadoView.set_language` redraws them in place.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import money, percent, unit_label
from ...i18n import DEFAULT_LANGUAGE, translator
from ...risk import DEFAULT_BAND, RangeError, business_drivers, tornado
from ..base import guarded
from ..charts import BLANK_PNG
from ..controls import ScenarioControls
from ..risk_charts import PngFigure, tornado_chart, tornado_rows
from ..touch import HelpTip
from .common import (
    BANDS,
    DEFAULT_TOP,
    RangeHead,
    RangeRow,
    assumption_options,
    default_ranges,
    format_value,
    help_lines,
    label_of,
    notice,
    numeric_names,
    offer_the_rest,
    problem_text,
    relabel,
)

__all__ = ["TOPS", "TornadoView", "tornado_table"]

#: Bar counts offered (0 = all).
TOPS = (10, 15, 20, 30, 0)
_WIDTH = 720  # px: the chart's natural width



def _intro(lang: str) -> str:
    t = translator(lang)
    return (f"<h3>{html.escape(t('risk.tornado.title'))}</h3><div class='sr-muted'>"
            f"{t('risk.tornado.intro')}</div>")


def _table_head(lang: str) -> str:
    t = translator(lang)
    return (f"<b>{html.escape(t('risk.tornado.values_tested'))}</b> <span class='sr-muted'>"
            f"{html.escape(t('risk.tornado.values_tested_note'))}</span>")


#: The columns of the table of tested values.
_COLUMNS = ("risk.tornado.col.assumption", "risk.tornado.col.base", "risk.tornado.col.low",
            "risk.tornado.col.high", "risk.tornado.col.npv_low", "risk.tornado.col.npv_high",
            "risk.tornado.col.npv_swing", "risk.tornado.col.roi_low",
            "risk.tornado.col.roi_high")


def tornado_table(rows, total: int, own: set = frozenset(), currency: str = "$",
                  lang: str = DEFAULT_LANGUAGE) -> str:
    """The table of tested values under the chart: one row per bar shown
    (``rows`` from :func:`~supportroi.apps.risk_charts.tornado_rows`), out of
    ``total`` assumptions; ``own`` names the rows with the user's own range.
    In ``lang``; the rows' ``cut`` and ``note`` are the model's, in the language it
    was asked for."""
    cur = currency
    t = translator(lang)
    head = "<tr>" + "".join(f"<th>{html.escape(t(k))}</th>" for k in _COLUMNS) + "</tr>"
    joint = t("risk.model.separator")
    body = []
    for r in rows.itertuples(index=False):
        name = r.name
        unit = unit_label(CATALOG[name], cur, lang)
        notes = joint.join(x for x in (t("risk.tornado.your_range") if name in own else "",
                                       r.cut and t("risk.tornado.cut", cut=r.cut), r.note) if x)
        cells = [(f"{html.escape(label_of(name, lang))} <span class='sr-muted'>"
                  f"({html.escape(unit)})</span>"),
                 format_value(name, r.base, cur, per=False, lang=lang),
                 format_value(name, r.low, cur, per=False, lang=lang),
                 format_value(name, r.high, cur, per=False, lang=lang),
                 money(r.npv_low, cur, lang=lang), money(r.npv_high, cur, lang=lang),
                 money(r.swing, cur, lang=lang),
                 percent(r.roi_low, "no costs", lang=lang),
                 percent(r.roi_high, "no costs", lang=lang)]
        if notes:
            cells[0] += f"<div class='sr-note'>{html.escape(notes)}</div>"
        tds = "".join(f"<td>{c}</td>" if i == 0 else f"<td>{html.escape(c)}</td>"
                      for i, c in enumerate(cells))
        body.append(f"<tr class='sr-row-{name}'>{tds}</tr>")
    shown = (f"<div class='sr-muted'>{t('risk.tornado.showing', shown=t.number(len(rows)), total=t.number(total))}"
             "</div>" if len(rows) < total else "")
    return (f"<div class='sr-scroll'><table class='sr-table' lang='{lang}'><thead>{head}"
            f"</thead><tbody>{''.join(body)}</tbody></table></div>{shown}")


class TornadoView:
    """The tornado section: its inputs, chart and table, over ``controls``.

    Widgets: ``t_metric``, ``t_set``, ``t_names``, ``t_top``, ``t_band``,
    ``t_range_add``, ``t_range_add_button``, ``t_rows`` (name → low / high
    :class:`~supportroi.apps.risk.common.RangeRow`), ``t_notice``, ``t_chart``,
    ``t_table``; ``tornado_box`` lays them out. ``result`` is the
    :class:`~supportroi.risk.Tornado` shown. Call :meth:`update` when the
    scenario inputs change, then :meth:`draw`; :meth:`set_language` redraws the
    texts in ``lang`` (en, ru, zh), keeping every choice and range.
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("t_metric", "t_set", "t_names", "t_top", "t_band", "t_range_add",
               "t_range_add_button", "t_rows", "t_notice", "t_chart", "t_table", "tornado_box")

    def __init__(self, controls: ScenarioControls, lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.error = controls.error
        self.lang = lang
        self.result = None
        self._key = None        # what the shown chart was drawn from
        self._pending = None    # what it should show next
        self._notice = None     # (title key, [messages in each language]) of the notice shown
        self._figure = PngFigure(_WIDTH, 420)
        self._build_choices()
        self._build_own_ranges()
        self._build_results()
        self._intro = w.HTML()
        self._table_head = w.HTML()
        # ⓘ help on tap for what the choices' and the button's tooltips say.
        self._choices_tip = HelpTip("tornado-choices")
        self._own_range_tip = HelpTip("tornado-own-range")
        self.tornado_box = w.VBox([
            self._intro,
            self._choices_tip.wrap(
                w.HBox([self.t_metric, self.t_set, self.t_top, self.t_band],
                       layout=w.Layout(flex_flow="row wrap", align_items="center"))),
            self.t_names,
            self._own_range_tip.wrap(
                w.HBox([self.t_range_add, self.t_range_add_button],
                       layout=w.Layout(flex_flow="row wrap", align_items="center"))),
            self.t_range_head.box, self.t_range_rows, self.t_notice, self._chart_box,
            self._table_head, self.t_table,
        ], layout=w.Layout(width="100%"))
        self.tornado_box.add_class("sr-tornado")
        self._label()

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def ranges(self) -> dict:
        """The own ranges as entered: ``{name: (low, high)}`` in each
        assumption's unit (fractions as decimals); the others use the band."""
        return {name: row.get() for name, row in self.t_rows.items()}

    def set_language(self, lang: str) -> None:
        """Redraw every text in ``lang``; choices, ranges and the result stay (the
        table and the chart are redrawn at the next :meth:`update`)."""
        self.lang = lang
        self._label()
        self.t_range_head.set_language(lang)
        for row in self.t_rows.values():
            row.set_language(lang)
        self.set_currency()

    # -- building ------------------------------------------------------------
    def _build_choices(self) -> None:
        self.t_metric = w.ToggleButtons(options=[("NPV", "npv"), ("ROI", "roi")], value="npv",
                                        style={"button_width": "60px"})
        self.t_metric.add_class("sr-t-metric")
        self.t_set = w.ToggleButtons(options=[("drivers", "drivers"), ("all", "all"),
                                              ("chosen", "chosen")], value="drivers",
                                     style={"button_width": "120px"})
        self.t_set.add_class("sr-t-set")
        self.t_top = w.Dropdown(options=[(str(n), n) for n in TOPS], value=DEFAULT_TOP,
                                layout=w.Layout(width="130px"),
                                style={"description_width": "40px"})
        self.t_top.add_class("sr-t-top")
        self.t_band = w.Dropdown(options=[(str(b), b) for b in BANDS], value=DEFAULT_BAND,
                                 layout=w.Layout(width="150px"),
                                 style={"description_width": "46px"})
        self.t_band.add_class("sr-t-band")
        self.t_names = w.SelectMultiple(
            options=assumption_options(numeric_names(), lang=self.lang),
            rows=8, layout=w.Layout(width="98%", display="none"),
            style={"description_width": "60px"})
        self.t_names.add_class("sr-t-names")
        for widget in (self.t_metric, self.t_set, self.t_top, self.t_band, self.t_names):
            widget.observe(self._on_input, names="value")

    def _label(self) -> None:
        """The texts that do not depend on the result, in the view's language."""
        t = translator(self.lang)
        self._intro.value = _intro(self.lang)
        self._table_head.value = _table_head(self.lang)
        relabel(self, self.t_set, [(t("risk.tornado.set.drivers"), "drivers"),
                                   (t("risk.tornado.set.all"), "all"),
                                   (t("risk.tornado.set.chosen"), "chosen")])
        relabel(self, self.t_top, [(t.number(n) if n else t("risk.tornado.all_bars"), n)
                                   for n in TOPS])
        relabel(self, self.t_band, [(t("risk.tornado.band_option", band=percent(b, digits=0, lang=self.lang)), b)
                                    for b in BANDS])
        self.t_set.tooltips = [t("risk.tornado.set.drivers_tip"), t("risk.tornado.set.all_tip"),
                               t("risk.tornado.set.chosen_tip")]
        self.t_top.description = t("risk.tornado.bars")
        self.t_band.description = t("risk.tornado.band")
        self.t_band.tooltip = t("risk.tornado.band_tip")
        self.t_names.description = t("risk.tornado.choose")
        self.t_range_add.description = t("risk.tornado.own_range")
        self.t_range_add_button.description = t("risk.tornado.own_range_button")
        self.t_range_add_button.tooltip = t("risk.tornado.own_range_tip")
        self._show_help()
        if self._notice is not None:
            self._show_notice(*self._notice)

    def _show_help(self) -> None:
        """The ⓘ texts: what the tooltips of the choices and of the button say (the NPV's
        in the current currency)."""
        t, lang = translator(self.lang), self.lang
        metric = [("NPV", t("risk.tornado.npv_tip", currency=self.currency)),
                  ("ROI", t("risk.tornado.roi_tip"))]
        sets = [(t("risk.tornado.set.drivers"), t("risk.tornado.set.drivers_tip")),
                (t("risk.tornado.set.all"), t("risk.tornado.set.all_tip")),
                (t("risk.tornado.set.chosen"), t("risk.tornado.set.chosen_tip"))]
        self._choices_tip.show(t("risk.help.tornado"), help_lines(
            [*metric, *sets, (self.t_band.description, self.t_band.tooltip)], lang), lang)
        self._own_range_tip.show(self.t_range_add.description, help_lines(
            [(self.t_range_add_button.description, self.t_range_add_button.tooltip)], lang),
            lang)

    def _build_own_ranges(self) -> None:
        """Own low / high values per assumption, instead of the band."""
        self.t_rows: dict[str, RangeRow] = {}
        self.t_range_add = w.Dropdown(options=[], layout=w.Layout(width="340px"),
                                      style={"description_width": "76px"})
        self.t_range_add.add_class("sr-t-range-add")
        self.t_range_add_button = w.Button(icon="plus", layout=w.Layout(width="auto"))
        self.t_range_add_button.add_class("sr-t-range-add-button")
        self.t_range_add_button.on_click(self._on_range_add)
        self.t_range_head = RangeHead(("low", "high"), self.lang)
        self.t_range_rows = w.VBox(layout=w.Layout(width="100%"))
        self.t_range_rows.add_class("sr-t-ranges")
        self._sync_rows()

    def _build_results(self) -> None:
        self.t_notice = w.HTML()
        self.t_notice.add_class("sr-t-notice")
        # Shown at its natural width at most; on a phone not below 540 px (about
        # three quarters of natural size) but scrolled sideways instead.
        self.t_chart = w.Image(value=BLANK_PNG, format="png", layout=w.Layout(
            width="100%", max_width=f"{_WIDTH}px", min_width="540px", height="auto"))
        self.t_chart.add_class("sr-tornado-chart")
        self._chart_box = w.Box([self.t_chart],
                                layout=w.Layout(width="100%", overflow="auto hidden"))
        self._chart_box.add_class("sr-tornado-wrap")
        self._chart_box.add_class("sr-swipe")  # a "swipe sideways" hint when it does not fit
        self.t_table = w.HTML(layout=w.Layout(width="100%", min_width="0"))
        self.t_table.add_class("sr-tornado-table")
        self.t_table.add_class("sr-wide")

    # -- notices -------------------------------------------------------------
    def _show_notice(self, title: str | None, messages=None) -> None:
        """Show the notice ``title`` (a message key) over ``messages`` (a function of
        the language giving the texts), or none; kept to be redrawn in another language."""
        if title is None:
            self._notice = None
            self.t_notice.value = ""
            return
        self._notice = (title, messages)
        self.t_notice.value = notice(translator(self.lang)(title), messages(self.lang))

    # -- updating ------------------------------------------------------------
    def update(self, draw: bool = True) -> None:
        """Recompute the tornado (a few ms) and its table; redraw the chart
        now (``draw``) or at the next :meth:`draw`, and only if what it shows
        changed."""
        chosen = self.t_set.value == "chosen"
        names = ([n for n in self.t_names.value if n in CATALOG] if chosen else
                 business_drivers() if self.t_set.value == "drivers" else None)
        if chosen and not names:
            self._show_notice("risk.tornado.nothing", lambda lang: [
                translator(lang)("risk.tornado.nothing_message")])
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        ranges = self.ranges()
        values = self.controls.values
        try:
            t = tornado(values, names=names, ranges=ranges, band=band, lang=self.lang)
        except RangeError:
            def refused(lang):
                try:
                    tornado(values, names=names, ranges=ranges, band=band, lang=lang)
                except RangeError as exc:
                    return [problem_text(p, lang) for p in exc.problems]
                return []
            self._show_notice("risk.tornado.refused", refused)
            return
        self._show_notice(None)
        self.result = t
        metric = self.t_metric.value if self.t_metric.value in ("npv", "roi") else "npv"
        top = self.t_top.value if self.t_top.value in TOPS else DEFAULT_TOP
        rows = tornado_rows(t, metric, top, keep=ranges)  # the user's own ranges always show
        self.t_table.value = tornado_table(rows, len(t.table), set(ranges), self.currency,
                                           self.lang)
        key = (metric, top, self.currency, self.lang, t.base_npv, t.base_roi,
               tuple(rows["name"]),
               rows[["low", "high", f"{metric}_low", f"{metric}_high"]]
               .to_numpy(float).tobytes())
        self._pending = (key, t, metric, top, tuple(ranges), max(220, 90 + 30 * len(rows)))
        if draw:
            self.draw()

    def draw(self) -> None:
        """Draw the chart of the last :meth:`update`, if it differs from the one shown."""
        if self._pending is None:
            return
        key, t, metric, top, keep, height = self._pending
        self._pending = None
        if key != self._key:
            self.t_chart.value = self._figure.render(tornado_chart, t, metric, top,
                                                     self.currency, keep, lang=self.lang,
                                                     height_px=height)
            self._key = key

    def set_currency(self) -> None:
        """Show the units of the range rows, the list and the tips in the current currency."""
        cur, t = self.currency, translator(self.lang)
        for row in self.t_rows.values():
            row.set_currency(cur)
        self.t_metric.tooltips = [t("risk.tornado.npv_tip", currency=cur),
                                  t("risk.tornado.roi_tip")]
        self._show_help()
        relabel(self, self.t_names, assumption_options(numeric_names(), cur, self.lang))
        offer_the_rest(self.t_range_add, self.t_range_add_button, self.t_rows, cur, self.lang)

    def _add_row(self, name: str, rng: tuple) -> None:
        row = RangeRow(name, self.currency, parts=("low", "high"), lang=self.lang,
                       on_change=self._on_range_input, refuse=self._refuse)
        row.remove_key = "risk.tornado.back_to_band"
        row.set_currency(self.currency)
        row.set(rng)
        row.remove.on_click(lambda _b, n=name: self._on_range_remove(n))
        self.t_rows[name] = row
        self._sync_rows()

    def _sync_rows(self) -> None:
        self.t_range_rows.children = tuple(row.box for row in self.t_rows.values())
        self.t_range_head.layout.display = "" if self.t_rows else "none"
        offer_the_rest(self.t_range_add, self.t_range_add_button, self.t_rows, self.currency,
                       self.lang)

    def _refuse(self, message: str) -> None:
        """A typed text that is not a number: say so; the value kept stays."""
        self._notice = None
        self.t_notice.value = notice(translator(self.lang)("risk.not_applied"), [message])

    # -- callbacks -----------------------------------------------------------
    _hold = False   # True while the list is rebuilt for another currency or language

    @guarded
    def _on_input(self, change) -> None:
        if self._hold:
            return
        if change.owner is self.t_set:
            self.t_names.layout.display = "" if change.new == "chosen" else "none"
            if change.new == "chosen" and not self.t_names.value:
                rows = tornado_rows(self.result, self.t_metric.value, 8)
                self.t_names.value = tuple(rows["name"])  # triggers the update
                return
        self.error.value = ""
        self.update()

    @guarded
    def _on_range_add(self, _button) -> None:
        name = self.t_range_add.value
        if name not in numeric_names() or name in self.t_rows:
            return
        band = self.t_band.value if self.t_band.value in BANDS else DEFAULT_BAND
        lo, _, hi = default_ranges(self.controls.values, [name], band)[name]
        self._add_row(name, (lo, hi))     # starts at the band: same bars, now editable
        self.error.value = ""
        self.update()
        if lo == hi and not self.t_notice.value:
            cur = self.currency
            self._show_notice("risk.give_range", lambda lang: [translator(lang)(
                "risk.tornado.give_range", label=label_of(name, lang),
                value=format_value(name, lo, cur, lang=lang))])

    @guarded
    def _on_range_remove(self, name: str) -> None:
        row = self.t_rows.pop(name, None)
        if row is not None:
            row.box.close()
        self._sync_rows()
        self.error.value = ""
        self.update()

    @guarded
    def _on_range_input(self) -> None:
        self.error.value = ""
        self.update()
