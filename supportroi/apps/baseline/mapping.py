"""Section 1 of the baseline app: the file's first rows and the column used for each field."""

from __future__ import annotations

import html

import ipywidgets as w

from ...baseline import CHANNELS, FIELDS, REQUIRED
from ...i18n import DEFAULT_LANGUAGE, translator
from .common import NONE, ROW, cell, channel_label, field_label, relabel

__all__ = ["MappingPanel"]

#: What each field holds, for the dropdown's tooltip.
_MEANINGS = {"ticket_id": "baseline.meanings.ticket_id", "created": "baseline.meanings.created",
             "resolved": "baseline.meanings.resolved", "channel": "baseline.meanings.channel",
             "handle_time": "baseline.meanings.handle_time",
             "reopens": "baseline.meanings.reopens", "csat": "baseline.meanings.csat",
             "nps": "baseline.meanings.nps", "ces": "baseline.meanings.ces",
             "agent": "baseline.meanings.agent", "customer": "baseline.meanings.customer",
             "created_time": "baseline.meanings.created_time",
             "wait_time": "baseline.meanings.wait_time", "outcome": "baseline.meanings.outcome",
             "fcr_flag": "baseline.meanings.fcr_flag",
             "first_response": "baseline.meanings.first_response",
             "talk_time": "baseline.meanings.talk_time",
             "hold_time": "baseline.meanings.hold_time",
             "wrap_time": "baseline.meanings.wrap_time"}


