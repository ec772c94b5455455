"""Staffing and service level: the Voilà app behind
``notebooks/staffing_service_level.ipynb``.

Workload → people → waiting, in that order: the weekly arrival profile in
``data/`` spreads the year's phone contacts over 336 half-hours; Erlang C gives
the agents each half-hour needs to meet the service-level target; shrinkage
turns agents on the phones into scheduled FTE and the loaded cost turns FTE
into money. The agents slider asks the manager's question directly: with this
many agents on the phones in the busiest half-hour, what service level and
average wait follow, and how many callers hang up? Queues are not linear, and
the chart shows it.

Service level and average wait are Erlang C's (callers never hang up: the
cautious basis the staffing uses). Calls abandoned are Erlang A's
(:func:`supportroi.queueing.erlang_a`, callers' mean patience
``caller_patience_s``), and so is the service level with hang-ups: a caller
who hangs up counts as not answered within the target, whenever they hang up.

The page speaks English, Russian or Chinese (``?lang=ru``, or the language
picker, which redraws every text in place and keeps the inputs, the agents
chosen and the arrival profile); its messages are ``staffing.*`` in
``supportroi/locales/<lang>/staffing.yaml``. The half-hour table is built when
asked for (a button, then a link); its columns and values are the same in
every language, for other programs to read.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import numbers

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..formatting import money, percent, safe_text
from ..i18n import DEFAULT_LANGUAGE, language_problem, translator
from ..queueing import (
    ProfileError,
    average_speed_of_answer,
    binding_constraint,
    erlang_a,
    interval_staffing,
    is_stable,
    load_profile,
    service_level,
)
from .base import CSS, App, download_link, guarded
from .controls import IntSlider, ScenarioControls
from .fonts import use_fonts
from .language import LanguagePicker, query_language
from .pdf_download import PdfDownload

__all__ = ["HANG_UP_RULE", "MAX_PROFILE_BYTES", "PROFILE_TEXTS", "STAFFING_INPUTS",
           "STAFFING_PDF_INPUTS", "StaffingApp", "day_summary", "sl_wait_chart",
           "staffing_cards", "staffing_notes", "staffing_pdf", "week_heatmap"]

use_fonts()  # Latin, Cyrillic and Chinese in the charts

#: Catalog assumptions this app edits (others come from the chosen scenario).
STAFFING_INPUTS = ("annual_contacts", "aht_phone_min", "target_service_level",
                   "target_answer_time_s", "caller_patience_s", "shrinkage", "occupancy",
                   "paid_hours_per_fte")
#: What the service level with hang-ups counts (queueing's Erlang A definition), in
#: English (message ``staffing.hang_up_rule`` in every language).
HANG_UP_RULE = translator(DEFAULT_LANGUAGE)("staffing.hang_up_rule")
#: Weekdays as the half-hour table (CSV) names them, the same in every language.
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Largest arrival-profile upload read (a profile is 336 short lines). [bytes]
MAX_PROFILE_BYTES = 1_000_000
#: The page's messages about the arrival profile, in one place: what → message key.
PROFILE_TEXTS = {
    "shipped": "staffing.profile.shipped",
    "yours": "staffing.profile.yours",
    "refused_shipped": "staffing.profile.refused_shipped",
    "refused_uploaded": "staffing.profile.refused_uploaded",
    "too_big": "staffing.profile.too_big",
}


#: Natural width of each chart [px]: shown at most this wide, scaled down on a phone.
CHART_PX = 460


def day_names(lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Monday to Sunday, abbreviated, in ``lang`` (CLDR's names, through Babel):
    ``Mon``, ``пн``, ``周一``."""
    names = translator(lang).locale.days["format"]["abbreviated"]
    return tuple(names[i] for i in range(7))


