"""The Monte Carlo view: how sure the case is, from three-point ranges.

Three-point ranges per chosen assumption, PERT or triangular, N draws and a
seed; it runs only when *Run* is pressed (a progress bar follows long runs).
Shows P(ROI > 0), P(NPV > 0), P(payback within the horizon), the NPV
histogram with P10/P50/P90, and the conservative / likely / optimistic cases
built from the same ranges (:class:`~supportroi.apps.risk.scenarios.ThreeScenariosView`).
Refused ranges (:class:`~supportroi.risk.RangeError`) are listed in a notice
and the last results stay; results from other inputs than those shown are
flagged until the next run.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import money, percent
from ...risk import DEFAULT_SEED, RangeError, business_drivers, monte_carlo, three_scenarios
from ..base import guarded
from ..charts import BLANK_PNG
from ..controls import ScenarioControls
from ..risk_charts import PngFigure, npv_histogram
from .common import (
    CHUNK,
    DEFAULT_MC_PICKS,
    DEFAULT_N,
    N_CHOICES,
    PROGRESS_FROM,
    SEED_MAX,
    RangeRow,
    card,
    default_ranges,
    format_value,
    notice,
    numeric_names,
    offer_the_rest,
    problem_text,
    range_head,
)
from .scenarios import ThreeScenariosView

__all__ = ["MonteCarloRanges", "MonteCarloView", "default_picks", "results_cards", "valid_seed"]

_INTRO = ("<h3>How sure is the case? (Monte Carlo)</h3><div class='sr-muted'>Give a minimum, "
          "most likely and maximum value for the assumptions you are unsure of (per cent for "
          "shares and rates); each draw takes one value of each, independently of the "
          "others, the rest as set in the scenario inputs.</div>")
_STALE = ("<div class='sr-warning sr-stale'>The inputs changed since the last run: the "
          "results below are for the earlier inputs. Press <b>Run</b> to update them.</div>")
_SEED_RULE = f"the seed must be a whole number between 0 and {SEED_MAX:,}"


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


def results_cards(mc, currency: str, horizon) -> str:
    """The chances and the NPV spread of a :class:`~supportroi.risk.MonteCarlo`
    run with a ``horizon`` [years] (unless the horizon itself was ranged)."""
    cur = currency
    within = ("within each draw's horizon" if "horizon_years" in mc.ranges
              else f"within {horizon} year{'s' if horizon != 1 else ''}")
    chances = [
        card("sr-p-roi", "P(ROI > 0)", percent(mc.p_roi_positive, "no costs in any draw")),
        card("sr-p-npv", "P(NPV > 0)", percent(mc.p_npv_positive)),
        card("sr-p-payback", f"P(payback {within})", percent(mc.p_payback)),
    ]
    spread = [card(cls, label, money(x, cur), "sr-bad" if x < 0 else "")
              for cls, label, x in (("sr-npv-p10", "NPV P10", mc.npv_p10),
                                    ("sr-npv-p50", "NPV P50 (median)", mc.npv_p50),
                                    ("sr-npv-p90", "NPV P90", mc.npv_p90))]
    return (f'<div class="sr-cards">{"".join(chances)}</div>'
            f'<div class="sr-cards">{"".join(spread)}</div>')


def _run_info(mc) -> str:
    dist = "PERT" if mc.distribution == "pert" else "triangular"
    extra = (f" ROI is undefined (no costs) in {mc.n_roi_undefined:,} draws; P(ROI > 0) "
             "counts the others." if mc.n_roi_undefined else "")
    roi_q = (f"ROI P10 / P50 / P90: {percent(mc.roi_p10, 'no costs')} / "
             f"{percent(mc.roi_p50, 'no costs')} / {percent(mc.roi_p90, 'no costs')}. ")
    return (f"<div class='sr-muted'>{roi_q}{mc.n:,} draws, {dist}, seed {mc.seed}; "
            "assumptions drawn independently (correlations are not modelled). P10: 10 % of "
            f"draws are below it.{extra}</div>")


class MonteCarloRanges:
    """The Monte Carlo's three-point ranges over ``controls``: ``rows`` (name →
    :class:`~supportroi.apps.risk.common.RangeRow`), ``mc_add`` and
    ``mc_add_button`` to add one, ``mc_reset`` to fill them all again; ``box``
    lays them out. Messages go to ``notice`` (an HTML widget); ``on_change()``
    runs after every change of the ranges."""

    def __init__(self, controls: ScenarioControls, notice_widget: w.HTML,
                 on_change: Callable[[], None]):
        self.controls = controls
        self.error = controls.error
        self.notice = notice_widget
        self.on_change = on_change
        self.rows: dict[str, RangeRow] = {}
        self.mc_rows = w.VBox(layout=w.Layout(width="100%"))
        self.mc_add = w.Dropdown(options=[], description="Add", layout=w.Layout(width="300px"),
                                 style={"description_width": "36px"})
        self.mc_add.add_class("sr-mc-add")
        self.mc_add_button = w.Button(description="Add range", icon="plus",
                                      layout=w.Layout(width="auto"))
        self.mc_add_button.add_class("sr-mc-add-button")
        self.mc_add_button.on_click(self._on_add)
        self.mc_reset = w.Button(description="Reset ranges to ±20 %", icon="undo",
                                 tooltip="Fill every range again from the scenario inputs",
                                 layout=w.Layout(width="auto"))
        self.mc_reset.add_class("sr-mc-reset")
        self.mc_reset.on_click(self._on_reset)
        self._sync_rows()   # every assumption can be added, even with no row yet
        self.box = w.VBox([
            range_head(("min", "most likely", "max")), self.mc_rows,
            w.HBox([self.mc_add, self.mc_add_button, self.mc_reset],
                   layout=w.Layout(flex_flow="row wrap", align_items="center"))],
            layout=w.Layout(width="100%"))

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    def get(self) -> dict:
        """The ranges as entered: ``{name: (min, most_likely, max)}`` in each
        assumption's unit (fractions as decimals)."""
        return {name: row.get() for name, row in self.rows.items()}

    def add_row(self, name: str) -> None:
        """Add an (empty) range row for ``name``; :meth:`prefill` fills it."""
        row = RangeRow(name, self.currency)
        row.remove.on_click(lambda _b, n=name: self._on_remove(n))
        for box in row.inputs:
            box.observe(self._on_input, names="value")
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
        offer_the_rest(self.mc_add, self.mc_add_button, self.rows, self.currency)

    def _sync_rows(self) -> None:
        self.mc_rows.children = tuple(row.box for row in self.rows.values())
        offer_the_rest(self.mc_add, self.mc_add_button, self.rows, self.currency)

    @guarded
    def _on_input(self, _change) -> None:
        self.on_change()

    @guarded
    def _on_add(self, _button) -> None:
        name = self.mc_add.value
        if name not in CATALOG or name not in numeric_names() or name in self.rows:
            return
        self.add_row(name)
        self.prefill([name])
        lo, _, hi = self.rows[name].get()
        self.notice.value = "" if lo != hi else notice("Give a range:", [
            (f"{CATALOG[name].label} is {format_value(name, lo, self.currency)}, so ± 20 % "
             "of it is no range; type a min and a max")])
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
        self.notice.value = ""
        self.on_change()


