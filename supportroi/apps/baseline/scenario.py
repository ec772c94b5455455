"""Section 4 of the baseline app: the measured values as a scenario to download."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from ...assumptions import CATALOG, defaults, validate
from ...baseline import BaselineError, arrival_profile_csv, to_scenario
from ...i18n import DEFAULT_LANGUAGE, translator
from ...scenarios import ScenarioError, dump_scenario
from ..base import download_link, guarded
from .common import ROW, problem_list, say

__all__ = ["ScenarioPanel"]


class ScenarioPanel:
    """Title and annualising, the measured values against the catalog's, the YAML link.

    ``scenario`` is the last scenario offered (None when a measured value is out
    of the catalog's bounds). ``error`` is where a failing callback says so.
    :meth:`set_language` says it all in another language; the scenario file keeps its
    machine keys.
    """

    def __init__(self, error: w.HTML, lang: str = DEFAULT_LANGUAGE):
        self.error = error
        self.lang = lang
        self._export = None
        self.kpis = None
        self.scenario = None
        self._name = ""
        self._profile_name = None  # the profile CSV download's file name, if one is offered
        self.title = w.Text(continuous_update=False,
                            layout=w.Layout(width="420px", max_width="100%"),
                            style={"description_width": "45px"})
        self.title.add_class("sr-title")
        self.title.observe(self._on_option, names="value")
        self.annualise = w.Checkbox(value=True, indent=False, layout=w.Layout(width="auto"))
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
        self.heading = w.HTML()
        self.box = w.VBox([
            self.heading,
            w.Box([self.title, self.annualise], layout=w.Layout(**ROW, grid_gap="4px 16px")),
            self.table, self.notice, w.Box([self.yaml_link, self.profile_link],
                                           layout=w.Layout(**ROW)),
        ], layout=w.Layout(display="none", width="100%"))

        self._label()

    def _label(self) -> None:
        t = translator(self.lang)
        self.title.description = t("baseline.scenario.title")
        self.title.placeholder = (t("baseline.scenario.from_file", name=self._name)
                                  if self._name else t("baseline.scenario.from_the_file"))
        self.annualise.description = t("baseline.scenario.annualise")
        self.heading.value = (f"<h3>{t('baseline.scenario.heading')}</h3><div class='sr-muted'>"
                              f"{t('baseline.scenario.intro', button='<i>' + t('baseline.scenario.open_button') + '</i>')}"
                              "</div>")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._label()
        if self._export is not None:
            self._profile(self._export)
        if self.kpis is not None:
            self.render(self.kpis)

    def set_file(self, name: str) -> None:
        self._name = name
        self._label()

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
            self._export = export
            self._profile(export)
        self.kpis = k = kpis
        lang, t = self.lang, translator(self.lang)
        opts = self.options()
        values = k.scenario_values(opts["annualise"])
        base = defaults()
        rows = []
        for name, value in values.items():
            a = CATALOG[name]
            unit = {"minutes": "baseline.scenario.minutes",
                    "contacts/year": "baseline.scenario.a_year"}.get(a.unit)

            def shown(v, a=a, unit=unit):
                text = a.format(v, lang=lang)
                return t(unit, value=text) if unit else text
            rows.append(f"<tr><td>{html.escape(a.text(lang)[0])}</td>"
                        f"<td class='sr-value-{name}'>{html.escape(shown(value))}</td>"
                        f"<td>{html.escape(shown(base[name]))}</td></tr>")
        heads = "".join(f"<th>{html.escape(t(k))}</th>" for k in (
            "baseline.scenario.assumption", "baseline.scenario.measured",
            "baseline.scenario.default"))
        self.table.value = (
            f"<div class='sr-scroll'><table class='sr-table' style='max-width:560px' "
            f"lang='{lang}'><thead><tr>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
        try:
            self.scenario = to_scenario(k, **opts)
        except ScenarioError as exc:
            self.scenario = None
            problems = exc.problems if lang == DEFAULT_LANGUAGE else [
                t("baseline.scenario.measured_problem", label=_label(p.key, lang),
                  message=p.message) for p in validate(values, lang=lang)]
            self.notice.value = problem_list(t("baseline.scenario.cannot_save"), problems,
                                             "sr-warning", lang)
            self.yaml_link.value = ""
            return
        self.notice.value = ""
        stem = re.sub(r"[^\w-]+", "_", Path(self._name).stem).strip("_") or "upload"
        text = dump_scenario(self.scenario)
        if self._profile_name:  # a comment: the dashboard's upload cannot follow a file name
            comment = t("baseline.scenario.profile_comment", file=self._profile_name,
                        command="`python -m supportroi evaluate`")
            text += "".join(f"# {line}\n" for line in comment.splitlines())
            text += f"# arrival_profile: {self._profile_name}\n"
        self.yaml_link.value = download_link(text.encode("utf-8"),
                                              f"baseline-{stem}.yaml", "application/x-yaml",
                                              t("baseline.scenario.download_yaml"))

    def _profile(self, export) -> None:
        stem = re.sub(r"[^\w-]+", "_", Path(self._name).stem).strip("_") or "upload"
        self._profile_name = None
        try:
            data = arrival_profile_csv(export, "phone")
        except BaselineError as exc:
            t = translator(self.lang)
            self.profile_link.value = (
                "<span class='sr-muted'>" + html.escape(t("baseline.scenario.no_profile",
                                                          why=say(exc.problems[0], self.lang)))
                + "</span>")
            return
        self._profile_name = f"arrival-profile-{stem}.csv"
        self.profile_link.value = download_link(
            data, self._profile_name, "text/csv",
            translator(self.lang)("baseline.scenario.download_profile"))


def _label(key: str, lang: str) -> str:
    """The assumption a problem's key names (``aht_chat_min`` or ``share_phone + …``)."""
    name = key.split(" + ")[0]
    return CATALOG[name].text(lang)[0] if name in CATALOG else key