def sl_wait_chart(ax, traffic: float, aht: float, target_sl: float, target_time: float,
                  agents: int, needed: int, patience: float | None = None,
                  lang: str = DEFAULT_LANGUAGE):
    """Service level (left axis) and average wait (right axis) against agents
    in one half-hour, with the chosen number of agents and the target marked.
    With ``patience`` [s], also the share of calls abandoned and the service
    level with hang-ups (Erlang A: a caller who hangs up counts as not
    answered) on the left axis. Titles, axes and legend in ``lang``."""
    t = translator(lang)
    lo = max(min(int(np.floor(traffic)) + 1, agents), 1)  # keep the chosen agents in view
    hi = max(needed, agents, lo) + max(6, int(0.25 * needed))
    n = np.arange(lo, hi + 1)
    sl = service_level(traffic, n, aht, target_time)
    asa = average_speed_of_answer(traffic, n, aht)
    ax.plot(n, 100 * sl, color="#1f4e79", lw=2, label=t("staffing.chart.sl"))
    if patience is not None:
        a = erlang_a(traffic, n, aht, patience, target_time)
        ax.plot(n, 100 * a.service_level, color="#1f4e79", lw=1, ls="--",
                label=t("staffing.chart.sl_hang_up"))
        ax.plot(n, 100 * a.p_abandon, color="#8e44ad", lw=1.5,
                label=t("staffing.chart.abandoned"))
    ax.axhline(100 * target_sl, color="#1f4e79", ls=":", lw=1)
    ax.set_ylim(0, 102)
    ax.set_ylabel(t("staffing.chart.share_axis", seconds=t.number(target_time)),
                  color="#1f4e79", fontsize=8)
    ax.set_xlabel(t("staffing.chart.agents_axis"))
    ax2 = ax.twinx()
    ax2.plot(n, asa, color="#c0392b", lw=1.5, label=t("staffing.chart.wait"))
    ax2.set_ylabel(t("staffing.chart.wait_axis"), color="#c0392b")
    ax2.set_ylim(0, max(float(np.nanmax(asa[np.isfinite(asa)], initial=1.0)), 1.0) * 1.05)
    ax.axvline(needed, color="#27ae60", ls="--", lw=1)
    ax.text(needed, 4, t("staffing.chart.needed", n=t.number(needed)), color="#1e8449",
            fontsize=8)
    # Unstable (agents ≤ traffic): service level 0, drawn at 0.
    ax.plot([agents], [100 * float(service_level(traffic, agents, aht, target_time))], "o",
            color="#e67e22", ms=8, zorder=5)
    ax.set_title(t("staffing.chart.title_hang_up") if patience is not None
                 else t("staffing.chart.title"), fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    lines = ax.get_lines() + ax2.get_lines()
    labelled = [x for x in lines if not x.get_label().startswith("_")]
    ax.legend(labelled, [x.get_label() for x in labelled], fontsize=8, loc="center right",
              framealpha=0.85)
    return ax


def week_heatmap(ax, agents: np.ndarray, lang: str = DEFAULT_LANGUAGE):
    """Agents needed per half-hour (7 days × 48 half-hours); days and title in ``lang``."""
    grid = np.asarray(agents, dtype=float).reshape(7, 48)
    im = ax.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(7), day_names(lang), fontsize=8)
    ax.set_xticks(range(0, 48, 8), [f"{h:02d}:00" for h in range(0, 24, 4)], fontsize=8)
    ax.set_title(translator(lang)("staffing.chart.week_title"), fontsize=10, loc="left")
    ax.figure.colorbar(im, ax=ax, fraction=0.05, pad=0.02)
    return ax


