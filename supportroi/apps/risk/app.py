"""The risk app: the shared scenario controls beside the tornado, Monte Carlo
(with its three scenarios) and break-even views, kept in step.

The page speaks English, Russian or Chinese (``?lang=ru``, or the language picker,
which redraws every text in place and keeps every value, choice and result: a
Monte Carlo that has run is shown again in the new language, not run again).
Its messages are ``risk.*`` in ``supportroi/locales/<lang>/risk.yaml``."""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as w

from ...assumptions import CATALOG
from ...formatting import money, payback, percent
from ...i18n import DEFAULT_LANGUAGE, translator
from ...model import evaluate
from ..base import CSS, App, guarded
from ..controls import ScenarioControls
from ..language import LanguagePicker, query_language
from .break_even import BreakEvenView
from .common import LOCAL_CSS, numeric_names
from .downloads import RiskDownloads
from .monte_carlo import MonteCarloView, default_picks
from .scenarios import ThreeScenariosView
from .tornado import TornadoView

__all__ = ["RiskApp"]


class RiskApp(App):
    """Tornado, Monte Carlo and break-even for the current scenario. Build it,
    then :meth:`show` it in a notebook.

    The views: ``tornado_view`` (:class:`~supportroi.apps.risk.tornado.TornadoView`),
    ``monte_carlo_view`` (:class:`~supportroi.apps.risk.monte_carlo.MonteCarloView`)
    with ``three_view`` (:class:`~supportroi.apps.risk.scenarios.ThreeScenariosView`),
    ``break_even_view`` (:class:`~supportroi.apps.risk.break_even.BreakEvenView`).
    Their public widgets are offered here under the same names (for tests and
    notebooks): ``controls``
    (:class:`~supportroi.apps.controls.ScenarioControls`); tornado: ``t_metric``,
    ``t_set``, ``t_names``, ``t_top``, ``t_band``, ``t_range_add``,
    ``t_range_add_button``, ``t_rows`` (name → low / high row), ``t_notice``,
    ``t_chart``, ``t_table``;
    Monte Carlo: ``mc_add``, ``mc_add_button``, ``mc_reset``, ``rows`` (name →
    range row), ``mc_distribution``, ``mc_n``, ``mc_seed``, ``mc_run``,
    ``mc_progress``, ``mc_notice``, ``mc_cards``, ``mc_chart``, ``mc_three``;
    break-even: ``be_name``, ``be_target``, ``be_value``, ``be_reason``;
    take away (``take_away``, :class:`~supportroi.apps.risk.downloads.RiskDownloads`):
    ``report_client``, ``report_author``, ``report_prepare``, ``report_links``.
    Results: ``tornado_result``, ``mc_result``, ``three_result``,
    ``break_even_result``.

    ``mc_names``: the assumptions ranged in the Monte Carlo at first (default:
    the :data:`~supportroi.apps.risk.common.DEFAULT_MC_PICKS` uncertain business
    drivers, :func:`supportroi.risk.business_drivers`, with the largest NPV
    swing). The tornado starts with the business drivers and the break-even
    with the first of them: modelling knobs (team size, paid hours, shrinkage,
    occupancy) and decisions are one click away (*All assumptions*).

    ``lang`` is the page language (en, ru, zh); :meth:`set_language` changes it.
    """

    def __init__(self, mc_names: Iterable[str] | None = None, lang: str = DEFAULT_LANGUAGE):
        self._building = True
        self.lang = lang
        self.controls = ScenarioControls(on_change=self._changed, lang=lang)
        self.error = self.controls.error
        self.language = LanguagePicker(lang, on_change=self._on_language)
        self.title = w.HTML()
        self.title.add_class("sr-title")
        self.header = w.HTML()
        self.header.add_class("sr-risk-header")
        self.tornado_view = TornadoView(self.controls, lang)
        self.three_view = ThreeScenariosView(lang)
        self.monte_carlo_view = MonteCarloView(self.controls, self.three_view, lang)
        self.break_even_view = BreakEvenView(self.controls, lang)
        for view in (self.tornado_view, self.monte_carlo_view, self.break_even_view):
            for name in view.WIDGETS:
                setattr(self, name, getattr(view, name))

        controls = w.VBox([self.controls.bar(), self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        self.take_away = RiskDownloads(self)
        self.report_client = self.take_away.fields.client
        self.report_author = self.take_away.fields.author
        self.report_prepare = self.take_away.prepare
        self.report_links = self.take_away.links
        results = w.VBox([self.error, self.header, self.tornado_box, self.mc_box, self.be_box,
                          self.take_away.box],
                         layout=w.Layout(flex="3 1 520px", min_width="0"))
        results.add_class("sr-results")
        results.add_class("sr-risk-views")  # the risk views: labels wrap (LOCAL_CSS)
        self.widget = w.VBox([
            w.HTML(CSS + LOCAL_CSS), self.mc_sticky,
            w.HBox([self.title, self.language.widget],
                   layout=w.Layout(justify_content="space-between", align_items="baseline",
                                   flex_flow="row wrap")),
            w.Box([controls, results], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       width="100%")),
        ])
        self.widget.add_class("sr-app")
        self._label_title()

        self.tornado_view.update(draw=False)   # drawn with the rest below
        table = self.tornado_result.table
        picks = list(mc_names) if mc_names is not None else default_picks(table)
        for name in dict.fromkeys(n for n in picks if n in numeric_names()):
            self.monte_carlo_view.add_row(name)
        self.monte_carlo_view.prefill()
        self.break_even_view.select(table["name"].iloc[0] if len(table)
                                    else numeric_names()[0])
        self._building = False
        self._changed(set(CATALOG))

    # -- public --------------------------------------------------------------
    def apply_query(self, query: str) -> list[str]:
        """Apply ``lang=…&scenario=…&currency=…&name=value`` parameters (the page
        language first); returns notices. Before the first Monte Carlo run the
        ranges are filled again around the new values."""
        lang = query_language(query, default=self.lang)
        if lang != self.lang:
            self.set_language(lang)
        notices = self.controls.apply_query(query)
        if self.mc_result is None:
            self.monte_carlo_view.prefill()
        return notices

    def set_language(self, lang: str) -> None:
        """Redraw every text of the page in ``lang``; values, choices, ranges and the
        results shown stay (the Monte Carlo is not run again)."""
        self.lang = lang
        self.language.set_language(lang)
        self.controls.set_language(lang)
        self._label_title()
        for view in (self.tornado_view, self.monte_carlo_view, self.break_even_view):
            view.set_language(lang)
        self.take_away.set_language(lang)
        if not self._building:
            self._redraw()

    @guarded
    def _on_language(self, lang: str) -> None:
        self.set_language(lang)

    @property
    def currency(self) -> str:
        return self.controls.currency.value

    @property
    def tornado_result(self):
        """The :class:`~supportroi.risk.Tornado` shown."""
        return self.tornado_view.result

    @property
    def mc_result(self):
        """The last :class:`~supportroi.risk.MonteCarlo` run (None before the first)."""
        return self.monte_carlo_view.result

    @property
    def three_result(self):
        """The last run's :class:`~supportroi.risk.ThreeScenarios` (None before the first)."""
        return self.three_view.result

    @property
    def break_even_result(self):
        """The :class:`~supportroi.risk.BreakEven` shown."""
        return self.break_even_view.result

    def tornado_ranges(self) -> dict:
        """The tornado's own ranges as entered: ``{name: (low, high)}`` in each
        assumption's unit (fractions as decimals); the other assumptions use
        the band."""
        return self.tornado_view.ranges()

    def ranges(self) -> dict:
        """The Monte Carlo ranges as entered: ``{name: (min, most_likely, max)}``
        in each assumption's unit (fractions as decimals)."""
        return self.monte_carlo_view.ranges()

    def run(self) -> None:
        """Run the Monte Carlo with the inputs shown (what *Run* does)."""
        self.monte_carlo_view.run()

    # -- keeping the views in step ---------------------------------------------
    @guarded
    def _changed(self, names: set[str]) -> None:
        if self._building:
            return
        self.error.value = ""
        self.take_away.clear()   # files of other inputs go
        if names >= set(CATALOG):   # a scenario was loaded: ranges follow its values
            self.monte_carlo_view.prefill()
        self._redraw()

    def _redraw(self) -> None:
        """Every figure and text that follows the inputs, in the page language."""
        self.break_even_view.set_currency()
        self.break_even_view.update()          # text first
        self.tornado_view.update(draw=False)   # the table
        self._render_header()
        self.tornado_view.set_currency()
        self.monte_carlo_view.render()         # stale note; new currency
        self.tornado_view.draw()               # then the chart, if it changed

    def _label_title(self) -> None:
        t = translator(self.lang)
        esc = html.escape
        self.title.value = (f"<h1 class='sr-page-title' lang='{self.lang}'>"
                            f"{esc(t('risk.title'))}</h1><p class='sr-intro'>"
                            f"{esc(t('risk.intro'))}</p>")

    def _render_header(self) -> None:
        m, lang = self.controls.meta, self.lang
        t = translator(lang)
        a = evaluate(self.controls.values).appraisal
        desc = (f"<div class='sr-muted'>{html.escape(m['description'])}</div>"
                if m["description"] else "")
        base = t("risk.base_case", npv=money(a.npv, self.currency, lang=lang),
                 roi=percent(a.roi, "no costs", lang=lang),
                 payback=payback(a.payback_years, a.horizon_years, lang=lang))
        self.header.value = (f"<h2>{html.escape(m['title'])}</h2>{desc}"
                             f"<div class='sr-muted'>{html.escape(base)}</div>")
