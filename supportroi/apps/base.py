"""What every app shares: styles, the base class, error handling, downloads.

Nothing here knows about the model: an app builds its own widgets and puts
``w.HTML(CSS)`` in its layout, derives from :class:`App`, wraps its widget
callbacks in :func:`guarded` and offers files with :func:`download_link`.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import re

import ipywidgets as w
from IPython.display import display

__all__ = ["App", "CSS", "download_link", "guarded", "read_query_string"]

log = logging.getLogger(__name__)

#: Styles shared by the apps (cards, notices, tables); put ``w.HTML(CSS)`` in the layout.
CSS = """
<style>
.sr-app { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sr-app h2 { margin: 0.2em 0; font-size: 1.35em; }
.sr-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px 0; }
.sr-card { flex: 1 1 120px; border: 1px solid #d5dbe3; border-radius: 6px; padding: 6px 10px;
           background: #f8fafc; min-width: 110px; }
.sr-card .sr-label { font-size: 0.78em; color: #56606b; text-transform: uppercase; }
.sr-card .sr-value { font-size: 1.35em; font-weight: 600; color: #1f2d3d; }
.sr-card .sr-value.sr-bad { color: #b03a2e; }
.sr-card .sr-value.sr-good { color: #1e8449; }
.sr-card .sr-value.sr-undefined { font-size: 0.95em; font-weight: 500; }
.sr-warning { background: #fff4e5; border-left: 4px solid #e67e22; padding: 4px 10px; }
.sr-warning ul { margin: 2px 0; padding-left: 18px; }
.sr-error-box { background: #fdecea; border-left: 4px solid #c0392b; padding: 4px 10px; }
table.sr-table { border-collapse: collapse; font-size: 0.85em; width: 100%; }
table.sr-table td, table.sr-table th { padding: 2px 6px; text-align: right;
                                       border-bottom: 1px solid #eceff3; white-space: nowrap; }
table.sr-table td:first-child, table.sr-table th:first-child { text-align: left; }
table.sr-table tr.sr-total td { font-weight: 600; border-top: 1px solid #9aa5b1; }
.sr-explain pre { white-space: pre-wrap; font-size: 0.85em; margin: 2px 0 8px 0; }
.sr-muted { color: #56606b; font-size: 0.85em; }
.sr-app .widget-html-content { line-height: 1.4; }
.sr-app a { color: #1a5fb4; text-decoration: underline; }
/* Wide tables scroll sideways with their first column kept in view. */
.sr-yearly .widget-html-content, .sr-scroll .widget-html-content { overflow-x: auto; }
table.sr-table td:first-child, table.sr-table th:first-child {
  position: sticky; left: 0; background: #fff; z-index: 1; }
/* Labels wrap instead of being cut off ("Phone handle time (AHT) (…"). */
.sr-input { height: auto !important; min-height: var(--jp-widgets-inline-height); }
.sr-input > .widget-label { white-space: normal !important; overflow: visible !important;
                            text-overflow: clip !important; line-height: 1.2;
                            height: auto !important; align-self: center; }
/* Phone width: each label above its control. */
@media (max-width: 640px) {
  .sr-input { flex-wrap: wrap !important; }
  .sr-input > .widget-label { width: 100% !important; max-width: 100% !important;
                              text-align: left !important; margin-bottom: 2px; }
}
</style>
"""

def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An HTML link that downloads ``data`` from a data: URI (no server round trip)."""
    b64 = base64.b64encode(data).decode("ascii")
    safe_name = re.sub(r"[^\w.-]", "_", filename)
    return (f'<a download="{safe_name}" href="data:{mime};base64,{b64}" '
            f'class="sr-download" style="margin-right:12px">{html.escape(label)}</a>')


class App:
    """Base of the Voilà apps. ``widget`` is the app's layout; :meth:`show`
    applies the page's URL parameters, then displays it."""

    widget: w.Widget

    def show(self, query: str | None = None) -> None:
        """Apply the page's URL parameters (under Voilà) and display the app."""
        self.apply_query(read_query_string() if query is None else query)
        display(self.widget)

    def _ipython_display_(self):
        display(self.widget)

    def apply_query(self, query: str) -> list[str]:
        """Apply URL parameters (those of the scenario controls, if the app has
        them); returns notices."""
        controls = getattr(self, "controls", None)
        return controls.apply_query(query) if controls is not None and query else []


def guarded(method):
    """Run a widget callback; on an error show a short message in ``self.error``
    (an HTML widget) instead of a traceback, and log the details."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
            log.exception("callback %s failed", method.__qualname__)
            self.error.value = (
                '<div class="sr-error-box" role="alert">Something went wrong while updating '
                f"({html.escape(type(exc).__name__)}: {html.escape(str(exc)[:200])}). "
                "The last valid results are shown; change a value or reset to continue.</div>")
    return wrapper


def read_query_string() -> str:
    """The page's query string under Voilà (also with preheated kernels); "" elsewhere."""
    try:
        from voila.utils import get_query_string
    except ImportError:  # pragma: no cover - voila is an app dependency
        return ""
    return get_query_string() or ""
