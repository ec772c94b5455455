"""Compare scenarios: the Voilà app that puts two to five scenarios side by side.

The notebook ``notebooks/compare_scenarios.ipynb`` only does::

    from supportroi.apps.compare import CompareApp
    app = CompareApp()
    app.show()

Tick shipped scenarios (``data/scenarios``) or add your own YAML files; the
app shows the headline figures side by side, the assumptions that differ,
the cumulative cash flows overlaid, and prepares an Excel workbook and a PDF
report to take away. A bad file is refused with its problems listed; an
error in a callback shows a short message, never a traceback.

The URL parameter ``?scenarios=telecom_contact_centre,ecommerce_training``
ticks shipped scenarios when the page opens (handy for a workshop link).

The page speaks English, Russian or Chinese (``?lang=ru``, or the language
picker, which redraws every text in place and keeps the ticked scenarios, the
chart's scale and the report fields); its messages are ``compare.*`` in
``supportroi/locales/<lang>/compare.yaml``, figures are in the language's
format, and scenario titles stay as written.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qsl

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..compare import FIGURES, MAX_SCENARIOS, MIN_SCENARIOS, Comparison, compare, figure_label
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, language_problem, translator
from ..scenarios import (
    MAX_BYTES,
    Scenario,
    ScenarioError,
    load_scenario,
    parse_scenario,
    shipped_scenarios,
)
from .base import CSS, App, download_link, guarded
from .charts import BLANK_PNG, COLOURS, COMPARE_SCALES, comparison_chart, comparison_panels
from .language import LANG_PARAMETER, LanguagePicker, query_language
from .query import _short
from .report_fields import ReportFields

__all__ = ["MAX_UPLOADS", "CompareApp", "ComparisonView", "Downloads", "ScenarioPicker"]

#: Uploaded scenarios kept in one page's list at most.
MAX_UPLOADS = 10

_STYLE = """
<style>
.sr-compare-app .widget-html-content { line-height: 1.4; }
.sr-compare-app .widget-html { margin-top: 3px; margin-bottom: 3px; }
.sr-compare-app .sr-choices .widget-checkbox { height: auto; min-height: 24px;
    margin: 3px 0; }
.sr-compare-app .sr-choices .widget-label-basic span { white-space: normal;
    line-height: 1.25; overflow: visible; }
.sr-compare-app .sr-choices .widget-label-basic { align-items: flex-start; line-height: 1.3; }
.sr-compare-app table.sr-compare th { white-space: normal; vertical-align: bottom;
    min-width: 90px; max-width: 220px; }
.sr-compare-app .sr-swatch { display: block; height: 4px; margin-bottom: 3px; }
.sr-compare-app .sr-hint { background: #eef4fb; border-left: 4px solid #2471a3;
    padding: 6px 10px; margin: 4px 0; }
