"""The Monte Carlo view: how sure the case is, from three-point ranges.

Three-point ranges per chosen assumption, PERT or triangular, N draws and a
seed; it runs only when *Run* is pressed (a progress bar follows long runs).
Shows P(ROI > 0), P(NPV > 0), P(payback within the horizon), the NPV
histogram with P10/P50/P90, and the conservative / likely / optimistic cases
built from the same ranges (:class:`~supportroi.apps.risk.scenarios.ThreeScenariosView`).
Refused ranges (:class:`~supportroi.risk.RangeError`) are listed in a notice
and the last results stay; results from other inputs than those shown are
flagged until the next run. Texts are ``risk.monte_carlo.*`` in the page language;
:meth:`MonteCarloView.set_language` redraws them, and the results of the last run,
without running again.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable, Iterable

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import money, percent
from ...i18n import DEFAULT_LANGUAGE, translator
from ...risk import DEFAULT_SEED, RangeError, business_drivers, monte_carlo, three_scenarios
from ..base import guarded
from ..charts import BLANK_PNG
from ..controls import ScenarioControls
from ..risk_charts import PngFigure, npv_histogram
from ..touch import HelpTip
from .common import (
    CHUNK,
    DEFAULT_MC_PICKS,
    DEFAULT_N,
    N_CHOICES,
    PROGRESS_FROM,
    SEED_MAX,
    RangeHead,
    RangeRow,
    card,
    default_ranges,
    entry_box,
    format_value,
    help_lines,
    label_of,
    notice,
    numeric_names,
    offer_the_rest,
    parse_typed,
    problem_text,
    relabel,
    show_in,
)
from .scenarios import ThreeScenariosView

__all__ = ["MonteCarloRanges", "MonteCarloView", "default_picks", "results_cards", "valid_seed"]


def _intro(lang: str) -> str:
    t = translator(lang)
    return (f"<h3>{html.escape(t('risk.monte_carlo.title'))}</h3><div class='sr-muted'>"
            f"{html.escape(t('risk.monte_carlo.intro'))}</div>")


def _stale(lang: str) -> str:
    return (f"<div class='sr-warning sr-stale'>{translator(lang)('risk.monte_carlo.stale')}"
            "</div>")


def _seed_rule(lang: str) -> str:
    t = translator(lang)
    return t("risk.monte_carlo.seed_rule", max=t.number(SEED_MAX))


def default_picks(table) -> list[str]:
    """The :data:`~supportroi.apps.risk.common.DEFAULT_MC_PICKS` uncertain
    business drivers (:func:`supportroi.risk.business_drivers`: estimates, not
    modelling knobs such as occupancy or paid hours) with the largest NPV swing
    in a tornado ``table`` (channel shares left out: ranging two of them at once
    is often refused)."""
    drivers = set(business_drivers()) & set(numeric_names())
    picks = [n for n in table["name"] if n in drivers and not n.startswith("share_")]
    return picks[:DEFAULT_MC_PICKS]


def valid_seed(seed) -> bool:
    """Whether ``seed`` is a whole number from 0 to :data:`SEED_MAX` (not a bool)."""
    return (isinstance(seed, numbers.Integral) and not isinstance(seed, bool)
            and 0 <= seed <= SEED_MAX)


def results_cards(mc, currency: str, horizon, lang: str = DEFAULT_LANGUAGE) -> str:
    """The chances and the NPV spread of a :class:`~supportroi.risk.MonteCarlo`
    run with a ``horizon`` [years] (unless the horizon itself was ranged), in ``lang``."""
    cur = currency
    t = translator(lang)
    within = (t("risk.monte_carlo.within_each") if "horizon_years" in mc.ranges
              else t.plural("risk.monte_carlo.within", horizon))
    chances = [
        card("sr-p-roi", t("risk.monte_carlo.p_roi"),
             percent(mc.p_roi_positive, lang=lang) if mc.p_roi_positive is not None
             else t("results.undefined_because", why=t("risk.monte_carlo.no_costs_any_draw")),
             undefined=mc.p_roi_positive is None),
        card("sr-p-npv", t("risk.monte_carlo.p_npv"), percent(mc.p_npv_positive, lang=lang)),
        card("sr-p-payback", t("risk.monte_carlo.p_payback", within=within),
             percent(mc.p_payback, lang=lang)),
    ]
    spread = [card(cls, t(label), money(x, cur, lang=lang), "sr-bad" if x < 0 else "")
              for cls, label, x in (("sr-npv-p10", "risk.monte_carlo.p10", mc.npv_p10),
                                    ("sr-npv-p50", "risk.monte_carlo.p50", mc.npv_p50),
                                    ("sr-npv-p90", "risk.monte_carlo.p90", mc.npv_p90))]
    return (f'<div class="sr-cards" lang="{lang}">{"".join(chances)}</div>'
            f'<div class="sr-cards" lang="{lang}">{"".join(spread)}</div>')


def sticky_bar(mc, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The phone's headline bar of a Monte Carlo run: P(ROI > 0) and the median NPV."""
    t, esc = translator(lang), html.escape
    p_roi = (percent(mc.p_roi_positive, lang=lang) if mc.p_roi_positive is not None
             else t("results.undefined_because", why=t("risk.monte_carlo.no_costs_any_draw")))
    return (f'<div class="sr-sticky-bar" lang="{lang}">'
            f'<span class="sr-sticky-p-roi">{esc(t("risk.monte_carlo.p_roi"))}: '
            f'<b>{esc(p_roi)}</b></span>'
            f'<span class="sr-sticky-npv-p50">{esc(t("risk.monte_carlo.p50"))}: '
            f'<b>{esc(money(mc.npv_p50, currency, lang=lang))}</b></span></div>')