class MonteCarloView:
    """The Monte Carlo section over ``controls``, with ``three`` for the three cases.

    Widgets: ``rows`` (name → :class:`~supportroi.apps.risk.common.RangeRow`),
    ``mc_add``, ``mc_add_button``, ``mc_reset``, ``mc_distribution``, ``mc_n``,
    ``mc_seed``, ``mc_run``, ``mc_progress``, ``mc_notice``, ``mc_stale``,
    ``mc_cards``, ``mc_info``, ``mc_chart``, ``mc_three`` (the three cases'
    table); ``mc_box`` lays them out. ``result`` and ``three_result`` are the
    last run's :class:`~supportroi.risk.MonteCarlo` and
    :class:`~supportroi.risk.ThreeScenarios` (None before the first run).
    """

    #: The widgets the app offers under the same names.
    WIDGETS = ("rows", "mc_add", "mc_add_button", "mc_reset", "mc_distribution", "mc_n",
               "mc_seed", "mc_run", "mc_progress", "mc_notice", "mc_stale", "mc_cards",
               "mc_info", "mc_chart", "mc_three", "mc_box")

    def __init__(self, controls: ScenarioControls, three: ThreeScenariosView | None = None):
        self.controls = controls
        self.error = controls.error
        self.three = three if three is not None else ThreeScenariosView()
        self.result = None
        self._key = None        # what the shown results were run with
        self._drawn = None      # (currency, result id) of the drawn histogram
        self._horizon = None    # the horizon [years] of the shown results
        self._figure = PngFigure(520, 320)
        self._build_run()
        self._build_results()
        self.range_inputs = MonteCarloRanges(controls, self.mc_notice, self.refresh_stale)
        self.rows = self.range_inputs.rows
        self.mc_add = self.range_inputs.mc_add
        self.mc_add_button = self.range_inputs.mc_add_button
        self.mc_reset = self.range_inputs.mc_reset
        self.mc_box = w.VBox([
            w.HTML(_INTRO), self.range_inputs.box,
            w.HBox([w.HTML("Distribution&nbsp;"), self.mc_distribution, self.mc_n,
                    self.mc_seed, self.mc_run, self.mc_progress],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.mc_notice, self.mc_stale, self.mc_cards, self.mc_info,
            w.Box([w.VBox([self.mc_chart], layout=w.Layout(flex="1 1 340px", min_width="0",
                                                           max_width="520px")),
                   w.VBox([self.mc_three], layout=w.Layout(flex="1 1 300px", min_width="0"))],
                  layout=w.Layout(display="flex", flex_flow="row wrap", width="100%",
                                  align_items="flex-start")),
        ], layout=w.Layout(width="100%"))
        self.mc_box.add_class("sr-monte-carlo")

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

    # -- building ------------------------------------------------------------
    def _build_run(self) -> None:
        self.mc_distribution = w.ToggleButtons(
            options=[("PERT", "pert"), ("Triangular", "triangular")], value="pert",
            tooltips=[("Beta-PERT: the most likely value weighs 4 times (mean (min + 4 × "
                      "likely + max) ÷ 6)"), ("Triangular: mean (min + likely + max) ÷ 3, "
                      "wider tails than PERT")],
            style={"button_width": "90px"})
        self.mc_distribution.add_class("sr-mc-distribution")
        self.mc_n = w.Dropdown(options=[(f"{n:,}", n) for n in N_CHOICES], value=DEFAULT_N,
                               description="Draws", layout=w.Layout(width="170px"),
                               style={"description_width": "46px"})
        self.mc_n.add_class("sr-mc-n")
        self.mc_seed = w.IntText(value=DEFAULT_SEED, description="Seed",
                                 tooltip="The same seed and ranges give the same draws",
                                 layout=w.Layout(width="190px"),
                                 style={"description_width": "40px"})
        self.mc_seed.add_class("sr-mc-seed")
        self.mc_run = w.Button(description="Run", icon="play", button_style="primary",
                               tooltip="Draw the scenarios and appraise them all",
                               layout=w.Layout(width="120px"))
        self.mc_run.add_class("sr-mc-run")
        self.mc_run.on_click(self._on_run)
        self.mc_progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="Running",
                                           layout=w.Layout(width="260px", display="none"))
        self.mc_progress.add_class("sr-mc-progress")
        for widget in (self.mc_distribution, self.mc_n, self.mc_seed):
            widget.observe(self._on_input, names="value")

    def _build_results(self) -> None:
        self.mc_notice = w.HTML()
        self.mc_notice.add_class("sr-mc-notice")
        self.mc_stale = w.HTML()
        self.mc_stale.add_class("sr-mc-stale")
        self.mc_cards = w.HTML("<div class='sr-muted'>Press <b>Run</b> to draw the scenarios."
                               "</div>")
        self.mc_cards.add_class("sr-mc-cards")
        self.mc_info = w.HTML()
        self.mc_chart = w.Image(value=BLANK_PNG, format="png", layout=w.Layout(width="100%", max_width="520px",
                                                              height="auto", display="none"))
        self.mc_chart.add_class("sr-mc-chart")
        self.mc_three = self.three.widget

    # -- results -------------------------------------------------------------
    def _run_key(self, values, ranges) -> tuple:
        return (tuple(sorted(values.items())), tuple(ranges.items()), self.mc_n.value,
                self.mc_seed.value, self.mc_distribution.value)

    def refresh_stale(self) -> None:
        """Flag shown results that were run with other inputs than those shown."""
        if self.result is None or self._run_key(self.controls.values,
                                                self.ranges()) == self._key:
            self.mc_stale.value = ""
        else:
            self.mc_stale.value = _STALE

    def render(self) -> None:
        """Show the last run in the current currency (the histogram is redrawn
        only for a new run or currency); flag it if the inputs changed since."""
        self.refresh_stale()
        self.range_inputs.set_currency()
        mc = self.result
        if mc is None:
            return
        cur = self.currency
        self.mc_cards.value = results_cards(mc, cur, self._horizon)
        self.mc_info.value = _run_info(mc)
        self.three.show(self.three_result, cur)
        drawn = (cur, id(mc))
        if drawn != self._drawn:
            self.mc_chart.value = self._figure.render(npv_histogram, mc, cur)
            self.mc_chart.layout.display = ""
            self._drawn = drawn

    def _problems(self, ranges) -> list[str]:
        """What stops a run with ``ranges`` and the inputs shown (a client can send any value)."""
        problems = []
        if not ranges:
            problems.append("add at least one assumption with a range")
        n = self.mc_n.value
        if n not in N_CHOICES:
            problems.append(f"number of draws {n!r} is not one of "
                            + ", ".join(f"{c:,}" for c in N_CHOICES))
        if not valid_seed(self.mc_seed.value):
            problems.append(_SEED_RULE)
        distribution = self.mc_distribution.value
        if distribution not in ("pert", "triangular"):
            problems.append(f"unknown distribution {distribution!r}")
        return problems

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _on_run(self, _button) -> None:
        ranges = self.ranges()
        problems = self._problems(ranges)
        if problems:
            self.mc_notice.value = notice("Not run:", problems)
            return
        values = self.controls.values
        n, big = self.mc_n.value, self.mc_n.value >= PROGRESS_FROM
        self.mc_run.disabled = True
        self.mc_run.description = "Running…"
        if big:
            self.mc_progress.value = 0.0
            self.mc_progress.layout.display = ""
        try:
            mc = monte_carlo(values, ranges, n=n, seed=self.mc_seed.value,
                             distribution=self.mc_distribution.value,
                             progress=self._progress if big else None,
                             chunk_size=CHUNK if big else None)
            three = three_scenarios(values, ranges)
        except RangeError as exc:
            self.mc_notice.value = notice(
                "Not run — these ranges are refused (the results below are from the last run):",
                [problem_text(p) for p in exc.problems])
            return
        finally:
            self.mc_run.disabled = False
            self.mc_run.description = "Run"
            self.mc_progress.layout.display = "none"
        self.mc_notice.value = ""
        self.result = mc
        self.three.result = three
        self._key = self._run_key(values, ranges)
        self._horizon = values["horizon_years"]
        self.error.value = ""
        self.render()

    def _progress(self, fraction: float) -> None:
        self.mc_progress.value = min(max(float(fraction), 0.0), 1.0)

    @guarded
    def _on_input(self, change) -> None:
        if change.owner is self.mc_seed and not valid_seed(change.new):
            self.mc_notice.value = notice("Check the seed:", [_SEED_RULE])
        elif change.owner is self.mc_seed:
            self.mc_notice.value = ""
        self.refresh_stale()
