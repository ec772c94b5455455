"""Section 4 of the baseline app: the measured values as a scenario to download."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from ...assumptions import CATALOG, defaults
from ...baseline import BaselineError, arrival_profile_csv, to_scenario
from ...scenarios import ScenarioError, dump_scenario
from ..base import download_link, guarded
from .common import ROW, problem_list

__all__ = ["ScenarioPanel"]


class ScenarioPanel:
    """Title and annualising, the measured values against the catalog's, the YAML link.

    ``scenario`` is the last scenario offered (None when a measured value is out
    of the catalog's bounds). ``error`` is where a failing callback says so.
    """

    def __init__(self, error: w.HTML):
        self.error = error
        self.kpis = None
        self.scenario = None
        self._name = ""
        self._profile_name = None  # the profile CSV download's file name, if one is offered
        self.title = w.Text(description="Title", placeholder="Baseline from the file",
                            continuous_update=False,
                            layout=w.Layout(width="420px", max_width="100%"),
                            style={"description_width": "45px"})
        self.title.add_class("sr-title")
        self.title.observe(self._on_option, names="value")
        self.annualise = w.Checkbox(value=True, description="Scale the period to a year",
                                    indent=False, layout=w.Layout(width="auto"))
        self.annualise.add_class("sr-annualise")
        self.annualise.observe(self._on_option, names="value")
        self.table = w.HTML()
        self.table.add_class("sr-scenario-values")
        self.notice = w.HTML()
        self.notice.add_class("sr-scenario-notice")
        self.yaml_link = w.HTML()
        self.yaml_link.add_class("sr-yaml")
        self.profile_link = w.HTML()
        self.profile_link.add_class("sr-profile-csv")
        self.box = w.VBox([
            w.HTML("<h3>4. Save the baseline scenario</h3><div class='sr-muted'>The values "
                   "measured from the file, as a scenario for the ROI dashboard (open it there "
                   "with <i>Open scenario file</i>); every other input keeps its catalog "
                   "default. Beside it, the weekly arrival profile of the file's phone calls: "
                   "upload it in the staffing app to staff with your own week.</div>"),
            w.Box([self.title, self.annualise], layout=w.Layout(**ROW, grid_gap="4px 16px")),
            self.table, self.notice, w.Box([self.yaml_link, self.profile_link],
                                           layout=w.Layout(**ROW)),
        ], layout=w.Layout(display="none", width="100%"))

    def set_file(self, name: str) -> None:
        self._name = name
        self.title.placeholder = f"Baseline from {name}"

    @guarded
    def _on_option(self, _change) -> None:
        if self.kpis is not None:
            self.render(self.kpis)

    def options(self) -> dict:
        """Keyword arguments of :func:`~supportroi.baseline.to_scenario` the controls give."""
        title = str(self.title.value or "").strip()[:200]
        return {"annualise": bool(self.annualise.value), **({"title": title} if title else {})}

    def render(self, kpis, export=None) -> None:
        """The measured values and the YAML link; with ``export``, also its phone calls'
        weekly arrival profile as a CSV beside it (for the staffing app's upload)."""
        if export is not None:
            self._profile(export)
        self.kpis = k = kpis
        opts = self.options()
        values = k.scenario_values(opts["annualise"])
        base = defaults()
        rows = []
        for name, value in values.items():
            a = CATALOG[name]
            unit = {"minutes": " min", "contacts/year": " a year"}.get(a.unit, "")
            rows.append(f"<tr><td>{html.escape(a.label)}</td>"
                        f"<td class='sr-value-{name}'>{html.escape(a.format(value) + unit)}</td>"
                        f"<td>{html.escape(a.format(base[name]) + unit)}</td></tr>")
        self.table.value = (
            "<div class='sr-scroll'><table class='sr-table' style='max-width:560px'><thead><tr>"
            "<th>assumption</th><th>measured</th><th>catalog default</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
        try:
            self.scenario = to_scenario(k, **opts)
        except ScenarioError as exc:
            self.scenario = None
            self.notice.value = problem_list(
                "Cannot save this baseline as a scenario: a measured value is outside the "
                "catalog's bounds. Check the column mapping and the rows behind it.",
                exc.problems, "sr-warning")
            self.yaml_link.value = ""
            return
        self.notice.value = ""
        stem = re.sub(r"[^\w-]+", "_", Path(self._name).stem).strip("_") or "upload"
        text = dump_scenario(self.scenario)
        if self._profile_name:  # a comment: the dashboard's upload cannot follow a file name
            text += ("# To staff with this file's own week in Erlang staffing, save "
                     f"{self._profile_name}\n# beside this file and remove the \"# \" "
                     "from the next line (for a scenario\n# loaded from its folder, "
                     "e.g. `python -m supportroi evaluate`; uploads cannot follow it):\n"
                     f"# arrival_profile: {self._profile_name}\n")
        self.yaml_link.value = download_link(text.encode("utf-8"),
                                              f"baseline-{stem}.yaml", "application/x-yaml",
                                              "Download baseline scenario (YAML)")

    def _profile(self, export) -> None:
        stem = re.sub(r"[^\w-]+", "_", Path(self._name).stem).strip("_") or "upload"
        self._profile_name = None
        try:
            data = arrival_profile_csv(export, "phone")
        except BaselineError as exc:
            self.profile_link.value = (
                "<span class='sr-muted'>No arrival profile: " + html.escape(exc.problems[0])
                + ".</span>")
            return
        self._profile_name = f"arrival-profile-{stem}.csv"
        self.profile_link.value = download_link(
            data, self._profile_name, "text/csv",
            "Download the phone calls' arrival profile (CSV, for the staffing app)")
