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
"""

from __future__ import annotations

import html
import io
import numbers

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..formatting import money, percent, safe_text
from ..queueing import (
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

__all__ = ["HANG_UP_RULE", "MAX_PROFILE_BYTES", "PROFILE_TEXTS", "STAFFING_INPUTS", "StaffingApp", "sl_wait_chart", "week_heatmap"]

#: Catalog assumptions this app edits (others come from the chosen scenario).
STAFFING_INPUTS = ("annual_contacts", "aht_phone_min", "target_service_level",
                   "target_answer_time_s", "caller_patience_s", "shrinkage", "occupancy",
                   "paid_hours_per_fte")
#: What the service level with hang-ups counts (queueing's Erlang A definition).
HANG_UP_RULE = ("a caller who hangs up counts as not answered within the target, whenever "
                "they hang up")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Largest arrival-profile upload read (a profile is 336 short lines). [bytes]
MAX_PROFILE_BYTES = 1_000_000
#: The page's messages about the arrival profile, in one place.
PROFILE_TEXTS = {
    "shipped": "The shipped synthetic weekly profile (data/arrival_profile_weekly.csv) is "
               "used. Upload your own: the CSV the baseline app writes from your export "
               "(weekday 0–6 from Monday, interval_start HH:MM, share of the week's calls).",
    "yours": "Your profile “{name}” is used ({busy} of 336 half-hours with calls).",
    "refused": "{name} cannot be used: {why}. The {kept} profile is still used.",
    "too_big": "the file has {mb:,.1f} MB; a profile has 336 lines (well under 1 MB)",
}


def sl_wait_chart(ax, traffic: float, aht: float, target_sl: float, target_time: float,
                  agents: int, needed: int, patience: float | None = None):
    """Service level (left axis) and average wait (right axis) against agents
    in one half-hour, with the chosen number of agents and the target marked.
    With ``patience`` [s], also the share of calls abandoned and the service
    level with hang-ups (Erlang A: a caller who hangs up counts as not
    answered) on the left axis."""
    lo = max(min(int(np.floor(traffic)) + 1, agents), 1)  # keep the chosen agents in view
    hi = max(needed, agents, lo) + max(6, int(0.25 * needed))
    n = np.arange(lo, hi + 1)
    sl = service_level(traffic, n, aht, target_time)
    asa = average_speed_of_answer(traffic, n, aht)
    ax.plot(n, 100 * sl, color="#1f4e79", lw=2, label="service level (Erlang C)")
    if patience is not None:
        a = erlang_a(traffic, n, aht, patience, target_time)
        ax.plot(n, 100 * a.service_level, color="#1f4e79", lw=1, ls="--",
                label="service level with hang-ups (Erlang A)")
        ax.plot(n, 100 * a.p_abandon, color="#8e44ad", lw=1.5,
                label="calls abandoned (Erlang A)")
    ax.axhline(100 * target_sl, color="#1f4e79", ls=":", lw=1)
    ax.set_ylim(0, 102)
    ax.set_ylabel(f"% of calls: answered in {target_time:.0f} s; abandoned", color="#1f4e79",
                  fontsize=8)
    ax.set_xlabel("agents on the phones in the busiest half-hour")
    ax2 = ax.twinx()
    ax2.plot(n, asa, color="#c0392b", lw=1.5, label="average wait (Erlang C)")
    ax2.set_ylabel("average wait (s)", color="#c0392b")
    ax2.set_ylim(0, max(float(np.nanmax(asa[np.isfinite(asa)], initial=1.0)), 1.0) * 1.05)
    ax.axvline(needed, color="#27ae60", ls="--", lw=1)
    ax.text(needed, 4, f" needed: {needed}", color="#1e8449", fontsize=8)
    # Unstable (agents ≤ traffic): service level 0, drawn at 0.
    ax.plot([agents], [100 * float(service_level(traffic, agents, aht, target_time))], "o",
            color="#e67e22", ms=8, zorder=5)
    ax.set_title("Service level, abandonment and waiting against agents" if patience
                 is not None else "Service level and waiting against agents",
                 fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    lines = ax.get_lines() + ax2.get_lines()
    labelled = [x for x in lines if not x.get_label().startswith("_")]
    ax.legend(labelled, [x.get_label() for x in labelled], fontsize=7, loc="center right",
              framealpha=0.85)
    return ax


def week_heatmap(ax, agents: np.ndarray):
    """Agents needed per half-hour (7 days × 48 half-hours)."""
    grid = np.asarray(agents, dtype=float).reshape(7, 48)
    im = ax.imshow(grid, aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(7), DAYS, fontsize=8)
    ax.set_xticks(range(0, 48, 8), [f"{h:02d}:00" for h in range(0, 24, 4)], fontsize=8)
    ax.set_title("Agents needed through the week", fontsize=10, loc="left")
    ax.figure.colorbar(im, ax=ax, fraction=0.05, pad=0.02)
    return ax


class StaffingApp(App):
    """Workload, agents needed and waiting; build it and :meth:`show` it."""

    def __init__(self):
        self.controls = ScenarioControls(on_change=self._changed, names=STAFFING_INPUTS)
        self.error = self.controls.error
        self.agents = IntSlider(value=1, min=1, max=50, step=1, continuous_update=False,
                                  description="Agents in the busiest half-hour",
                                  style={"description_width": "48%"},
                                  layout=w.Layout(width="98%"))
        self.agents.add_class("sr-agents")
        self.agents.observe(self._on_agents, names="value")
        self.agents.observe(self._on_agents_bounds, names=["min", "max", "step"])
        self.cards = w.HTML()
        self.cards.add_class("sr-headline")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        self.chart.add_class("sr-chart")
        self.note = w.HTML()
        self.profile = None  # None: the shipped profile; else the uploaded frame
        self.profile_name = ""
        self.profile_upload = w.FileUpload(accept=".csv", multiple=False,
                                           description="Your arrival profile (CSV)",
                                           layout=w.Layout(width="auto"))
        self.profile_upload.add_class("sr-profile-upload")
        self.profile_upload.observe(self._on_profile, names="value")
        self.profile_reset = w.Button(description="Use the shipped profile",
                                      layout=w.Layout(width="auto", display="none"))
        self.profile_reset.add_class("sr-profile-reset")
        self.profile_reset.on_click(self._on_profile_reset)
        self.profile_status = w.HTML(
            f"<div class='sr-muted'>{html.escape(PROFILE_TEXTS['shipped'])}</div>")
        self.profile_status.add_class("sr-profile-status")
        self.table_link = w.HTML()
        self.table_link.add_class("sr-interval-csv")
        self.figure = Figure(figsize=(9.0, 3.2), dpi=100, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.staffing = None
        self._peak = 0
        self._agents = 1  # the last accepted agents value
        self._hold = False
        profile = w.VBox([w.Box([self.profile_upload, self.profile_reset]),
                          self.profile_status])
        controls = w.VBox([self.controls.bar(), self.agents, profile, self.controls.panel()],
                          layout=w.Layout(flex="1 1 340px", max_width="480px",
                                          min_width="280px", padding="0 8px 0 0"))
        results = w.VBox([self.error, self.cards, self.chart, self.note, self.table_link],
                         layout=w.Layout(flex="3 1 520px", min_width="0"))
        self.widget = w.VBox([w.HTML(CSS), w.Box([controls, results], layout=w.Layout(
            display="flex", flex_flow="row wrap", width="100%"))])
        self.widget.add_class("sr-app")
        self._changed(set(STAFFING_INPUTS))

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
        kept = "uploaded" if self.profile is not None else "shipped"
        if len(data) > MAX_PROFILE_BYTES:
            why = PROFILE_TEXTS["too_big"].format(mb=len(data) / 1e6)
        else:
            try:
                frame = load_profile(data, name=name)
            except ValueError as exc:
                why = str(exc).removeprefix(f"{name}: ").removeprefix(f"{name}, ")
            else:
                self.profile, self.profile_name = frame, name
                busy = int((frame["share"] > 0).sum())
                self.profile_status.value = (
                    "<div class='sr-done'>" + html.escape(PROFILE_TEXTS["yours"].format(
                        name=name, busy=busy)) + "</div>")
                self.profile_reset.layout.display = None
                self._changed(set(STAFFING_INPUTS))
                return
        self.profile_status.value = (
            "<div class='sr-warning' role='alert'>" + html.escape(PROFILE_TEXTS["refused"].format(
                name=name, why=why, kept=kept)) + "</div>")

    @guarded
    def _on_profile_reset(self, _button) -> None:
        self.profile, self.profile_name = None, ""
        self.profile_reset.layout.display = "none"
        self.profile_status.value = (
            f"<div class='sr-muted'>{html.escape(PROFILE_TEXTS['shipped'])}</div>")
        self._changed(set(STAFFING_INPUTS))

    def interval_table(self):
        """The week half-hour by half-hour as shown and downloaded: calls, Erlangs, agents
        needed and what sets them (the service-level target or the occupancy cap)."""
        import pandas as pd

        st, v = self.staffing, self.controls.values
        set_by = binding_constraint(st.traffic, v["aht_phone_min"] * 60,
                                    v["target_service_level"], v["target_answer_time_s"],
                                    v["occupancy"])
        return pd.DataFrame({
            "weekday": [DAYS[int(d)] for d in st.weekday], "interval_start": st.interval_start,
            "calls": np.round(st.contacts, 3), "traffic_erlangs": np.round(st.traffic, 4),
            "agents_needed": st.agents, "set_by": set_by,
            "service_level": np.round(st.service_level, 4),
            "occupancy": np.round(st.occupancy, 4)})

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
            shown = f"{value:,}" if isinstance(value, numbers.Integral) else repr(value)
            self.controls.assumptions.show_notice([
                f"Agents on the phones: {shown} is out of bounds: must be a whole number "
                f"between 1 and {top:,}. Kept {self._agents:,}."])
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
        st, v = self.staffing, self.controls.values
        cur = self.controls.currency.value
        i = self._peak
        traffic = float(st.traffic[i])
        aht = v["aht_phone_min"] * 60
        n = self.agents.value
        needed = int(st.agents[i])
        stable = bool(is_stable(traffic, n))
        patience = v["caller_patience_s"]
        hang_up = erlang_a(traffic, n, aht, patience, v["target_answer_time_s"])
        if stable:
            sl_text = percent(float(service_level(traffic, n, aht, v["target_answer_time_s"])))
            wait_text = f"{float(average_speed_of_answer(traffic, n, aht)):,.0f} s"
        else:
            sl_text = "0 % (unstable queue)"
            wait_text = (f"unbounded: {traffic:,.1f} Erlangs need more than "
                         f"{int(np.floor(traffic))} agents")
        phone = v["annual_contacts"] * v["share_phone"]
        per_contact = money(st.cost_per_year / phone, cur, digits=2) if phone else (
            "undefined (no phone contacts)")
        day, start = DAYS[int(st.weekday[i])], st.interval_start[i]
        table = self.interval_table()
        set_by = table["set_by"].to_numpy()
        n_sl, n_occ = int((set_by == "service level").sum()), int((set_by == "occupancy cap").sum())
        peak_set_by = ("the occupancy cap" if set_by[i] == "occupancy cap"
                       else "the service-level target")
        cards = [("peak", "Busiest half-hour", f"{day} {start}: {traffic:,.1f} Erlangs"),
                 ("needed", "Agents needed then", f"{needed}"),
                 ("set-by", "Set by", peak_set_by),
                 ("sl", "Service level with your agents", sl_text),
                 ("abandon", "Calls abandoned with your agents",
                  percent(float(hang_up.p_abandon))),
                 ("sl-a", "Service level if callers hang up",
                  percent(float(hang_up.service_level))),
                 ("wait", "Average wait with your agents", wait_text),
                 ("fte", "Scheduled FTE (week)", f"{st.scheduled_fte:,.1f}"),
                 ("cost", "Phone staffing cost", money(st.cost_per_year, cur) + " a year"),
                 ("per-contact", "Cost per phone contact", per_contact)]
        self.cards.value = '<div class="sr-cards">' + "".join(
            f'<div class="sr-card sr-{key}"><div class="sr-label">{html.escape(label)}</div>'
            f'<div class="sr-value">{html.escape(val)}</div></div>'
            for key, label, val in cards) + "</div>"
        self.note.value = (
            "<p class='sr-muted'>Weekly service level at the target staffing: "
            f"{percent(st.weekly_service_level)}; agents on the phones "
            f"{st.agent_hours_per_week:,.0f} agent-hours a week for "
            f"{st.workload_hours_per_week:,.0f} hours of handle time (the difference is the "
            "slack queues need). Phone contacts are the phone share "
            f"({percent(v['share_phone'], digits=0)}) of annual contacts; the weekly profile "
            + ("is the shipped synthetic one (data/arrival_profile_weekly.csv)."
               if self.profile is None else
               f"is yours ({html.escape(self.profile_name)}).") + "</p>"
            "<p class='sr-muted sr-set-by'>The agents needed are set by the service-level "
            f"target in {n_sl} half-hours and by the occupancy cap "
            f"({percent(v['occupancy'], digits=0)}) in {n_occ}"
            + (" (there the agents the cap requires already beat the target)." if n_occ else ".")
            + "</p>"
            "<p class='sr-muted sr-abandon-note'>Service level and average wait with your "
            "agents are Erlang C's: callers never hang up, the cautious basis the staffing "
            "uses. Calls abandoned and the service level if callers hang up are Erlang A's, "
            f"with callers' mean patience {patience:,.0f} s; there {HANG_UP_RULE}, so it is "
            "the share of all calls answered within "
            f"{v['target_answer_time_s']:,.0f} s.</p>")
        self.table_link.value = download_link(
            table.map(safe_text).to_csv(index=False).encode("utf-8"),
            "staffing-by-half-hour.csv", "text/csv",
            "Download the half-hour table (CSV)")
        self.figure.clear()
        left, right = self.figure.subplots(1, 2, width_ratios=[1.1, 1])
        sl_wait_chart(left, traffic, aht, v["target_service_level"], v["target_answer_time_s"],
                      n, needed, patience)
        week_heatmap(right, st.agents)
        self.canvas.draw()
        buf = io.BytesIO()
        Image.frombuffer("RGBA", self.canvas.get_width_height(),
                         self.canvas.buffer_rgba()).save(buf, format="PNG", compress_level=1)
        self.chart.value = buf.getvalue()