class MappingPanel:
    """The preview of the file and one dropdown per canonical field.

    It holds no file: :meth:`set_columns` gives it a file's columns,
    :meth:`show_mapping` what was applied, :meth:`render_preview` the rows.
    ``applied`` and ``applied_default`` are the mapping the shown results use;
    :meth:`changed` says whether the dropdowns differ from it. :meth:`set_language`
    says every text in another language, keeping every choice.
    """

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang
        self.applied: dict[str, str] = {}
        self.applied_default: str | None = None
        self._hold = False
        self._columns: list[str] = []
        self._shown = None  # (name, columns, head) of the preview shown
        self.preview = w.HTML()
        self.preview.add_class("sr-preview")
        self.mapping: dict[str, w.Dropdown] = {}
        for f in FIELDS:
            dd = w.Dropdown(options=[("", NONE)], value=NONE,
                            layout=w.Layout(width="305px", max_width="100%"),
                            style={"description_width": "110px"})
            dd.add_class(f"sr-map-{f}")
            dd.observe(self._on_edit, names="value")
            self.mapping[f] = dd
        self.default_channel = w.Dropdown(
            options=[("", NONE)] + [(c, c) for c in CHANNELS], value=NONE,
            layout=w.Layout(width="305px", max_width="100%"),
            style={"description_width": "110px"})
        self.default_channel.add_class("sr-default-channel")
        self.default_channel.observe(self._on_edit, names="value")
        self.apply_button = w.Button(icon="check", layout=w.Layout(width="auto"))
        self.apply_button.add_class("sr-apply")
        self.hint = w.HTML()
        self.hint.add_class("sr-mapping-hint")
        self.extra = w.VBox([], layout=w.Layout(width="100%"))  # reading options go here
        self.intro = w.HTML()
        self.columns_intro = w.HTML()
        self.heading = w.HTML()
        self.panel = w.Accordion(children=[w.VBox([
            self.intro,
            self.preview,
            self.extra,
            self.columns_intro,
            w.Box(list(self.mapping.values()) + [self.default_channel],
                  layout=w.Layout(**ROW, grid_gap="2px 10px")),
            w.Box([self.apply_button, self.hint], layout=w.Layout(**ROW, grid_gap="4px 12px")),
        ])], titles=("",), selected_index=None, layout=w.Layout(width="100%"))
        self.panel.add_class("sr-file-panel")
        self.box = w.VBox([self.heading, self.panel],
                          layout=w.Layout(display="none", width="100%"))
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Every label, option and hint in ``lang``; the choices stay."""
        self.lang = lang
        t = translator(lang)
        self._hold = True
        try:
            for f, dd in self.mapping.items():
                dd.description = field_label(f, lang) + (" *" if f in REQUIRED else "")
                dd.tooltip = t(_MEANINGS[f])
                relabel(dd, [(t("baseline.mapping.none"), NONE)]
                        + [(c, c) for c in self._columns])
            self.default_channel.description = t("baseline.mapping.default_channel")
            self.default_channel.tooltip = t("baseline.mapping.default_channel_tooltip")
            relabel(self.default_channel, [(t("baseline.mapping.use_channel"), NONE)]
                    + [(channel_label(c, lang), c) for c in CHANNELS])
        finally:
            self._hold = False
        self.apply_button.description = t("baseline.mapping.apply")
        self.apply_button.tooltip = t("baseline.mapping.apply_tooltip")
        self.intro.value = f"<div class='sr-muted'>{html.escape(t('baseline.mapping.intro'))}</div>"
        self.columns_intro.value = (f"<div class='sr-muted' style='margin-top:6px'>"
                                    f"{html.escape(t('baseline.mapping.columns_intro'))}</div>")
        self.heading.value = f"<h3>{html.escape(t('baseline.mapping.heading'))}</h3>"
        if self._shown is not None:
            self.render_preview(*self._shown)
        else:
            self.panel.titles = (t("baseline.mapping.title"),)
        self.refresh_hint()

    # -- state ------------------------------------------------------------------
    def set_columns(self, columns: list[str]) -> None:
        """A new file: every dropdown offers its columns and starts at (none)."""
        self._columns = list(columns)
        options = [(translator(self.lang)("baseline.mapping.none"), NONE)] + [
            (c, c) for c in columns]
        self._hold = True
        try:
            for dd in self.mapping.values():
                dd.options = options
                dd.value = NONE
            self.default_channel.value = NONE
        finally:
            self._hold = False
        self.applied = {}

    def show_mapping(self, mapping: dict) -> None:
        """Set the dropdowns to ``mapping`` ({field: column}); unknown columns are (none)."""
        self._hold = True
        try:
            for f, dd in self.mapping.items():
                col = mapping.get(f, NONE)
                dd.value = col if col in dict(dd.options).values() else NONE
        finally:
            self._hold = False

    def chosen(self) -> dict:
        """{field: column or None} as the dropdowns show it."""
        return {f: (dd.value or None) for f, dd in self.mapping.items()}

    def changed(self) -> bool:
        applied = {f: self.applied.get(f) for f in FIELDS}
        return (self.chosen() != applied
                or (self.default_channel.value or None) != self.applied_default)

    def _on_edit(self, _change) -> None:
        if not self._hold:
            self.refresh_hint()

    def refresh_hint(self) -> None:
        """Highlight *Apply* when the dropdowns differ from what is applied; point out a
        column chosen for two fields."""
        changed = self.changed()
        self.apply_button.button_style = "primary" if changed else ""
        t = translator(self.lang)
        used: dict[str, list[str]] = {}
        for f, col in self.chosen().items():
            if col:
                used.setdefault(col, []).append(field_label(f, self.lang))
        twice = [t("baseline.mapping.used_twice", column=c,
                   fields=t("baseline.words.and").join(fs))
                 for c, fs in used.items() if len(fs) > 1]
        hint = changed_hint(self.lang) if changed else ""
        if twice:
            hint += (" <span class='sr-muted'>(" + html.escape(t("baseline.words.semicolon")
                                                              .join(twice)) + ")</span>")
        self.hint.value = hint

    # -- rendering --------------------------------------------------------------
    def render_preview(self, name: str, columns: list[str], head) -> None:
        self._shown = (name, columns, head)
        t = translator(self.lang)
        by_column = {c: f for f, c in self.applied.items()}
        cells = [f"<th>{html.escape(t('baseline.mapping.row'))}</th>"]
        for c in columns:
            f = by_column.get(c)
            under = (f"<br><span class='sr-muted'>→ {html.escape(field_label(f, self.lang))}"
                     "</span>" if f in FIELDS else
                     f"<br><span class='sr-muted'>{html.escape(t('baseline.mapping.not_used'))}"
                     "</span>")
            cells.append(f"<th>{cell(c, 40)}{under}</th>")
        rows = []
        for row, values in zip(head.index, head.itertuples(index=False)):
            rows.append(f"<tr><td>{int(row)}</td>"
                        + "".join(f"<td>{cell(v, 40)}</td>" for v in values) + "</tr>")
        found = sum(1 for f, c in self.applied.items() if c and f in FIELDS)
        self.panel.titles = (t.plural("baseline.mapping.found", len(columns), name=name,
                                      found=found, fields=len(FIELDS)),)
        self.preview.value = (f"<div class='sr-scroll'><table class='sr-table'><thead><tr>"
                              f"{''.join(cells)}</tr></thead><tbody>{''.join(rows)}</tbody>"
                              f"</table></div>")


def changed_hint(lang: str) -> str:
    """"Changed: press Apply mapping…" (HTML)."""
    t = translator(lang)
    return t("baseline.mapping.changed", button=f"<b>{html.escape(t('baseline.mapping.apply'))}</b>")