.sr-compare-app h1.sr-page-title { font-size: 1.6em; margin: 0.3em 0 0.1em 0; }
.sr-compare-app .sr-intro { margin: 0 0 0.4em 0; max-width: 60em; }
</style>
"""


def _css_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


class ScenarioPicker:
    """The scenarios one can tick: shipped ones (``data/scenarios``) and uploaded YAML files.

    ``available`` maps names to scenarios (shipped first, then uploaded ones,
    named "<file stem> (uploaded)"); ``selected`` lists the ticked names in
    the order they were ticked (at most :data:`~supportroi.compare.MAX_SCENARIOS`);
    ``checks`` holds one checkbox per available scenario. ``on_change()``
    runs after the selection changed. Messages go to ``notice``; ``widget``
    lays out the checkboxes, the upload button and the notice. Texts are in
    ``lang`` (:meth:`set_language`); names stay as they are, labels follow.
    """

    def __init__(self, error: w.HTML, on_change: Callable[[], None],
                 lang: str = DEFAULT_LANGUAGE):
        self.error = error
        self.on_change = on_change
        self.lang = lang
        self.notice = w.HTML(layout=w.Layout(width="100%"))
        self.notice.add_class("sr-notice")
        self.available: dict[str, Scenario] = {}
        self.uploaded: list[str] = []
        self.files: dict[str, str] = {}   # uploaded name → the file's name
        self.selected: list[str] = []
        self.checks: dict[str, w.Checkbox] = {}
        self._hold = False
        self._broken: dict[str, ScenarioError] = {}   # shipped scenarios that cannot be used
        for name, path in shipped_scenarios().items():
            try:
                self.available[name] = load_scenario(path)
            except ScenarioError as exc:
                self._broken[name] = exc
        self.choices = w.VBox(layout=w.Layout(width="100%"))
        self.choices.add_class("sr-choices")
        self.upload = w.FileUpload(accept=".yaml,.yml", multiple=True,
                                   layout=w.Layout(width="auto"))
        self.upload.add_class("sr-upload")
        self.upload.observe(self._on_upload, names="value")
        self.heading = w.HTML()
        self.file_hint = w.HTML()
        self.widget = w.VBox([self.heading, self.choices, self.upload, self.file_hint,
                              self.notice],
                             layout=w.Layout(flex="1 1 280px", max_width="380px",
                                             min_width="240px", padding="0 12px 0 0"))
        self._label_static()
        self._rebuild_choices()
        self.show_notice(self.problems)

    @property
    def problems(self) -> list[str]:
        """Why shipped scenarios cannot be used (their problems as the files state them)."""
        t = translator(self.lang)
        return [line for name, exc in self._broken.items()
                for line in [t("compare.picker.shipped_invalid", name=name),
                             *exc.lines(self.lang)]]

    def set_language(self, lang: str) -> None:
        """Texts and checkbox labels in ``lang``; the ticks and uploads stay. The notice
        goes (it was written in the previous language), unless it lists broken files."""
        self.lang = lang
        self._label_static()
        for name, label in self.labels().items():
            self.checks[name].description = label
            self.checks[name].tooltip = self.available[name].description or label
        self.show_notice(self.problems)

    def _label_static(self) -> None:
        t, esc = translator(self.lang), html.escape
        self.heading.value = (f"<b>{esc(t('compare.picker.heading'))}</b> <span class='sr-muted'>"
                              f"{esc(t('compare.picker.range', min=MIN_SCENARIOS, max=MAX_SCENARIOS))}"
                              "</span>")
        self.upload.description = t("compare.picker.upload")
        self.file_hint.value = ("<div class='sr-muted'>" + esc(t(
            "compare.picker.file_hint", download=t("dashboard.download_yaml"))) + "</div>")

    def select(self, names: list[str]) -> list[str]:
        """Tick exactly ``names`` (in that order); returns notices for what was left out."""
        t = translator(self.lang)
        notices = []
        chosen: list[str] = []
        for name in names:
            if name not in self.available:
                notices.append(t("compare.picker.unknown", name=_short(str(name))))
            elif name not in chosen:
                chosen.append(name)
        if len(chosen) > MAX_SCENARIOS:
            notices.append(t("compare.picker.kept_first", max=MAX_SCENARIOS))
            chosen = chosen[:MAX_SCENARIOS]
        self.selected = chosen
        self._sync_checks()
        self.on_change()
        if notices:
            self.show_notice(notices)
        return notices

    def apply_query(self, query: str) -> list[str]:
        """Tick the shipped scenarios named in ``?scenarios=a,b``; returns notices.
        (``lang``, the page language, is the app's: a language the pages do not have
        gets a notice here.)"""
        t = translator(self.lang)
        notices, names = [], []
        for key, text in parse_qsl((query or "").lstrip("?"), keep_blank_values=True):
            if key.startswith("voila") or key == "token":
                continue
            if key == LANG_PARAMETER:
                if language_problem(text):
                    notices.append(translator(DEFAULT_LANGUAGE)(
                        "apps.language_unknown", text=_short(text),
                        languages=", ".join(LANGUAGES)))
                continue
            if key != "scenarios":
                notices.append(t("compare.picker.unknown_parameter", name=_short(key)))
                continue
            unknown = []
            for name in filter(None, (part.strip() for part in text.split(","))):
                if name in self.available and name not in self.uploaded:
                    names.append(name)
                else:
                    unknown.append(name)
            shown = ", ".join(f"'{_short(n)}'" for n in unknown[:3])
            more = (t("compare.picker.and_more", n=t.number(len(unknown) - 3))
                    if len(unknown) > 3 else "")
            if unknown:
                notices.append(t.plural("compare.picker.not_shipped", len(unknown), shown=shown,
                                        more=more, shipped=", ".join(shipped_scenarios())))
        if names:
            notices += self.select(names)
        if notices:
            self.show_notice(notices)
        return notices

    def show_notice(self, messages: list[str]) -> None:
        if not messages:
            self.notice.value = ""
            return
        items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
        self.notice.value = f'<div class="sr-warning" role="alert"><ul>{items}</ul></div>'

    # -- callbacks -----------------------------------------------------------
    @guarded
    def _on_check(self, change) -> None:
        if self._hold:
            return
        name = next(n for n, box in self.checks.items() if box is change.owner)
        if change.new is True and name not in self.selected:
            if len(self.selected) >= MAX_SCENARIOS:
                self.show_notice([translator(self.lang)("compare.picker.untick_first",
                                                        max=MAX_SCENARIOS)])
                self._sync_checks()
                return
            self.selected.append(name)
        elif change.new is False and name in self.selected:
            self.selected.remove(name)
        else:
            self._sync_checks()
            return
        self.show_notice([])
        self.on_change()

    @guarded
    def _on_upload(self, change) -> None:
        files = change.new
        if not files:
            return
        messages, added = self._load(files)
        self._hold = True
        try:
            self.upload.value = ()  # the same file can be added again after a fix
        finally:
            self._hold = False
        if added:
            self._rebuild_choices()
            room = MAX_SCENARIOS - len(self.selected)
            for name in added:
                if name not in self.selected and room > 0:
                    self.selected.append(name)
                    room -= 1
            if room < 0 or any(n not in self.selected for n in added):
                messages.append(translator(self.lang)("compare.picker.added_no_room",
                                                       max=MAX_SCENARIOS))
            self._sync_checks()
            self.on_change()
        self.show_notice(messages)

    # -- internals -----------------------------------------------------------
    def _load(self, files) -> tuple[list[str], list[str]]:
        """Add the uploaded ``files`` that are valid scenarios to :attr:`available`;
        returns the messages about the others and the names added."""
        t = translator(self.lang)
        messages, added = [], []
        for item in files:
            filename = str(item.get("name") or "scenario.yaml")
            content = bytes(item.get("content") or b"")
            if len(content) > MAX_BYTES:
                messages.append(t("compare.picker.too_large", file=filename,
                                  limit=t.number(MAX_BYTES)))
                continue
            try:
                scenario = parse_scenario(content, filename)
            except ScenarioError as exc:
                messages += [t("compare.picker.nothing_loaded", file=filename),
                             *exc.lines(self.lang)]
                continue
            name = f"{Path(filename).stem} (uploaded)"   # a name, not a label: stays English
            if name not in self.available and len(self.uploaded) >= MAX_UPLOADS:
                messages.append(t("compare.picker.too_many", file=filename, max=MAX_UPLOADS))
                continue
            if name not in self.available:
                self.uploaded.append(name)
            self.available[name] = scenario
            self.files[name] = Path(filename).name
            added.append(name)
        return messages, added

    def _rebuild_choices(self) -> None:
        for box in self.checks.values():
            box.unobserve(self._on_check, names="value")
        self.checks = {}
        for name, label in self.labels().items():
            scenario = self.available[name]
            box = w.Checkbox(value=name in self.selected, description=label, indent=False,
                             tooltip=scenario.description or label,
                             layout=w.Layout(width="100%"))
            box.add_class("sr-pick")
            box.add_class(f"sr-pick-{_css_name(name)}")
            box.observe(self._on_check, names="value")
            self.checks[name] = box
        self.choices.children = tuple(self.checks.values())

    def labels(self) -> dict[str, str]:
        """What each checkbox says, by name: the scenario's title, else its file name;
        uploaded ones end "(uploaded)" (in the page language). A title met before is told
        apart by the file name ("Pilot (b.yaml, uploaded)") or, for a shipped one, " (2)"."""
        t = translator(self.lang)
        out, seen = {}, {}
        for name, scenario in self.available.items():
            title = scenario.title or self.files.get(name) or name
            seen[title] = seen.get(title, 0) + 1
            again = seen[title] > 1
            if name in self.uploaded:
                filename = self.files.get(name, name)
                out[name] = (t("compare.picker.uploaded_file", title=title, file=filename)
                             if again and scenario.title
                             else t("compare.picker.uploaded", title=title))
            else:
                out[name] = f"{title} ({seen[title]})" if again else title
        return out

    def _sync_checks(self) -> None:
        self._hold = True
        try:
            for name, box in self.checks.items():
                box.value = name in self.selected
        finally:
            self._hold = False


class Downloads:
    """The take-away files of a comparison: ``download_button`` prepares an
    Excel workbook and a PDF report, ``downloads`` then shows their links;
    ``widget`` lays them out. :meth:`offer` a comparison (or None) first. Texts are in
    ``lang`` (:meth:`set_language`); the files' writers get it as ``lang`` when they
    take one (today the title only)."""

    def __init__(self, error: w.HTML, scale: Callable[[], str] = lambda: "money",
                 lang: str = DEFAULT_LANGUAGE):
        self.error = error
        self.scale = scale
        self.lang = lang
        self.comparison: Comparison | None = None
        self.fields = ReportFields(on_change=lambda: setattr(self.downloads, "value", ""),
                                   lang=lang)
        self.download_button = w.Button(icon="download", layout=w.Layout(width="auto"),
                                        disabled=True)
        self.download_button.add_class("sr-prepare")
        self.download_button.on_click(self._on_prepare)
        self.downloads = w.HTML()
        self.downloads.add_class("sr-downloads")
        self.notice = w.HTML()
        self.widget = w.VBox([
            self.fields.widget,
            w.HBox([self.download_button, self.downloads],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.notice])
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Texts in ``lang``; the boxes keep what was typed. Prepared links go (they are
        labelled, and the files titled, in the previous language)."""
        self.lang = lang
        self.fields.set_language(lang)
        self.download_button.description = translator(lang)("compare.downloads.prepare")
        self.downloads.value = ""
        self.notice.value = ""

    def offer(self, comparison: Comparison | None) -> None:
        """Offer files of ``comparison`` (None: nothing to take away); old links go."""
        self.comparison = comparison
        self.downloads.value = ""
        self.download_button.disabled = comparison is None

    @guarded
    def _on_prepare(self, _button) -> None:
        c = self.comparison
        if c is None:
            return
        t = translator(self.lang)
        client, author, problems = self.fields.values()
        if problems:
            self.notice.value = ('<div class="sr-warning" role="alert"><b>'
                                 + html.escape(t("compare.downloads.not_prepared")) + "</b><ul>"
                                 + "".join(f"<li>{html.escape(p)}</li>" for p in problems)
                                 + "</ul></div>")
            return
        self.notice.value = ""
        # Loaded when asked for: openpyxl and matplotlib's PDF backend (see dashboard).
        from ..reports.excel import comparison_workbook
        from ..reports.pdf import pdf_report
        title = t("compare.downloads.report_title")
        workbook = comparison_workbook(c, title=title, lang=self.lang)
        pdf = pdf_report(c, title=title, client=client, author=author,
                         title_page=True, scale=self.scale(), lang=self.lang)
        self.downloads.value = (
            download_link(workbook, "supportroi-comparison.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          t("compare.downloads.xlsx"))
            + download_link(pdf, "supportroi-comparison.pdf", "application/pdf",
                            t("compare.downloads.pdf")))


class ComparisonView:
    """A :class:`~supportroi.compare.Comparison` shown: headline figures side by
    side (``results``, ``notes``), the cumulative cash flows (``chart``), the
    assumptions that differ (``differences``) and the intangibles; ``details``
    holds them (hidden with fewer than two scenarios, when ``status`` says
    how many more to tick) and ``extra`` widgets below them. ``scale`` chooses
    the chart: cash flow on one money scale, ROI to date (%), or each scenario
    on its own scale (small multiples); the PDF uses the same choice. Texts are in
    ``lang`` (:meth:`set_language`)."""

    def __init__(self, extra: Iterable[w.Widget] = (), lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self.error = w.HTML()   # where a failed redraw says so (the app passes its own)
        self.status = w.HTML()
        self.status.add_class("sr-status")
        self.results = w.HTML()
        self.results.add_class("sr-compare-results")
        self.notes = w.HTML()
        self.notes.add_class("sr-compare-notes")
        self.figure = Figure(figsize=(8.8, 3.6), dpi=100, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self.scale = w.ToggleButtons(options=_scale_options(lang), value="money",
                                     style={"button_width": "170px"},
                                     tooltips=_scale_tooltips(lang))
        self.scale.add_class("sr-compare-scale")
        self.scale.observe(self._on_scale, names="value")
        self.comparison: Comparison | None = None
        self.chart = w.Image(value=BLANK_PNG, format="png",
                             layout=w.Layout(width="100%", max_width="880px", height="auto"))
        self.chart.add_class("sr-chart")
        self.chart.add_class("sr-wide-chart")
        # On a phone the chart keeps 600 px (its text legible) and scrolls sideways.
        self.chart_box = w.Box([self.chart], layout=w.Layout(width="100%"))
        self.chart_box.add_class("sr-swipe")
        self.differences = w.HTML()
        self.differences.add_class("sr-compare-differences")
        self.intangibles = w.HTML()
        self.results_heading = w.HTML()
        self.differences_heading = w.HTML()
        self._ticked: int | None = None   # the hint shown, for a new language
        self._relabeling = False
        self.details = w.VBox([
            self.results_heading, self.results, self.notes, self.scale, self.chart_box,
            self.differences_heading, self.differences, self.intangibles, *extra])
        self._label_static()

    def set_language(self, lang: str) -> None:
        """Every text in ``lang``: headings, the scale's buttons (the choice stays), the
        hint, and the comparison shown, its tables and chart."""
        self.lang = lang
        choice = self.scale.value
        self._relabeling = True   # new labels move the buttons' value: not a choice
        try:
            self.scale.options = _scale_options(lang)
            self.scale.tooltips = _scale_tooltips(lang)
            self.scale.value = choice
        finally:
            self._relabeling = False
        self._label_static()
        if self.comparison is not None:
            self.show(self.comparison)
        elif self._ticked is not None:
            self.show_hint(self._ticked)

    def _label_static(self) -> None:
        t, esc = translator(self.lang), html.escape
        self.results_heading.value = (f"<b>{esc(t('compare.results'))}</b> <span "
                                      f"class='sr-muted'>{esc(t('compare.results_note'))}</span>")
        self.differences_heading.value = (
            f"<b>{esc(t('compare.differences'))}</b> <span class='sr-muted'>"
            f"{esc(t('compare.differences_note'))}</span>")

    def show_hint(self, ticked: int) -> None:
        """Hide the details: with ``ticked`` scenarios there is nothing to compare yet."""
        self.details.layout.display = "none"
        self.comparison, self._ticked = None, ticked
        more = MIN_SCENARIOS - ticked
        self.status.value = ('<div class="sr-hint">' + html.escape(translator(self.lang).plural(
            "compare.hint", more, max=MAX_SCENARIOS)) + "</div>")

    def show(self, c: Comparison) -> None:
        """Show ``c`` (its texts in the view's language): figures first, then the chart
        and the differences."""
        c = c.in_language(self.lang)
        self.status.value = ""
        self.results.value = _results_html(c)          # first: the figures people read
        self.notes.value = _notes_html(c)
        self.details.layout.display = None
        self.comparison = c
        self.draw()
        self.differences.value = _differences_html(c)
        self.intangibles.value = _intangibles_html(c)

    def draw(self) -> None:
        """Draw the chart of the comparison shown on the scale chosen."""
        c = self.comparison
        if c is None:
            return
        scale = self.scale.value if self.scale.value in dict(COMPARE_SCALES) else "money"
        self.figure.clear()
        if scale == "each":
            n = len(c.names)
            cols = min(n, 3)
            rows = -(-n // cols)
            self.figure.set_size_inches(8.8, 2.6 * rows)
            comparison_panels(self.figure.subplots(rows, cols, squeeze=False), c,
                              lang=self.lang)
        else:
            self.figure.set_size_inches(8.8, 3.6)
            self.ax = self.figure.add_subplot()
            comparison_chart(self.ax, c, scale=scale, lang=self.lang)
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png")
        self.chart.value = buf.getvalue()

    @guarded
    def _on_scale(self, _change) -> None:
        if not self._relabeling:
            self.draw()


class CompareApp(App):
    """Two to five scenarios side by side. Build it, then :meth:`show` it.

    The pieces: ``picker`` (:class:`ScenarioPicker`), ``view``
    (:class:`ComparisonView`) and ``take_away`` (:class:`Downloads`); their
    widgets are offered here under the same names (``checks``, ``upload``,
    ``notice``, ``status``, ``results``, ``notes``, ``chart``,
    ``differences``, ``download_button``, ``downloads``), with ``selected``,
    ``available`` and ``comparison`` (None with fewer than two ticked).

    ``lang`` is the page language (en, ru, zh; ``?lang=`` in the URL);
    :meth:`set_language` changes it.
    """

    def __init__(self, selected: Iterable[str] = (), lang: str = DEFAULT_LANGUAGE):
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang = lang
        self.error = w.HTML()
        self.error.add_class("sr-error")
        self.comparison: Comparison | None = None
        self.language = LanguagePicker(lang, on_change=self.set_language)
        self.title = w.HTML()
        self.title.add_class("sr-title")
        self.take_away_heading = w.HTML()
        self.take_away = Downloads(self.error, scale=lambda: self.view.scale.value, lang=lang)
        self.view = ComparisonView(extra=[self.take_away_heading, self.take_away.widget],
                                   lang=lang)
        self.view.error = self.error
        self.picker = ScenarioPicker(self.error, on_change=self._update, lang=lang)
        for name in ("upload", "notice", "choices"):
            setattr(self, name, getattr(self.picker, name))
        for name in ("status", "results", "notes", "scale", "chart", "differences",
                     "intangibles", "details"):
            setattr(self, name, getattr(self.view, name))
        self.download_button = self.take_away.download_button
        self.downloads = self.take_away.downloads
        self.report_client = self.take_away.fields.client
        self.report_author = self.take_away.fields.author
        body = w.VBox([self.error, self.status, self.details],
                      layout=w.Layout(flex="3 1 560px", min_width="0"))
        self.widget = w.VBox([
            w.HTML(CSS + _STYLE),
            w.HBox([self.title, self.language.widget],
                   layout=w.Layout(justify_content="space-between", align_items="baseline",
                                   flex_flow="row wrap")),
            w.Box([self.picker.widget, body], layout=w.Layout(
                display="flex", flex_flow="row wrap", width="100%")),
        ])
        self.widget.add_class("sr-app")
        self.widget.add_class("sr-compare-app")
        self._label_static()
        self.select(list(selected))

    def set_language(self, lang: str) -> None:
        """Redraw every text of the page in ``lang``; the ticked scenarios, uploads, the
        chart's scale and the report fields stay as they are."""
        if language_problem(lang):
            raise ValueError(language_problem(lang))
        self.lang = lang
        self.language.set_language(lang)
        self._label_static()
        self.picker.set_language(lang)
        self.take_away.set_language(lang)
        self.view.set_language(lang)
        self.comparison = self.view.comparison if self.comparison is not None else None
        if self.comparison is not None:
            self.take_away.offer(self.comparison)

    def _label_static(self) -> None:
        t, esc = translator(self.lang), html.escape
        self.title.value = (f"<h1 class='sr-page-title' lang='{self.lang}'>"
                            f"{esc(t('compare.title'))}</h1><p class='sr-intro'>"
                            f"{esc(t('compare.intro'))}</p>")
        self.take_away_heading.value = f"<b>{esc(t('compare.take_away'))}</b>"

    # -- public --------------------------------------------------------------
    @property
    def available(self) -> dict[str, Scenario]:
        """Scenarios one can tick, by name: the shipped ones, then uploaded ones."""
        return self.picker.available

    @property
    def uploaded(self) -> list[str]:
        return self.picker.uploaded

    @property
    def selected(self) -> list[str]:
        """Ticked names, in the order they were ticked."""
        return self.picker.selected

    @property
    def checks(self) -> dict[str, w.Checkbox]:
        return self.picker.checks

    def apply_query(self, query: str) -> list[str]:
        """Apply URL parameters: the page language (``lang``) first, then tick the shipped
        scenarios named in ``?scenarios=a,b``; returns notices."""
        lang = query_language(query, default=self.lang)
        if lang != self.lang:
            self.set_language(lang)
        return self.picker.apply_query(query)

    def select(self, names: list[str]) -> list[str]:
        """Tick exactly ``names`` (in that order); returns notices for what was left out."""
        return self.picker.select(names)

    def show_notice(self, messages: list[str]) -> None:
        self.picker.show_notice(messages)

    def _update(self) -> None:
        self.downloads.value = ""   # links of the last comparison go first, whatever follows
        if len(self.selected) < MIN_SCENARIOS:
            self.comparison = None
            self.take_away.offer(None)
            self.view.show_hint(len(self.selected))
            return
        c = compare({name: self.available[name] for name in self.selected}, lang=self.lang)
        self.comparison = c
        self.error.value = ""
        self.take_away.offer(c)
        self.view.show(c)


def _scale_options(lang: str) -> list[tuple[str, str]]:
    """The chart's scales as buttons in ``lang``: (label, key)."""
    t = translator(lang)
    labels = {"money": t("compare.scale.money"), "roi": t("compare.scale.roi"),
              "each": t("compare.scale.each")}
    return [(labels[key], key) for key, _ in COMPARE_SCALES]


def _scale_tooltips(lang: str) -> list[str]:
    t = translator(lang)
    tips = {"money": t("compare.scale.money_tip"), "roi": t("compare.scale.roi_tip"),
            "each": t("compare.scale.each_tip")}
    return [tips[key] for key, _ in COMPARE_SCALES]


def _head(c: Comparison, first: str = "") -> str:
    cells = [f"<th>{html.escape(first)}</th>"]
    for i, name in enumerate(c.names):
        cells.append(f'<th data-scenario="{html.escape(name)}"><span class="sr-swatch" '
                     f'style="background:{COLOURS[i % len(COLOURS)]}"></span>'
                     f"{html.escape(c.titles[name])}</th>")
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _results_html(c: Comparison) -> str:
    rows = []
    for f in FIGURES:
        cells = "".join(f'<td class="sr-value" data-scenario="{html.escape(n)}">'
                        f"{html.escape(c.results_text.loc[f.key, n])}</td>" for n in c.names)
        rows.append(f'<tr class="sr-row-{f.key}"><td>{html.escape(figure_label(f, c.lang))}'
                    f"</td>{cells}</tr>")
    return (f'<table class="sr-table sr-compare" lang="{c.lang}">{_head(c)}<tbody>'
            f'{"".join(rows)}</tbody></table>')


def _notes_html(c: Comparison) -> str:
    if not c.notes:
        return ""
    items = "".join(f"<li>{html.escape(n)}</li>" for n in c.notes)
    return f'<div class="sr-warning"><ul>{items}</ul></div>'


def _differences_html(c: Comparison) -> str:
    t = translator(c.lang)
    if c.differences.empty:
        return f"<div class='sr-muted'>{html.escape(t('compare.no_differences'))}</div>"
    rows = []
    for key, row in c.differences.iterrows():
        unit = f" <span class='sr-muted'>({html.escape(row['unit'])})</span>" if row[
            "unit"] else ""
        cells = "".join(f"<td>{html.escape(row[n])}</td>" for n in c.names)
        rows.append(f'<tr data-assumption="{html.escape(key)}"><td>'
                    f"{html.escape(row['label'])}{unit}</td>{cells}</tr>")
    return (f'<table class="sr-table sr-compare" lang="{c.lang}">'
            f'{_head(c, t("compare.assumption"))}<tbody>{"".join(rows)}</tbody></table>')


def _intangibles_html(c: Comparison) -> str:
    if not any(c.evaluations[n].intangibles for n in c.names):
        return ""
    t, esc = translator(c.lang), html.escape
    cells = []
    for n in c.names:
        items = c.evaluations[n].intangibles
        inner = ("<ul style='margin:0;padding-left:16px'>"
                 + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
                 if items else f"<span class='sr-muted'>{esc(t('compare.none_listed'))}</span>")
        cells.append(f"<td style='white-space:normal;text-align:left;vertical-align:top'>"
                     f"{inner}</td>")
    return (f"<b>{esc(t('compare.intangibles'))}</b> <span class='sr-muted'>"
            f"{esc(t('compare.intangibles_note'))}</span>"
            f'<table class="sr-table sr-compare">{_head(c)}<tbody><tr><td></td>'
            f"{''.join(cells)}</tr></tbody></table>")