def _distribution(name: str, lang: str) -> str:
    return translator(lang)("risk.monte_carlo.pert" if name == "pert"
                            else "risk.monte_carlo.triangular_lower")


def _run_info(mc, lang: str = DEFAULT_LANGUAGE) -> str:
    t = translator(lang)
    extra = (" " + t("risk.monte_carlo.roi_undefined_in", n=t.number(mc.n_roi_undefined))
             if mc.n_roi_undefined else "")
    roi_q = t("risk.monte_carlo.roi_quantiles",
              p10=percent(mc.roi_p10, "no costs", lang=lang),
              p50=percent(mc.roi_p50, "no costs", lang=lang),
              p90=percent(mc.roi_p90, "no costs", lang=lang))
    run = t("risk.monte_carlo.run_info", n=t.number(mc.n),
            distribution=_distribution(mc.distribution, lang), seed=mc.seed)
    return f"<div class='sr-muted'>{html.escape(roi_q + ' ' + run + extra)}</div>"


class MonteCarloRanges:
    """The Monte Carlo's three-point ranges over ``controls``: ``rows`` (name →
    :class:`~supportroi.apps.risk.common.RangeRow`), ``mc_add`` and
    ``mc_add_button`` to add one, ``mc_reset`` to fill them all again; ``box``
    lays them out. Messages go to ``notice`` (an HTML widget); ``on_change()``
    runs after every change of the ranges. ``lang``: the language of the texts
    and of the numbers typed."""

    def __init__(self, controls: ScenarioControls, notice_widget: w.HTML,
                 on_change: Callable[[], None], lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.error = controls.error
        self.notice = notice_widget
        self.on_change = on_change
        self.lang = lang
        self._said = None   # the notice shown, as a function of the language
        self.rows: dict[str, RangeRow] = {}
        self.mc_rows = w.VBox(layout=w.Layout(width="100%"))
        self.mc_add = w.Dropdown(options=[], layout=w.Layout(width="300px"),
                                 style={"description_width": "36px"})
        self.mc_add.add_class("sr-mc-add")
        self.mc_add_button = w.Button(icon="plus", layout=w.Layout(width="auto"))
        self.mc_add_button.add_class("sr-mc-add-button")
        self.mc_add_button.on_click(self._on_add)
        self.mc_reset = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.mc_reset.add_class("sr-mc-reset")
        self.mc_reset.on_click(self._on_reset)
        self.head = RangeHead(("min", "mode", "max"), lang)
        self._sync_rows()   # every assumption can be added, even with no row yet
        self._tip = HelpTip("mc-ranges")   # what the reset button's tooltip says, on tap
        self.box = w.VBox([
            self.head.box, self.mc_rows,
            self._tip.wrap(w.HBox([self.mc_add, self.mc_add_button, self.mc_reset],
                                  layout=w.Layout(flex_flow="row wrap",
                                                  align_items="center")))],
            layout=w.Layout(width="100%"))
        self._label()

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def _label(self) -> None:
        t = translator(self.lang)
        self.mc_add.description = t("risk.monte_carlo.add")
        self.mc_add_button.description = t("risk.monte_carlo.add_button")
        self.mc_reset.description = t("risk.monte_carlo.reset",
                                      band=percent(0.2, digits=0, lang=self.lang))
        self.mc_reset.tooltip = t("risk.monte_carlo.reset_tip")
        self._tip.show(t("risk.help.ranges"), help_lines(
            [(self.mc_reset.description, self.mc_reset.tooltip)], self.lang), self.lang)

    def set_language(self, lang: str) -> None:
        """Texts and numbers in ``lang``; the ranges stay."""
        self.lang = lang
        self._label()
        self.head.set_language(lang)
        for row in self.rows.values():
            row.set_language(lang)
        offer_the_rest(self.mc_add, self.mc_add_button, self.rows, self.currency, lang)
        if self._said is not None:
            self.notice.value = self._said(lang)

    def say(self, said: Callable[[str], str] | None) -> None:
        """Show the notice ``said(lang)`` (none for None), redrawn on a language change."""
        self._said = said
        self.notice.value = "" if said is None else said(self.lang)

    def get(self) -> dict:
        """The ranges as entered: ``{name: (min, most_likely, max)}`` in each
        assumption's unit (fractions as decimals)."""
        return {name: row.get() for name, row in self.rows.items()}

    def add_row(self, name: str) -> None:
        """Add an (empty) range row for ``name``; :meth:`prefill` fills it."""
        row = RangeRow(name, self.currency, lang=self.lang, on_change=self._on_input,
                       refuse=self._refuse)
        row.remove.on_click(lambda _b, n=name: self._on_remove(n))
        self.rows[name] = row
        self._sync_rows()

    def prefill(self, names: Iterable[str] | None = None) -> None:
        """Fill the rows of ``names`` (default: all) with ± 20 % of the current values."""
        names = list(self.rows) if names is None else list(names)
        for name, rng in default_ranges(self.controls.values, names).items():
            self.rows[name].set(rng)

    def set_currency(self) -> None:
        """Show the rows' and the Add list's units in the current currency."""
        for row in self.rows.values():
            row.set_currency(self.currency)
        offer_the_rest(self.mc_add, self.mc_add_button, self.rows, self.currency, self.lang)

    def _sync_rows(self) -> None:
        self.mc_rows.children = tuple(row.box for row in self.rows.values())
        offer_the_rest(self.mc_add, self.mc_add_button, self.rows, self.currency, self.lang)

    def _refuse(self, message: str) -> None:
        self.say(None)
        self.notice.value = notice(translator(self.lang)("risk.not_applied"), [message])

    @guarded
    def _on_input(self) -> None:
        self.on_change()

    @guarded
    def _on_add(self, _button) -> None:
        name = self.mc_add.value
        if name not in CATALOG or name not in numeric_names() or name in self.rows:
            return
        self.add_row(name)
        self.prefill([name])
        lo, _, hi = self.rows[name].get()
        cur = self.currency
        self.say(None if lo != hi else lambda lang: notice(
            translator(lang)("risk.give_range"), [translator(lang)(
                "risk.monte_carlo.give_range", label=label_of(name, lang),
                value=format_value(name, lo, cur, lang=lang),
                band=percent(0.2, digits=0, lang=lang))]))
        self.on_change()

    @guarded
    def _on_remove(self, name: str) -> None:
        row = self.rows.pop(name, None)
        if row is not None:
            row.box.close()
        self._sync_rows()
        self.on_change()

    @guarded
    def _on_reset(self, _button) -> None:
        self.prefill()
        self.say(None)
        self.on_change()


class MonteCarloView:
    """The Monte Carlo section over ``controls``, with ``three`` for the three cases.

    Widgets: ``rows`` (name → :class:`~supportroi.apps.risk.common.RangeRow`),
    ``mc_add``, ``mc_add_button``, ``mc_reset``, ``mc_distribution``, ``mc_n``,
    ``mc_seed`` (a text box), ``mc_run``, ``mc_progress``, ``mc_notice``, ``mc_stale``,
    ``mc_cards``, ``mc_info``, ``mc_chart``, ``mc_three`` (the three cases'
    table); ``mc_box`` lays them out. ``result`` and ``three_result`` are the
    last run's :class:`~supportroi.risk.MonteCarlo` and
    :class:`~supportroi.risk.ThreeScenarios` (None before the first run);
    ``seed`` is the seed in use (what ``mc_seed`` shows, or the text refused).
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("rows", "mc_add", "mc_add_button", "mc_reset", "mc_distribution", "mc_n",
               "mc_seed", "mc_run", "mc_progress", "mc_notice", "mc_stale", "mc_cards",
               "mc_info", "mc_chart", "mc_three", "mc_box", "mc_sticky")

    def __init__(self, controls: ScenarioControls, three: ThreeScenariosView | None = None,
                 lang: str = DEFAULT_LANGUAGE):
        self.controls = controls
        self.error = controls.error
        self.lang = lang
        self.three = three if three is not None else ThreeScenariosView(lang)
        self.result = None
        self.seed = DEFAULT_SEED
        self._key = None        # what the shown results were run with
        self._drawn = None      # (currency, language, result id) of the drawn histogram
        self._horizon = None    # the horizon [years] of the shown results
        self._figure = PngFigure(520, 320)
        self._build_run()
        self._build_results()
        self.range_inputs = MonteCarloRanges(controls, self.mc_notice, self.refresh_stale, lang)
        self.rows = self.range_inputs.rows
        self.mc_add = self.range_inputs.mc_add
        self.mc_add_button = self.range_inputs.mc_add_button
        self.mc_reset = self.range_inputs.mc_reset
        self._intro = w.HTML()
        self._distribution_label = w.HTML()
        # ⓘ help on tap for what the tooltips of the distributions, the seed and Run say.
        self._run_tip = HelpTip("mc-run")
        self.mc_box = w.VBox([
            self._intro, self.range_inputs.box,
            self._run_tip.wrap(
                w.HBox([self._distribution_label, self.mc_distribution, self.mc_n,
                        self.mc_seed, self.mc_run, self.mc_progress],
                       layout=w.Layout(flex_flow="row wrap", align_items="center"))),
            self.mc_notice, self.mc_stale, self.mc_cards, self.mc_info,
            w.Box([w.VBox([self.mc_chart], layout=w.Layout(flex="1 1 340px", min_width="0",
                                                           max_width="520px")),
                   w.VBox([self.mc_three], layout=w.Layout(flex="1 1 300px", min_width="0"))],
                  layout=w.Layout(display="flex", flex_flow="row wrap", width="100%",
                                  align_items="flex-start")),
        ], layout=w.Layout(width="100%"))
        self.mc_box.add_class("sr-monte-carlo")
        self._label()

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    @property
    def three_result(self):
        return self.three.result

    def ranges(self) -> dict:
        """The ranges as entered: ``{name: (min, most_likely, max)}`` in each
        assumption's unit (fractions as decimals)."""
        return self.range_inputs.get()

    def add_row(self, name: str) -> None:
        """Add an (empty) range row for ``name``; :meth:`prefill` fills it."""
        self.range_inputs.add_row(name)

    def prefill(self, names: Iterable[str] | None = None) -> None:
        """Fill the rows of ``names`` (default: all) with ± 20 % of the current values."""
        self.range_inputs.prefill(names)

    def run(self) -> None:
        """Run with the inputs shown (what *Run* does)."""
        self._on_run(None)

    def set_language(self, lang: str) -> None:
        """Redraw every text in ``lang``: the inputs keep their values, and the last
        run's results are shown again in ``lang`` (not run again)."""
        self.lang = lang
        self.three.lang = lang
        self.range_inputs.set_language(lang)
        self._label()
        self.render()

    # -- building ------------------------------------------------------------
    def _build_run(self) -> None:
        self.mc_distribution = w.ToggleButtons(
            options=[("PERT", "pert"), ("triangular", "triangular")], value="pert",
            style={"button_width": "90px"})
        self.mc_distribution.add_class("sr-mc-distribution")
        self.mc_n = w.Dropdown(options=[(str(n), n) for n in N_CHOICES], value=DEFAULT_N,
                               layout=w.Layout(width="170px"),
                               style={"description_width": "46px"})
        self.mc_n.add_class("sr-mc-n")
        self.mc_seed = entry_box(self._on_seed, layout=w.Layout(width="190px"),
                                 style={"description_width": "40px"})
        self.mc_seed.add_class("sr-mc-seed")
        self.mc_run = w.Button(icon="play", button_style="primary",
                               layout=w.Layout(width="120px"))
        self.mc_run.add_class("sr-mc-run")
        self.mc_run.on_click(self._on_run)
        self.mc_progress = w.FloatProgress(value=0.0, min=0.0, max=1.0,
                                           layout=w.Layout(width="260px", display="none"))
        self.mc_progress.add_class("sr-mc-progress")
        for widget in (self.mc_distribution, self.mc_n):
            widget.observe(self._on_input, names="value")

    def _label(self) -> None:
        """The texts that do not depend on a run, in the view's language."""
        t = translator(self.lang)
        self._intro.value = _intro(self.lang)
        self._distribution_label.value = f"{html.escape(t('risk.monte_carlo.distribution'))}&nbsp;"
        relabel(self, self.mc_distribution, [(t("risk.monte_carlo.pert"), "pert"),
                                             (t("risk.monte_carlo.triangular"), "triangular")])
        relabel(self, self.mc_n, [(t.number(n), n) for n in N_CHOICES])
        self.mc_distribution.tooltips = [t("risk.monte_carlo.pert_tip"),
                                         t("risk.monte_carlo.triangular_tip")]
        self.mc_n.description = t("risk.monte_carlo.draws")
        self.mc_seed.description = t("risk.monte_carlo.seed")
        self.mc_seed.tooltip = t("risk.monte_carlo.seed_tip")
        self._show_seed()
        self.mc_run.description = t("risk.monte_carlo.run")
        self.mc_run.tooltip = t("risk.monte_carlo.run_tip")
        self.mc_progress.description = t("risk.monte_carlo.running")
        self._run_tip.show(t("risk.help.run"), [  # the distributions' tips name them
            t("risk.monte_carlo.pert_tip"), t("risk.monte_carlo.triangular_tip"),
            *help_lines([(self.mc_seed.description, self.mc_seed.tooltip),
                         (self.mc_run.description, self.mc_run.tooltip)], self.lang)],
            self.lang)
        if self.result is None:
            self.mc_cards.value = (f"<div class='sr-muted'>{t('risk.monte_carlo.press_run')}"
                                   "</div>")

    def _show_seed(self) -> None:
        show_in(self.mc_seed, str(self.seed))

    def _build_results(self) -> None:
        self.mc_notice = w.HTML()
        self.mc_notice.add_class("sr-mc-notice")
        self.mc_stale = w.HTML()
        self.mc_stale.add_class("sr-mc-stale")
        self.mc_cards = w.HTML()
        self.mc_cards.add_class("sr-mc-cards")
        self.mc_info = w.HTML()
        #: At phone width, once a run is shown, a bar at the top keeps P(ROI > 0) and the
        #: median NPV in view while the inputs scroll (apps.touch.PHONE_CSS).
        self.mc_sticky = w.HTML(layout=w.Layout(width="100%"))
        self.mc_sticky.add_class("sr-sticky")
        self.mc_sticky.add_class("sr-mc-sticky")
        self.mc_chart = w.Image(value=BLANK_PNG, format="png", layout=w.Layout(
            width="100%", max_width="520px", height="auto", display="none"))
        self.mc_chart.add_class("sr-mc-chart")
        self.mc_three = self.three.widget

    # -- results -------------------------------------------------------------
    def _run_key(self, values, ranges) -> tuple:
        return (tuple(sorted(values.items())), tuple(ranges.items()), self.mc_n.value,
                self.seed, self.mc_distribution.value)

    def refresh_stale(self) -> None:
        """Flag shown results that were run with other inputs than those shown."""
        if self.result is None or self._run_key(self.controls.values,
                                                self.ranges()) == self._key:
            self.mc_stale.value = ""
        else:
            self.mc_stale.value = _stale(self.lang)

    def render(self) -> None:
        """Show the last run in the current currency and language (the histogram is
        redrawn only for a new run, currency or language); flag it if the inputs
        changed since."""
        self.refresh_stale()
        self.range_inputs.set_currency()
        mc = self.result
        if mc is None:
            return
        cur = self.currency
        self.mc_cards.value = results_cards(mc, cur, self._horizon, self.lang)
        self.mc_info.value = _run_info(mc, self.lang)
        self.mc_sticky.value = sticky_bar(mc, cur, self.lang)
        self.three.show(self.three_result, cur)
        drawn = (cur, self.lang, id(mc))
        if drawn != self._drawn:
            self.mc_chart.value = self._figure.render(npv_histogram, mc, cur, lang=self.lang)
            self.mc_chart.layout.display = ""
            self._drawn = drawn

    def _problems(self, ranges, lang: str) -> list[str]:
        """What stops a run with ``ranges`` and the inputs shown (a client can send any
        value), in ``lang``."""
        t = translator(lang)
        problems = []
        if not ranges:
            problems.append(t("risk.monte_carlo.no_ranges"))
        n = self.mc_n.value
        if n not in N_CHOICES:
            problems.append(t("risk.monte_carlo.bad_n", n=str(n)[:20], choices=t(
                "risk.model.comma").join(t.number(c) for c in N_CHOICES)))
        if not valid_seed(self.seed):
            problems.append(_seed_rule(lang))
        distribution = self.mc_distribution.value
        if distribution not in ("pert", "triangular"):
            problems.append(t("risk.monte_carlo.bad_distribution",
                              distribution=str(distribution)[:20]))
        return problems

    # -- callbacks -----------------------------------------------------------
    _hold = False

    @guarded
    def _on_run(self, _button) -> None:
        ranges = self.ranges()
        if self._problems(ranges, self.lang):
            self.range_inputs.say(lambda lang: notice(translator(lang)(
                "risk.monte_carlo.not_run"), self._problems(ranges, lang)))
            return
        values = self.controls.values
        n, big = self.mc_n.value, self.mc_n.value >= PROGRESS_FROM
        t = translator(self.lang)
        self.mc_run.disabled = True
        self.mc_run.description = t("risk.monte_carlo.running_button")
        if big:
            self.mc_progress.value = 0.0
            self.mc_progress.layout.display = ""
        try:
            mc = monte_carlo(values, ranges, n=n, seed=self.seed,
                             distribution=self.mc_distribution.value,
                             progress=self._progress if big else None,
                             chunk_size=CHUNK if big else None, lang=self.lang)
            three = three_scenarios(values, ranges, lang=self.lang)
        except RangeError:
            def refused(lang):
                try:
                    three_scenarios(values, ranges, lang=lang)
                except RangeError as exc:
                    return notice(translator(lang)("risk.monte_carlo.refused"),
                                  [problem_text(p, lang) for p in exc.problems])
                return ""
            self.range_inputs.say(refused)
            return
        finally:
            self.mc_run.disabled = False
            self.mc_run.description = translator(self.lang)("risk.monte_carlo.run")
            self.mc_progress.layout.display = "none"
        self.range_inputs.say(None)
        self.result = mc
        self.three.result = three
        self._key = self._run_key(values, ranges)
        self._horizon = values["horizon_years"]
        self.error.value = ""
        self.render()

    def _progress(self, fraction: float) -> None:
        self.mc_progress.value = min(max(float(fraction), 0.0), 1.0)

    @guarded
    def _on_seed(self, text) -> None:
        try:
            seed = parse_typed(text, self.lang, whole=True)
        except ValueError:
            seed = None
        if seed is not None:
            seed = int(seed)
        if seed is None or not valid_seed(seed):
            # Kept as typed (the run is refused until it is a seed): nothing is clamped.
            self.seed = seed if seed is not None else str(text)[:40]
            self.range_inputs.say(lambda lang: notice(
                translator(lang)("risk.monte_carlo.check_seed"), [_seed_rule(lang)]))
        else:
            self.seed = seed
            self.range_inputs.say(None)
            show_in(self.mc_seed, str(seed))
        self.refresh_stale()

    @guarded
    def _on_input(self, change) -> None:
        if self._hold:
            return
        self.refresh_stale()

