"""Help on tap and the phone layout shared by the apps.

A tooltip shows only under a mouse pointer: on a phone or tablet an input's help
(what it means, the valid range, the source) was out of reach. :class:`HelpTip` puts
an ⓘ button beside an input's label that shows and hides that help when tapped,
clicked or pressed with Enter/Space; the tooltip stays for mouse users. The button
is a real ``<button>`` with an ``aria-label`` and ``aria-expanded``; the page script
:data:`HELP_SCRIPT` opens and closes the text in the browser, with no round trip to
the server.

:data:`PHONE_CSS` is the layout below 700 px every app adds to its page: nothing
wider than the screen, charts scaled to the width, tables that scroll inside their
own box under a "swipe sideways" hint (added by :data:`HELP_SCRIPT` when a table is
wider than its box), buttons that wrap.
"""

from __future__ import annotations

import html
import itertools
import json

import ipywidgets as w

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, translator

__all__ = ["HELP_SCRIPT", "PHONE_CSS", "HelpTip"]

_IDS = itertools.count(1)

#: Page script of the ⓘ buttons and the table hints. A tap, click or Enter/Space on an
#: ⓘ shows or hides its help text (the element its ``aria-controls`` names) and updates
#: ``aria-expanded``. A table, or a chart in a ``sr-swipe`` box, wider than its box gets a "swipe sideways" line above it (in
#: the language of the table's ``lang``, else the page's), removed once it fits. One
#: listener for the whole page, so what is drawn later works too; no server round trip.
_SCRIPT = """<script>
(function () {
  if (window.srHelpTips) return;
  window.srHelpTips = true;
  var swipe = %(swipe)s;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".sr-help-toggle");
    if (!button) return;
    var text = document.getElementById(button.getAttribute("aria-controls"));
    if (!text) return;
    event.preventDefault();
    event.stopPropagation();
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    text.hidden = !open;
  }, true);
  function language(el) {
    var owner = el.querySelector("[lang]") || el.closest("[lang]");
    var lang = (owner && owner.getAttribute("lang")) || document.documentElement.lang || "en";
    return swipe[lang.slice(0, 2)] || swipe.en;
  }
  function hints() {
    var boxes = document.querySelectorAll(
      ".sr-app .sr-scroll, .sr-app .sr-swipe, .sr-app .widget-html-content");
    boxes.forEach(function (box) {
      if (box.classList.contains("widget-html-content") && (!box.querySelector("table")
          || box.querySelector(".sr-scroll"))) return;
      var hint = box.previousElementSibling;
      if (!(hint && hint.classList.contains("sr-scroll-hint"))) hint = null;
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !hint) {
        hint = document.createElement("div");
        hint.className = "sr-scroll-hint";
        box.parentNode.insertBefore(hint, box);
      }
      if (hint) {
        hint.hidden = !wide;
        var text = language(box);
        if (hint.textContent !== text) hint.textContent = text;
      }
    });
  }
  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    setTimeout(function () { queued = false; hints(); }, 200);
  }
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true,
                                                      characterData: true});
  window.addEventListener("resize", later);
  setInterval(hints, 1000);  // a box can grow without a change to the page (an image loads)
  later();
})();
</script>"""

