"""Section 1 of the baseline app: the file's first rows and the column used for each field."""

from __future__ import annotations

import html

import ipywidgets as w

from ...baseline import CHANNELS, FIELDS, REQUIRED
from ..baseline_charts import CHANNEL_LABELS
from .common import FIELD_LABELS, NONE, ROW, cell, plain

__all__ = ["MappingPanel"]


class MappingPanel:
    """The preview of the file and one dropdown per canonical field.

    It holds no file: :meth:`set_columns` gives it a file's columns,
    :meth:`show_mapping` what was applied, :meth:`render_preview` the rows.
    ``applied`` and ``applied_default`` are the mapping the shown results use;
    :meth:`changed` says whether the dropdowns differ from it.
    """

    def __init__(self):
        self.applied: dict[str, str] = {}
        self.applied_default: str | None = None
        self._hold = False
        self.preview = w.HTML()
        self.preview.add_class("sr-preview")
        self.mapping: dict[str, w.Dropdown] = {}
        for f, meaning in FIELDS.items():
            label = FIELD_LABELS[f] + (" *" if f in REQUIRED else "")
            dd = w.Dropdown(options=[("(none)", NONE)], value=NONE, description=label,
                            tooltip=plain(meaning), layout=w.Layout(width="305px", max_width="100%"),
                            style={"description_width": "110px"})
            dd.add_class(f"sr-map-{f}")
            dd.observe(self._on_edit, names="value")
            self.mapping[f] = dd
        self.default_channel = w.Dropdown(
            options=[("(none: use Channel)", NONE)] + [(CHANNEL_LABELS[c], c) for c in CHANNELS],
            value=NONE, description="Default channel",
            tooltip="The channel of every row when Channel is (none): Phone for a call log.",
            layout=w.Layout(width="305px", max_width="100%"),
            style={"description_width": "110px"})
        self.default_channel.add_class("sr-default-channel")
        self.default_channel.observe(self._on_edit, names="value")
        self.apply_button = w.Button(description="Apply mapping", icon="check",
                                     tooltip="Read the file again with these columns",
                                     layout=w.Layout(width="auto"))
        self.apply_button.add_class("sr-apply")
        self.hint = w.HTML()
        self.hint.add_class("sr-mapping-hint")
        self.extra = w.VBox([], layout=w.Layout(width="100%"))  # reading options go here
        self.panel = w.Accordion(children=[w.VBox([
            w.HTML("<div class='sr-muted'>The file's first rows as read; the arrow under a "
                   "column name is the field it gives.</div>"),
            self.preview,
            self.extra,
            w.HTML("<div class='sr-muted' style='margin-top:6px'>Column used for each field "
                   "(detected from the names and values; * is required). Change any, then "
                   "apply.</div>"),
            w.Box(list(self.mapping.values()) + [self.default_channel],
                  layout=w.Layout(**ROW, grid_gap="2px 10px")),
            w.Box([self.apply_button, self.hint], layout=w.Layout(**ROW, grid_gap="4px 12px")),
        ])], titles=("1. Your file",), selected_index=None, layout=w.Layout(width="100%"))
        self.panel.add_class("sr-file-panel")
        self.box = w.VBox([w.HTML("<h3>1. Your file and its columns</h3>"), self.panel],
                          layout=w.Layout(display="none", width="100%"))

    # -- state ------------------------------------------------------------------
    def set_columns(self, columns: list[str]) -> None:
        """A new file: every dropdown offers its columns and starts at (none)."""
        options = [("(none)", NONE)] + [(c, c) for c in columns]
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
        used: dict[str, list[str]] = {}
        for f, col in self.chosen().items():
            if col:
                used.setdefault(col, []).append(FIELD_LABELS[f])
        twice = [f"{c!r} is used for {' and '.join(fs)}" for c, fs in used.items() if len(fs) > 1]
        hint = "Changed: press <b>Apply mapping</b> to read the file with it." if changed else ""
        if twice:
            hint += " <span class='sr-muted'>(" + html.escape("; ".join(twice)) + ")</span>"
        self.hint.value = hint

    # -- rendering --------------------------------------------------------------
    def render_preview(self, name: str, columns: list[str], head) -> None:
        by_column = {c: f for f, c in self.applied.items()}
        cells = ["<th>row</th>"]
        for c in columns:
            f = by_column.get(c)
            under = (f"<br><span class='sr-muted'>→ {html.escape(FIELD_LABELS[f])}</span>"
                     if f in FIELD_LABELS else "<br><span class='sr-muted'>(not used)</span>")
            cells.append(f"<th>{cell(c, 40)}{under}</th>")
        rows = []
        for row, values in zip(head.index, head.itertuples(index=False)):
            rows.append(f"<tr><td>{int(row)}</td>"
                        + "".join(f"<td>{cell(v, 40)}</td>" for v in values) + "</tr>")
        found = sum(1 for f, c in self.applied.items() if c and f in FIELDS)
        self.panel.titles = (f"{name}: {len(columns)} columns, {found} of {len(FIELDS)} "
                             "fields found. Check or change the mapping",)
        self.preview.value = (f"<div class='sr-scroll'><table class='sr-table'><thead><tr>"
                              f"{''.join(cells)}</tr></thead><tbody>{''.join(rows)}</tbody>"
                              f"</table></div>")
