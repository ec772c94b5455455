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
own box under a "swipe sideways" hint (:func:`scroll_hint`), buttons that wrap.
"""

from __future__ import annotations

import html
import itertools

import ipywidgets as w

from ..i18n import DEFAULT_LANGUAGE, translator

__all__ = ["HELP_SCRIPT", "PHONE_CSS", "HelpTip", "scroll_hint"]

_IDS = itertools.count(1)

#: Page script of the ⓘ buttons: a tap, click or Enter/Space on one shows or hides its
#: help text (the element its ``aria-controls`` names) and updates ``aria-expanded``.
#: One listener for the whole page, so buttons drawn later work too.
HELP_SCRIPT = """<script>
(function () {
  if (window.srHelpTips) return;
  window.srHelpTips = true;
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
.sr-scroll-hint { display: none; color: #56606b; font-size: 0.8em; margin: 2px 0; }
@media (max-width: 700px) {
  .sr-app, .sr-app .widget-box, .sr-app .widget-html, .sr-app .widget-html-content {
    max-width: 100% !important; min-width: 0 !important; box-sizing: border-box; }
  .sr-app .widget-hbox, .sr-app .widget-box.widget-hbox { flex-wrap: wrap !important; }
  .sr-app .widget-button, .sr-app .widget-upload, .sr-app .jupyter-button {
    max-width: 100% !important; white-space: normal !important; height: auto !important;
    min-height: var(--jp-widgets-inline-height); }
  .sr-app .widget-dropdown, .sr-app .widget-text, .sr-app .widget-select,
  .sr-app .widget-toggle-buttons, .sr-app .widget-radio, .sr-app .widget-inline-hbox {
    max-width: 100% !important; }
  .sr-app .widget-toggle-buttons .widget-toggle-button { max-width: 100%; }
  .sr-app .widget-toggle-buttons { flex-wrap: wrap !important; height: auto !important; }
  .sr-app .widget-image, .sr-app img { max-width: 100% !important; height: auto !important; }
  .sr-app .widget-html-content { overflow-x: auto; }
  .sr-app .sr-scroll-hint { display: block; }
  .sr-app .sr-download { display: inline-block; margin: 4px 12px 4px 0; }
  .sr-app .widget-html-content, .sr-app .widget-html-content * { overflow-wrap: anywhere; }
  .sr-app table.sr-table, .sr-app table.sr-table * { overflow-wrap: normal; }
}
</style>"""


def scroll_hint(lang: str = DEFAULT_LANGUAGE) -> str:
    """The "swipe sideways for more" line shown above a wide table on a narrow screen
    (hidden on a wide one by :data:`PHONE_CSS`)."""
    return (f'<div class="sr-scroll-hint" aria-hidden="true">'
            f'{html.escape(translator(lang)("touch.swipe"))}</div>')


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
        e = html.escape
        self.button.value = (
            f'<button type="button" class="sr-help-toggle" aria-expanded="false" '
            f'aria-controls="{self.id}" aria-label="{e(t("touch.help_for", label=label))}" '
            f'title="{e(t("touch.help_title"))}">\u24d8</button>')
        parts = [help_, t("touch.valid", valid=valid) if valid else "",
                 t("touch.source", source=source) if source else ""]
        body = "".join(f"<p>{e(p)}</p>" for p in parts if p)
        self.text.value = (f'<div id="{self.id}" class="sr-help-text" role="note" '
                           f'hidden>{body}</div>')