def staffing_cards(values: dict, st, agents: int, currency: str, set_by: np.ndarray,
                   lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, str]]:
    """The page's result cards, (key, label, value) in ``lang``: the busiest half-hour,
    the agents it needs and what sets them (``set_by``, per half-hour as
    :func:`~supportroi.queueing.binding_constraint` gives it), then service level,
    abandonment and average wait with ``agents`` on the phones, scheduled FTE and cost.
    ``st`` is the :func:`~supportroi.queueing.interval_staffing` result for ``values``."""
    t, v = translator(lang), values
    i = int(np.argmax(st.traffic))
    traffic = float(st.traffic[i])
    aht = v["aht_phone_min"] * 60
    needed = int(st.agents[i])
    hang_up = erlang_a(traffic, agents, aht, v["caller_patience_s"], v["target_answer_time_s"])
    if is_stable(traffic, agents):
        sl_text = percent(float(service_level(traffic, agents, aht, v["target_answer_time_s"])),
                          lang=lang)
        wait_text = t("staffing.cards.seconds",
                      seconds=t.number(float(average_speed_of_answer(traffic, agents, aht))))
    else:
        sl_text = t("staffing.cards.unstable_sl", zero=percent(0.0, digits=0, lang=lang))
        wait_text = t.plural("staffing.cards.unbounded", int(np.floor(traffic)),
                             traffic=t.number(traffic, 1))
    phone = v["annual_contacts"] * v["share_phone"]
    per_contact = (money(st.cost_per_year / phone, currency, digits=2, lang=lang) if phone
                   else t("staffing.cards.no_phone_contacts"))
    day, start = day_names(lang)[int(st.weekday[i])], st.interval_start[i]
    peak_set_by = t("staffing.cards.set_by_occupancy" if set_by[i] == "occupancy cap"
                    else "staffing.cards.set_by_target")
    return [("peak", t("staffing.cards.peak"), t("staffing.cards.peak_value", day=day,
                                                 start=start, traffic=t.number(traffic, 1))),
            ("needed", t("staffing.cards.needed"), t.number(needed)),
            ("set-by", t("staffing.cards.set_by"), peak_set_by),
            ("sl", t("staffing.cards.sl"), sl_text),
            ("abandon", t("staffing.cards.abandon"),
             percent(float(hang_up.p_abandon), lang=lang)),
            ("sl-a", t("staffing.cards.sl_hang_up"),
             percent(float(hang_up.service_level), lang=lang)),
            ("wait", t("staffing.cards.wait"), wait_text),
            ("fte", t("staffing.cards.fte"), t.number(st.scheduled_fte, 1)),
            ("cost", t("staffing.cards.cost"), t("staffing.cards.cost_value",
                                                 money=money(st.cost_per_year, currency,
                                                             lang=lang))),
            ("per-contact", t("staffing.cards.per_contact"), per_contact)]


def staffing_notes(values: dict, st, set_by: np.ndarray, profile_name: str = "",
                   lang: str = DEFAULT_LANGUAGE) -> tuple[str, str, str, str]:
    """The page's notes under the cards, in ``lang``: the weekly service level and
    agent-hours, where the phone contacts and the profile come from (``profile_name``:
    the uploaded profile's file name, "" for the shipped one), what sets the agents
    needed, and how waiting and hang-ups are counted."""
    t, v = translator(lang), values
    share = percent(v["share_phone"], digits=0, lang=lang)
    weekly = t("staffing.note.weekly", level=percent(st.weekly_service_level, lang=lang),
               agent_hours=t.number(st.agent_hours_per_week),
               workload=t.number(st.workload_hours_per_week))
    profile = (t("staffing.note.share_yours", share=share, name=profile_name) if profile_name
               else t("staffing.note.share", share=share))
    n_sl, n_occ = int((set_by == "service level").sum()), int((set_by == "occupancy cap").sum())
    set_by_note = t("staffing.note.set_by_cap" if n_occ else "staffing.note.set_by",
                    n_sl=t.number(n_sl), n_occ=t.number(n_occ),
                    cap=percent(v["occupancy"], digits=0, lang=lang))
    abandon = t("staffing.note.abandon", patience=t.number(v["caller_patience_s"]),
                rule=t("staffing.hang_up_rule"), answer=t.number(v["target_answer_time_s"]))
    return weekly, profile, set_by_note, abandon


#: The staffing inputs the PDF lists, in order (each with its unit).
STAFFING_PDF_INPUTS = ("annual_contacts", "share_phone", "aht_phone_min",
                       "target_service_level", "target_answer_time_s", "occupancy",
                       "shrinkage", "caller_patience_s", "paid_hours_per_fte")