#: Styles of the ⓘ buttons and of every app's page below 700 px wide.
PHONE_CSS = """<style>
.sr-help-button { flex: 0 0 auto; margin: 0 2px 0 0; }
.sr-help-toggle { width: 1.9em; height: 1.9em; min-width: 28px; min-height: 28px; padding: 0;
                  border: 1px solid #9aa5b1; border-radius: 50%; background: #fff;
                  color: #1a5fb4; font-size: 0.95em; line-height: 1; cursor: pointer; }
.sr-help-toggle:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 1px; }
.sr-help-toggle[aria-expanded="true"] { background: #1a5fb4; color: #fff; }
.sr-help-row .sr-input > .widget-label { text-align: left !important; }
.sr-help-text { margin: 2px 0 6px 2.2em; padding: 4px 8px; font-size: 0.85em; line-height: 1.35;
                background: #f3f6fa; border-left: 3px solid #1a5fb4; white-space: normal; }
.sr-help-text p { margin: 0 0 2px 0; }
.sr-scroll-hint { color: #56606b; font-size: 0.8em; margin: 2px 0; }
.sr-scroll-hint[hidden] { display: none; }
.sr-app .widget-html:has(> .sr-scroll-hint) { flex-wrap: wrap; }
.sr-app .widget-html > .sr-scroll-hint { flex: 0 0 100%; }
.sr-sticky { display: none; }
@media (max-width: 700px) {
  /* a bar with the app's headline figures stays at the top while the inputs scroll */
  .sr-sticky { display: block; position: sticky; top: 0; z-index: 20; }
  .sr-app, .jp-OutputArea:has(.sr-sticky), .jp-OutputArea-child:has(.sr-sticky),
  .jp-OutputArea-output:has(.sr-sticky) { overflow: visible !important; }
  .sr-sticky-bar { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 6px 10px;
                   background: #1f2d3d; color: #fff; font-size: 0.95em;
                   box-shadow: 0 2px 4px rgba(0, 0, 0, 0.25); }
  .sr-sticky-bar b { font-weight: 700; }
  .sr-app, .sr-app .widget-box, .sr-app .widget-html, .sr-app .widget-html-content {
    max-width: 100% !important; min-width: 0 !important; box-sizing: border-box; }
  .sr-app .widget-button, .sr-app .widget-upload, .sr-app .jupyter-button {
    max-width: 100% !important; white-space: normal !important; height: auto !important;
    min-height: var(--jp-widgets-inline-height); }
  .sr-app .widget-dropdown, .sr-app .widget-text, .sr-app .widget-select,
  .sr-app .widget-toggle-buttons, .sr-app .widget-radio, .sr-app .widget-inline-hbox {
    max-width: 100% !important; }
  .sr-app .widget-toggle-buttons .widget-toggle-button { max-width: 100%; }
  .sr-app .widget-toggle-buttons { flex-wrap: wrap !important; height: auto !important; }
  .sr-app .widget-image, .sr-app img { max-width: 100% !important; height: auto !important; }
  /* a wide chart keeps ~2/3 of its natural size and scrolls sideways in its own box */
  .sr-app .sr-swipe { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
  .sr-app .sr-swipe > .sr-wide-chart { max-width: none !important; min-width: 600px; }
  .sr-app .widget-html-content { overflow-x: auto; }
  .sr-app .sr-download { display: inline-block; margin: 4px 12px 4px 0; }
  .sr-app .widget-html-content, .sr-app .widget-html-content * { overflow-wrap: anywhere; }
  .sr-app table.sr-table, .sr-app table.sr-table * { overflow-wrap: normal; }
}
</style>"""


#: :data:`_SCRIPT` with the hint in every language (from the catalogs).
HELP_SCRIPT = _SCRIPT % {"swipe": json.dumps(
    {lang: translator(lang)("touch.swipe") for lang in LANGUAGES}, ensure_ascii=False)}


class HelpTip:
    """An ⓘ button (``button``, put it beside the label) and the help text it shows
    and hides (``text``, put it under the input). :meth:`set` writes both in a
    language; the text starts hidden."""

    def __init__(self, key: str, label: str = "", help_: str = "", valid: str = "",
                 source: str = "", lang: str = DEFAULT_LANGUAGE):
        self.id = f"sr-help-{key}-{next(_IDS)}"
        self.button = w.HTML(layout=w.Layout(width="auto", flex="0 0 auto"))
        self.button.add_class("sr-help-button")
        self.button.add_class(f"sr-help-button-{key}")
        self.text = w.HTML(layout=w.Layout(width="100%"))
        self.text.add_class("sr-help")
        self.text.add_class(f"sr-help-{key}")
        self.set(label, help_, valid, source, lang)

    def set(self, label: str, help_: str, valid: str, source: str,
            lang: str = DEFAULT_LANGUAGE) -> None:
        """Show the help of ``label`` in ``lang`` (hidden until the button is pressed)."""
        t = translator(lang)
        self.show(label, [help_, t("touch.valid", valid=valid) if valid else "",
                          t("touch.source", source=source) if source else ""], lang)

    def show(self, label: str, lines, lang: str = DEFAULT_LANGUAGE) -> None:
        """Show ``lines`` (plain text; empty ones left out) as the help of ``label``."""
        t = translator(lang)
        e = html.escape
        self.button.value = (
            f'<button type="button" class="sr-help-toggle" aria-expanded="false" '
            f'aria-controls="{self.id}" aria-label="{e(t("touch.help_for", label=label))}" '
            f'title="{e(t("touch.help_title"))}">\u24d8</button>')
        body = "".join(f"<p>{e(line)}</p>" for line in lines if line)
        self.text.value = (f'<div id="{self.id}" class="sr-help-text" role="note" '
                           f'hidden>{body}</div>')

    def wrap(self, row: w.Widget, stretch: bool = True) -> w.VBox:
        """``row`` (an input, or a line of inputs and buttons) with this ⓘ before it and,
        under it, the help text the ⓘ shows and hides: the box to lay out in its place.
        ``stretch``: ``row`` takes the width left beside the ⓘ (its own width otherwise)."""
        if stretch:
            row.layout.width = "auto"
            row.layout.flex = "1 1 0%"
            row.layout.min_width = "0"
        line = w.HBox([self.button, row], layout=w.Layout(width="98%", align_items="center"))
        box = w.VBox([line, self.text], layout=w.Layout(width="100%"))
        box.add_class("sr-help-row")
        return box