def day_summary(st, set_by: np.ndarray, lang: str = DEFAULT_LANGUAGE
                ) -> tuple[list[str], list[list[str]]]:
    """The half-hour table summed up by day, then the week, as text in ``lang``: calls,
    the busiest half-hour (its Erlangs), most agents needed, agent-hours on the phones
    (agents × 0.5 h), half-hours set by the occupancy cap and the calls-weighted service
    level. Returns (headings, rows)."""
    t = translator(lang)
    header = [t("pdf_apps.staffing.day"), t("pdf_apps.staffing.calls"),
              t("pdf_apps.staffing.busiest"), t("pdf_apps.staffing.most_agents"),
              t("pdf_apps.staffing.agent_hours"), t("pdf_apps.staffing.by_cap"),
              t("pdf_apps.staffing.service_level")]

    def row(name, mask):
        calls = st.contacts[mask]
        k = int(np.argmax(st.traffic[mask]))
        level = (float(calls @ st.service_level[mask]) / float(calls.sum())
                 if calls.sum() > 0 else None)
        return [name, t.number(float(calls.sum())),
                t("pdf_apps.staffing.busiest_value", start=st.interval_start[mask][k],
                  traffic=t.number(float(st.traffic[mask][k]), 1)),
                t.number(int(st.agents[mask].max())),
                t.number(float(st.agents[mask].sum()) * 0.5),
                t.number(int((set_by[mask] == "occupancy cap").sum())),
                percent(level, lang=lang) if level is not None
                else t("pdf_apps.staffing.no_calls")]

    days = day_names(lang)
    rows = [row(days[d], st.weekday == d) for d in range(7)]
    rows.append(row(t("pdf_apps.staffing.week"), np.ones(len(st.weekday), dtype=bool)))
    return header, rows


def staffing_pdf(values: dict, staffing, agents: int, *, currency: str = "USD",
                 profile_name: str = "", client: str = "", author: str = "",
                 date: dt.date | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The staffing app's PDF (:func:`supportroi.reports.pdf_apps.report_pdf`); its bytes.

    ``values`` are the assumptions (the app's ``controls.values``), ``staffing`` the
    :func:`~supportroi.queueing.interval_staffing` result for them, ``agents`` the agents
    on the phones chosen for the busiest half-hour, ``currency`` the scenario's,
    ``profile_name`` the uploaded arrival profile's file name ("" for the shipped
    one). A title page (client, profile, date, author), the inputs with their units,
    the result as the page's cards plus service level, average wait and occupancy at
    the agents needed, the page's notes, the two charts and the half-hour table by day.
    """
    from ..assumptions import CATALOG
    from ..reports.pdf import _with_unit
    from ..reports.pdf_apps import Cards, Charts, Fields, Heading, NewPage, Note, Table, report_pdf

    t, v, st = translator(lang), values, staffing
    aht = v["aht_phone_min"] * 60
    set_by = binding_constraint(st.traffic, aht, v["target_service_level"],
                                v["target_answer_time_s"], v["occupancy"])
    profile = (t("pdf_apps.staffing.profile_yours", name=profile_name) if profile_name
               else t("pdf_apps.staffing.profile_shipped"))
    i = int(np.argmax(st.traffic))
    traffic, needed = float(st.traffic[i]), int(st.agents[i])
    asa = float(average_speed_of_answer(traffic, needed, aht))
    cards = [(label, value) for _, label, value in
             staffing_cards(v, st, agents, currency, set_by, lang)]
    header, rows = day_summary(st, set_by, lang)
    blocks = [
        Heading(t("pdf_apps.staffing.inputs")),
        Fields([*[[CATALOG[n].text(lang)[0], _with_unit(CATALOG[n], v[n], currency, lang)]
                  for n in STAFFING_PDF_INPUTS], [t("pdf_apps.staffing.profile"), profile]]),
        Heading(t("pdf_apps.staffing.result"), need=1.6),
        Note(t("pdf_apps.staffing.with_agents", n=t.number(agents)), size=8.5),
        Cards(cards[:5]), Cards(cards[5:]),
        Note(t("pdf_apps.staffing.at_needed", n=t.number(needed)), size=8.5),
        Cards([(t("pdf_apps.staffing.needed_sl"),
                percent(float(st.service_level[i]), lang=lang)),
               (t("pdf_apps.staffing.needed_asa"),
                t("staffing.cards.seconds", seconds=t.number(asa))),
               (t("pdf_apps.staffing.needed_occupancy"),
                percent(float(st.occupancy[i]), lang=lang)),
               (t("pdf_apps.staffing.weekly_sl"), percent(st.weekly_service_level, lang=lang))]),
        *[Note(note) for note in staffing_notes(v, st, set_by, profile_name, lang)],
        NewPage(),
        Heading(t("pdf_apps.staffing.charts")),
        Charts([lambda ax: sl_wait_chart(ax, traffic, aht, v["target_service_level"],
                                         v["target_answer_time_s"], agents, needed,
                                         v["caller_patience_s"], lang=lang)],
               height=3.3, left=0.7, right=0.75),
        Charts([lambda ax: week_heatmap(ax, st.agents, lang=lang)], height=2.6, left=0.7,
               bottom=0.4),
        Heading(t("pdf_apps.staffing.by_day"), need=2.5),
        Table(header, rows, widths=[0.9, 0.95, 1.55, 0.95, 1.0, 0.95, 0.77]),
        Note(t("pdf_apps.staffing.by_day_note"), size=7.5),
    ]
    return report_pdf(t("pdf_apps.staffing.kind"), t("staffing.title"), blocks,
                      description=t("pdf_apps.staffing.description"),
                      fields=[(t("reports.pdf.client"), client),
                              (t("pdf_apps.staffing.profile"), profile),
                              (t("reports.pdf.date"), None), (t("reports.pdf.author"), author)],
                      contents=[t("pdf_apps.staffing.inputs"), t("pdf_apps.staffing.result"),
                                t("pdf_apps.staffing.charts"), t("pdf_apps.staffing.by_day")],
                      footer=t("reports.footer.staffing"), date=date, lang=lang)


class StaffingApp(App):
    """Workload, agents needed and waiting; build it and :meth:`show` it.

    ``lang`` is the page language (en, ru, zh; ``?lang=`` in the URL);
    :meth:`set_language` changes it.
    """

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang = lang
        self.controls = ScenarioControls(on_change=self._changed, names=STAFFING_INPUTS,
                                         lang=lang)
        self.error = self.controls.error
        self.language = LanguagePicker(lang, on_change=self.set_language)
        self.title = w.HTML()
        self.title.add_class("sr-title")
        self.agents = IntSlider(value=1, min=1, max=50, step=1, continuous_update=False,
                                  style={"description_width": "48%"},
                                  layout=w.Layout(width="98%"))
        self.agents.add_class("sr-agents")
        self.agents.observe(self._on_agents, names="value")
        self.agents.observe(self._on_agents_bounds, names=["min", "max", "step"])
        self.cards = w.HTML()
        self.cards.add_class("sr-headline")
        #: At phone width a bar at the top keeps agents needed and service level in view
        #: while the inputs scroll (apps.touch.PHONE_CSS; hidden on a wide screen).
        self.sticky = w.HTML(layout=w.Layout(width="100%"))
        self.sticky.add_class("sr-sticky")
        self.sticky.add_class("sr-staffing-sticky")
        # Two charts, each its own image: side by side on a wide screen, one above the
        # other on a phone, where each is scaled to the width (about 0.8 of its natural
        # size, so the smallest text is still about 9 px).
        chart_layout = dict(width="100%", max_width=f"{CHART_PX}px", flex="1 1 380px")
        self.chart = w.Image(format="png", layout=w.Layout(**chart_layout))
        self.chart.add_class("sr-chart")
        self.week_chart = w.Image(format="png", layout=w.Layout(**chart_layout))
        self.week_chart.add_class("sr-week-chart")
        self.note = w.HTML()
        self.profile = None  # None: the shipped profile; else the uploaded frame
        self.profile_name = ""
        self.profile_upload = w.FileUpload(accept=".csv", multiple=False,
                                           layout=w.Layout(width="auto"))
        self.profile_upload.add_class("sr-profile-upload")
        self.profile_upload.observe(self._on_profile, names="value")
        self.profile_reset = w.Button(layout=w.Layout(width="auto", display="none"))
        self.profile_reset.add_class("sr-profile-reset")
        self.profile_reset.on_click(self._on_profile_reset)
        self.profile_status = w.HTML()
        self.profile_status.add_class("sr-profile-status")
        #: What the profile status says: (message key, fields, css class).
        self._profile_said: tuple[str, dict, str] = ("shipped", {}, "sr-muted")
        # The half-hour table is built when asked for: the button, then the link.
        self.table_button = w.Button(icon="download", layout=w.Layout(width="auto"))
        self.table_button.add_class("sr-interval-prepare")
        self.table_button.on_click(self._on_table)
        self.table_link = w.HTML()
        self.table_link.add_class("sr-interval-csv")
        # The PDF is built when asked for, with the client and author of its title page.
        self.pdf = PdfDownload(self._pdf, "supportroi-staffing.pdf", lang, "sr-staffing-pdf")
        self.figure = Figure(figsize=(CHART_PX / 100, 3.2), dpi=100, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.week_figure = Figure(figsize=(CHART_PX / 100, 3.2), dpi=100, layout="constrained")
        self.week_canvas = FigureCanvasAgg(self.week_figure)
        self.staffing = None
        self._peak = 0
        self._agents = 1  # the last accepted agents value
        self._hold = False
        profile = w.VBox([w.Box([self.profile_upload, self.profile_reset]),
                          self.profile_status])
        controls = w.VBox([self.controls.bar(), self.agents, profile, self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        charts = w.HBox([self.chart, self.week_chart],
                        layout=w.Layout(flex_flow="row wrap", width="100%"))
        results = w.VBox([self.error, self.cards, charts, self.note,
                          w.HBox([self.table_button, self.table_link],
                                 layout=w.Layout(flex_flow="row wrap", align_items="center")),
                         self.pdf.box],
                         layout=w.Layout(flex="3 1 520px", min_width="0"))
        self.widget = w.VBox([
            w.HTML(CSS + _STYLE), self.sticky,
            w.HBox([self.title, self.language.widget],
                   layout=w.Layout(justify_content="space-between", align_items="baseline",
                                   flex_flow="row wrap")),
            w.Box([controls, results], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                       width="100%"))])
        self.widget.add_class("sr-app")
        self.widget.add_class("sr-staffing-app")
        self._label_static()
        self._changed(set(STAFFING_INPUTS))

    # -- language ------------------------------------------------------------
    def apply_query(self, query: str) -> list[str]:
        """Apply URL parameters: the page language first, then the settings."""
        lang = query_language(query, default=self.lang)
        if lang != self.lang:
            self.set_language(lang)
        return super().apply_query(query)

    def set_language(self, lang: str) -> None:
        """Redraw every text of the page in ``lang``; the inputs, the agents chosen and
        the arrival profile stay as they are."""
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang = lang
        self.language.set_language(lang)
        self.controls.set_language(lang)
        self.pdf.set_language(lang)
        self._label_static()
        if self.staffing is not None:
            self._render()

    def _label_static(self) -> None:
        """The texts that do not depend on the figures, in the page language."""
        t, esc = translator(self.lang), html.escape
        self.title.value = (f"<h1 class='sr-page-title' lang='{self.lang}'>"
                            f"{esc(t('staffing.title'))}</h1><p class='sr-intro'>"
                            f"{esc(t('staffing.intro'))}</p>")
        self.agents.description = t("staffing.agents")
        self.profile_upload.description = t("staffing.profile.upload")
        self.profile_reset.description = t("staffing.profile.reset")
        self.table_button.description = t("staffing.table.prepare")
        self.table_button.tooltip = t("staffing.table.prepare_tooltip")
        self.table_link.value = ""   # a prepared link is labelled in the old language
        self._show_profile_status()

    def _say_profile(self, what: str, css: str, **fields) -> None:
        self._profile_said = (what, fields, css)
        self._show_profile_status()

    def _show_profile_status(self) -> None:
        what, fields, css = self._profile_said
        t = translator(self.lang)
        if "why" in fields and callable(fields["why"]):   # the reason is ours: in the language
            fields = fields | {"why": fields["why"](self.lang)}
        role = " role='alert'" if css == "sr-warning" else ""
        self.profile_status.value = (f"<div class='{css}'{role}>"
                                     + html.escape(t(PROFILE_TEXTS[what], **fields)) + "</div>")

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _changed(self, names) -> None:
        v = self.controls.values
        phone = v["annual_contacts"] * v["share_phone"]
        loaded = v["agent_salary"] * (1 + v["benefits_load"]) + v["overhead_per_agent"]
        self.staffing = interval_staffing(
            phone, v["aht_phone_min"] * 60, v["target_service_level"], v["target_answer_time_s"],
            v["shrinkage"], max_occupancy=v["occupancy"],
            paid_hours_per_fte=v["paid_hours_per_fte"], loaded_cost_per_fte=loaded,
            profile=self.profile)
        self._peak = int(np.argmax(self.staffing.traffic))
        needed = int(self.staffing.agents[self._peak])
        self._hold = True
        try:  # the agents slider follows the workload: start at what the peak needs
            self.agents.max = self._agents_max()
            self.agents.value = self._agents = max(needed, 1)
        finally:
            self._hold = False
        self._render()

    @guarded
    def _on_profile(self, change) -> None:
        files = change.new
        if not files:
            return
        item = files[0]
        data, name = bytes(item["content"]), str(item["name"])[:80]
        self.profile_upload.value = ()  # frees the widget's copy
        self.load_profile(data, name)

    def load_profile(self, data: bytes, name: str) -> None:
        """Use an arrival profile CSV (the format of data/arrival_profile_weekly.csv); a
        file that is not one is refused with its row and field, and the profile in use
        stays."""
        refused = "refused_uploaded" if self.profile is not None else "refused_shipped"
        if len(data) > MAX_PROFILE_BYTES:
            mb = len(data) / 1e6

            def why(lang, mb=mb):
                t = translator(lang)
                return t(PROFILE_TEXTS["too_big"], mb=t.number(mb, 1))
        else:
            try:
                frame = load_profile(data, name=name)
            except ValueError as exc:
                # A ProfileError says the reason and its rows in the page's language.
                why = exc.why if isinstance(exc, ProfileError) else str(exc).removeprefix(
                    f"{name}: ").removeprefix(f"{name}, ")
            else:
                self.profile, self.profile_name = frame, name
                busy = int((frame["share"] > 0).sum())
                self._say_profile("yours", "sr-done", name=name, busy=busy)
                self.profile_reset.layout.display = None
                self._changed(set(STAFFING_INPUTS))
                return
        self._say_profile(refused, "sr-warning", name=name, why=why)

    @guarded
    def _on_profile_reset(self, _button) -> None:
        self.profile, self.profile_name = None, ""
        self.profile_reset.layout.display = "none"
        self._say_profile("shipped", "sr-muted")
        self._changed(set(STAFFING_INPUTS))

    def interval_table(self):
        """The week half-hour by half-hour as downloaded: calls, Erlangs, agents needed
        and what sets them (the service-level target or the occupancy cap). Columns and
        values are the same in every page language (for other programs to read)."""
        import pandas as pd

        st = self.staffing
        set_by = self._set_by()
        return pd.DataFrame({
            "weekday": [DAYS[int(d)] for d in st.weekday], "interval_start": st.interval_start,
            "calls": np.round(st.contacts, 3), "traffic_erlangs": np.round(st.traffic, 4),
            "agents_needed": st.agents, "set_by": set_by,
            "service_level": np.round(st.service_level, 4),
            "occupancy": np.round(st.occupancy, 4)})

    def _set_by(self) -> np.ndarray:
        """What sets each half-hour's agents: "service level", "occupancy cap", "no calls"."""
        v = self.controls.values
        return binding_constraint(self.staffing.traffic, v["aht_phone_min"] * 60,
                                  v["target_service_level"], v["target_answer_time_s"],
                                  v["occupancy"])

    @guarded
    def _on_table(self, _button) -> None:
        """Build the half-hour table (CSV) now that it is asked for, and offer the link."""
        table = self.interval_table()
        self.table_link.value = download_link(
            table.map(safe_text).to_csv(index=False).encode("utf-8"),
            "staffing-by-half-hour.csv", "text/csv",
            translator(self.lang)("staffing.table.download"))

    def _pdf(self, client: str, author: str, lang: str) -> bytes:
        """The PDF of what the page shows (:func:`staffing_pdf`)."""
        return staffing_pdf(self.controls.values, self.staffing, self.agents.value,
                            currency=self.controls.currency.value,
                            profile_name=self.profile_name if self.profile is not None else "",
                            client=client, author=author, lang=lang)

    def _agents_max(self) -> int:
        """The agents slider's upper bound: twice what the busiest half-hour needs."""
        needed = int(self.staffing.agents[self._peak]) if self.staffing else 1
        return max(2 * needed, 10)

    @guarded
    def _on_agents(self, change) -> None:
        if self._hold:
            return
        value, top = change.new, self._agents_max()
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
                or not 1 <= value <= top:
            # A client pushed a value past the bounds (ipywidgets would clamp it
            # silently; this slider does not): refuse it, say so, keep the last one.
            t = translator(self.lang)
            fields = dict(top=t.number(top), kept=t.number(self._agents))
            if isinstance(value, numbers.Integral) and not isinstance(value, bool):
                message = t("staffing.agents_refused", value=t.number(value), **fields)
            else:
                message = t("staffing.agents_not_a_number", value=repr(value)[:40], **fields)
            self.controls.assumptions.show_notice([message])
            self._restore_agents()
            return
        self._agents = int(value)
        self.controls.assumptions.show_notice([])
        self._render()

    @guarded
    def _on_agents_bounds(self, change) -> None:
        """Bounds are the server's: a client changing them is put back."""
        if self._hold:
            return
        self._restore_agents()

    def _restore_agents(self) -> None:
        """Put the slider's bounds and last accepted value back, all at once
        (validated together, so a tampered min above the real max cannot block it)."""
        self._hold = True
        try:
            with self.agents.hold_sync(), self.agents.hold_trait_notifications():
                self.agents.min, self.agents.max, self.agents.step = 1, self._agents_max(), 1
                self.agents.value = self._agents
        finally:
            self._hold = False

    # -- rendering -----------------------------------------------------------
    def _render(self) -> None:
        lang = self.lang
        esc = html.escape
        st, v = self.staffing, self.controls.values
        cur = self.controls.currency.value
        i = self._peak
        traffic = float(st.traffic[i])
        aht = v["aht_phone_min"] * 60
        n = self.agents.value
        needed = int(st.agents[i])
        patience = v["caller_patience_s"]
        set_by = self._set_by()
        cards = staffing_cards(v, st, n, cur, set_by, lang)
        self.cards.value = f'<div class="sr-cards" lang="{lang}">' + "".join(
            f'<div class="sr-card sr-{key}"><div class="sr-label">{esc(label)}</div>'
            f'<div class="sr-value">{esc(val)}</div></div>'
            for key, label, val in cards) + "</div>"
        shown = {key: (label, val) for key, label, val in cards}  # the bar repeats the cards
        self.sticky.value = (
            f'<div class="sr-sticky-bar" lang="{lang}">'
            f'<span class="sr-sticky-needed">{esc(shown["needed"][0])}: '
            f'<b>{esc(shown["needed"][1])}</b></span>'
            f'<span class="sr-sticky-agents">{esc(self.agents.description)}: '
            f'<b>{esc(translator(lang).number(n))}</b></span>'
            f'<span class="sr-sticky-sl">{esc(shown["sl"][0])}: '
            f'<b>{esc(shown["sl"][1])}</b></span></div>')
        weekly, profile, set_by_note, abandon = staffing_notes(
            v, st, set_by, self.profile_name if self.profile is not None else "", lang)
        self.note.value = (f"<div lang='{lang}'><p class='sr-muted'>{esc(weekly, False)} "
                           f"{esc(profile, False)}</p><p class='sr-muted sr-set-by'>"
                           f"{esc(set_by_note, False)}</p><p class='sr-muted sr-abandon-note'>"
                           f"{esc(abandon, False)}</p></div>")
        self.table_link.value = ""   # a table prepared before this change is out of date
        self.pdf.clear()             # and so is a PDF
        self.figure.clear()
        sl_wait_chart(self.figure.subplots(), traffic, aht, v["target_service_level"],
                      v["target_answer_time_s"], n, needed, patience, lang=lang)
        self.chart.value = _png(self.canvas)
        self.week_figure.clear()
        week_heatmap(self.week_figure.subplots(), st.agents, lang=lang)
        self.week_chart.value = _png(self.week_canvas)


def _png(canvas: FigureCanvasAgg) -> bytes:
    canvas.draw()
    buf = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(),
                     canvas.buffer_rgba()).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


#: The page's own styles: the title above the app; the agents slider's label wraps.
_STYLE = """<style>
.sr-staffing-app h1.sr-page-title { font-size: 1.6em; margin: 0.3em 0 0.1em 0; }
.sr-staffing-app .sr-intro { margin: 0 0 0.4em 0; max-width: 60em; }
.sr-staffing-app .sr-agents > .widget-label { white-space: normal; overflow: visible;
                                              height: auto; line-height: 1.2; }
.sr-staffing-app .sr-agents { height: auto; }
</style>"""
