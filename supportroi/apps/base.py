"""What every app shares: styles, the base class, error handling, downloads.

Nothing here knows about the model: an app builds its own widgets and puts
``w.HTML(CSS)`` in its layout, derives from :class:`App`, wraps its widget
callbacks in :func:`guarded` and offers files with :func:`download_link`.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import logging
import math
import numbers
import os
import re
from collections.abc import Callable, Iterable, Mapping

import ipywidgets as w
from IPython.display import HTML, display

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from .touch import HELP_SCRIPT, PHONE_CSS

__all__ = ["App", "CSS", "MESSAGE_LIMIT_BYTES", "PAGE_SCRIPT_TEXTS", "accept_from_client",
           "download_link", "guard_choice", "guarded", "harden", "page_script",
           "page_script_texts", "read_query_string"]

log = logging.getLogger(__name__)

#: Largest websocket message the server accepts (``websocket_max_message_size`` in
#: voila_config/voila.py): a larger upload would drop the page's connection, so the page
#: refuses to send it and says so (:data:`PAGE_SCRIPT`).
MESSAGE_LIMIT_BYTES = 100 * 1024 * 1024

#: Styles shared by the apps (cards, notices, tables, the ⓘ help buttons and the phone
#: layout of :mod:`.touch`); put ``w.HTML(CSS)`` in the layout.
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
""" + PHONE_CSS

def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """An HTML link that downloads ``data`` from a data: URI (no server round trip)."""
    b64 = base64.b64encode(data).decode("ascii")
    safe_name = re.sub(r"[^\w.-]", "_", filename)
    return (f'<a download="{safe_name}" href="data:{mime};base64,{b64}" '
            f'class="sr-download" style="margin-right:12px">{html.escape(label)}</a>')


#: Page script: a message larger than the server's websocket limit would close the page's
#: connection without a word ("No file yet"); instead it is not sent, and the page says
#: which file is too large and what the limit is. It reads the v1 frame the widget manager
#: is about to send (offset table, then the message content naming the files). The
#: message is in the page's language (``<html lang>``), from the table
#: :func:`page_script_texts` writes into the script (``%(texts)s``).
PAGE_SCRIPT = """
<script>
(function () {
  if (window.srMessageLimit) return;
  var limit = window.srMessageLimit = %(limit)d;
  var texts = %(texts)s;
  var lang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  var say = texts[lang] || texts[texts.default];
  function fill(text, fields) {
    return text.replace(/[{]([a-z]+)[}]/g, function (m, k) { return k in fields ? fields[k] : m; });
  }
  function mb(n) {
    var digits = n < 10485760 ? 1 : 0;
    var shown = (n / 1048576).toFixed(digits);
    try {
      shown = new Intl.NumberFormat(say.locale, {minimumFractionDigits: digits,
        maximumFractionDigits: digits}).format(n / 1048576);
    } catch (e) {}
    return fill(say.mb, {n: shown});
  }
  function files(data) {
    try {
      var view = new DataView(data instanceof ArrayBuffer ? data : data.buffer);
      var n = Number(view.getBigUint64(0, true)), offs = [];
      for (var i = 0; i < n && i < 16; i++) offs.push(Number(view.getBigUint64(8 * (i + 1), true)));
      var bytes = new Uint8Array(view.buffer, view.byteOffset + offs[4], offs[5] - offs[4]);
      var state = JSON.parse(new TextDecoder().decode(bytes)).data.state || {};
      return (state.value || []).map(function (f) { return fill(say.file, {name: f.name, size: mb(f.size)}); });
    } catch (e) { return []; }
  }
  function tell(text) {
    var box = document.getElementById("sr-too-large");
    if (!box) {
      box = document.createElement("div");
      box.id = "sr-too-large"; box.className = "sr-too-large"; box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:8px;left:50%%;transform:translateX(-50%%);" +
        "z-index:10000;max-width:90%%;background:#fdecea;border-left:4px solid #c0392b;" +
        "padding:8px 12px;font:14px system-ui,sans-serif;box-shadow:0 2px 6px #0003;";
      box.onclick = function () { box.remove(); };
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  var send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    var size = data && (data.byteLength !== undefined ? data.byteLength : data.length * 3);
    if (size > limit - 65536) {
      var names = data.byteLength !== undefined ? files(data) : [];
      tell(names.length ? fill(say.named, {files: names.join(say.join), limit: mb(limit - 65536)})
                        : fill(say.unnamed, {limit: mb(limit - 65536)}));
      return;
    }
    return send.apply(this, arguments);
  };
})();
</script>
"""


#: The messages of :data:`PAGE_SCRIPT`: what → catalog key.
PAGE_SCRIPT_TEXTS = {"named": "apps.too_large.named", "unnamed": "apps.too_large.unnamed",
                     "file": "apps.too_large.file", "mb": "apps.too_large.mb",
                     "join": "apps.too_large.join"}
#: The locale the page script writes numbers in, per language (as Babel's, for Intl).
_SCRIPT_LOCALES = {"en": "en-US", "ru": "ru-RU", "zh": "zh-CN"}


def page_script_texts() -> dict:
    """The page script's messages in every language, as JSON-able data: ``{lang: {what:
    text, "locale": …}, "default": "en"}`` (``{fields}`` filled in by the script)."""
    texts: dict = {"default": DEFAULT_LANGUAGE}
    for lang in LANGUAGES:
        t = translator(lang)
        texts[lang] = {what: t(key) for what, key in PAGE_SCRIPT_TEXTS.items()}
        texts[lang]["locale"] = _SCRIPT_LOCALES[lang]
    return texts


def page_script() -> str:
    """:data:`PAGE_SCRIPT` filled in: the server's limit and the messages."""
    texts = json.dumps(page_script_texts(), ensure_ascii=False).replace("</", "<\\/")
    return PAGE_SCRIPT % {"limit": MESSAGE_LIMIT_BYTES, "texts": texts}


class App:
    """Base of the Voilà apps. ``widget`` is the app's layout; :meth:`show`
    applies the page's URL parameters, hardens the widgets against hostile
    clients (:func:`harden`) and displays it."""

    widget: w.Widget

    def show(self, query: str | None = None) -> None:
        """Apply the page's URL parameters (under Voilà) and display the app."""
        self.apply_query(read_query_string() if query is None else query)
        harden(self.widget)
        display(HTML(page_script()))
        display(HTML(HELP_SCRIPT))  # the ⓘ buttons of the inputs (apps.touch)
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
    (an HTML widget; in the language ``self.lang``, if the app has one) instead of a
    traceback, and log the details."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
            log.exception("callback %s failed", method.__qualname__)
            lang = getattr(self, "lang", DEFAULT_LANGUAGE)  # the page language, if it has one
            self.error.value = ('<div class="sr-error-box" role="alert">'
                                f"{html.escape(translator(lang)('apps.update_failed'))}</div>")
    return wrapper


# -- what a client may set ----------------------------------------------------------
# Any websocket client can send any widget any state (its value, min, max, options,
# description...), and ipywidgets echoes it to every other client before Python has
# looked at it. A browser only ever sends a few keys: a value, a selected index. These
# helpers let a widget accept only those, checked, before anything is applied or echoed;
# a refused key is logged, sent back as it was, and reported to ``on_refused``.

Check = Callable[[str, object], "str | None"]


def _shown(raw) -> str:
    text = json.dumps(raw, default=repr) if not isinstance(raw, memoryview) else "<bytes>"
    return text if len(text) <= 60 else text[:60] + "…"


def accept_from_client(widget: w.Widget, keys: Iterable[str] = ("value",),
                       check: Check | None = None,
                       on_refused: Callable[[Mapping[str, str]], None] | None = None) -> w.Widget:
    """Let clients set only ``keys`` of ``widget``, each passing ``check``.

    ``check(key, raw)`` gets the JSON value as the client sent it (before any
    conversion) and returns why it is refused, or None. Refused keys are not
    applied or echoed; their current state is sent back (so every client shows
    what the kernel uses) and ``on_refused({key: reason})`` is called. A float
    ``-0.0`` is taken as ``0.0``. Returns ``widget``.
    """
    allowed = frozenset(keys)
    original = getattr(widget, "_sr_set_state", None) or widget.set_state

    def set_state(sync_data):
        accepted, refused, resend = {}, {}, []
        for key, raw in sync_data.items():
            problem = "cannot be changed" if key not in allowed else (
                check(key, raw) if check is not None else None)
            if problem:
                refused[key] = problem
                log.warning("refused %s.%s = %s from a client: %s", type(widget).__name__, key,
                            _shown(raw), problem)
            elif isinstance(raw, float) and raw == 0 and math.copysign(1.0, raw) < 0:
                accepted[key] = 0.0
                resend.append(key)
            else:
                accepted[key] = raw
        if accepted:
            original(accepted)
        resend += [k for k in refused if k in widget.keys]
        if resend:
            widget.send_state(resend)
        if refused and on_refused is not None:
            on_refused(refused)

    widget._sr_set_state = original
    widget.set_state = set_state
    widget._sr_guarded = True
    return widget


def number_problem(raw, whole: bool = False, low: float | None = None,
                   high: float | None = None, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why ``raw`` (as a client sent it) is not a usable number, or None (in ``lang``,
    in plain words)."""
    t = translator(lang)
    if isinstance(raw, bool):
        return t("apps.client.true_false")
    if isinstance(raw, str):
        return t("apps.client.text")
    if not isinstance(raw, numbers.Real):
        return t("apps.client.no_number")
    if isinstance(raw, float) and math.isnan(raw):
        return t("apps.client.not_a_number")
    if isinstance(raw, float) and math.isinf(raw):
        return t("apps.client.too_large")
    if whole and not float(raw).is_integer():
        return t("apps.client.not_whole", value=_figure(raw, lang))
    if (low is not None and raw < low) or (high is not None and raw > high):
        return t("apps.client.out_of_range", value=_figure(raw, lang), low=_figure(low, lang),
                 high=_figure(high, lang))
    return None


def _figure(x, lang: str) -> str:
    """``x`` as ``{x:g}`` writes it, with the decimal sign and grouping of ``lang``."""
    text = f"{x:g}"
    if lang == DEFAULT_LANGUAGE or "e" in text or not math.isfinite(x):
        return text
    return translator(lang).number(float(x), len(text.partition(".")[2]))


def _language(lang) -> str:
    """The language ``lang`` names: a code, or a function giving the page's current one."""
    return lang() if callable(lang) else lang


def guard_choice(dropdown: w.Widget,
                 on_refused: Callable[[Mapping[str, str]], None] | None = None,
                 lang: str | Callable[[], str] = DEFAULT_LANGUAGE) -> w.Widget:
    """Let clients only pick one of ``dropdown``'s options (Dropdown, Select,
    RadioButtons, ToggleButtons): no empty selection, no index past the
    options, no new options. The reasons are in ``lang`` (a code, or a function
    giving the page's language when a value is refused)."""
    def check(key, raw):
        t = translator(_language(lang))
        if raw is None:
            return t("apps.client.no_option")
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < len(
                dropdown.options):
            return t("apps.client.not_an_option")
        return None
    return accept_from_client(dropdown, ("index",), check, on_refused)


def _range_check(widget) -> Check:
    whole = isinstance(widget, w.IntSlider | w.BoundedIntText)

    def check(key, raw):
        return number_problem(raw, whole, widget.min, widget.max)
    return check


def harden(root: w.Widget) -> None:
    """Guard every choice and bounded number widget under ``root`` that is not
    guarded yet (:func:`guard_choice`; sliders and bounded boxes accept only a
    finite number of the right kind within their bounds, never new bounds).
    Other apps' own checks still run on what is accepted."""
    seen, todo = set(), [root]
    while todo:
        widget = todo.pop()
        if id(widget) in seen or not isinstance(widget, w.Widget):
            continue
        seen.add(id(widget))
        todo.extend(getattr(widget, "children", ()) or ())
        if getattr(widget, "_sr_guarded", False):
            continue
        if isinstance(widget, w.Dropdown | w.Select | w.RadioButtons | w.ToggleButtons):
            guard_choice(widget)
        elif isinstance(widget, w.FloatSlider | w.IntSlider | w.BoundedFloatText
                        | w.BoundedIntText):
            accept_from_client(widget, ("value",), _range_check(widget))


def read_query_string() -> str:
    """The page's query string under Voilà (also with preheated kernels); "" elsewhere.

    Does what ``voila.utils.get_query_string`` (Voilà 0.5) does, without importing Voilà:
    that loads Jupyter's whole server into the kernel, ~50 MB and ~1 s more for every
    page's kernel. Voilà puts the request's query in ``QUERY_STRING`` of a kernel it starts
    for a page. A preheated kernel (``VOILA_PREHEAT``) runs the notebook before anyone asks
    for the page, so it waits here until Voilà hands it to a page and sends it the
    request's details (:func:`_wait_for_request`).
    """
    global _REQUEST_READ
    if (os.environ.get("VOILA_PREHEAT") == "True" and os.environ.get("VOILA_KERNEL_ID")
            and not _REQUEST_READ):
        _wait_for_request()
        _REQUEST_READ = True
    return os.environ.get("QUERY_STRING", "")


#: A preheated kernel has been handed to its page and knows the request.
_REQUEST_READ = False


def _request_url() -> str:
    """Where Voilà 0.5 sends a preheated kernel its page's request (its ``voila/query``
    websocket, named by the kernel id; the variables are those Voilà gives its kernels)."""
    env = os.environ
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
            f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env['VOILA_KERNEL_ID']}")


def _wait_for_request(connect_timeout: float = 5.0) -> None:
    """Wait for the request of the page this preheated kernel is handed to, and put its
    details (``QUERY_STRING``, ``SERVER_NAME``…) in the environment, as Voilà does.

    Runs on its own thread and event loop: the kernel's loop is busy running this cell.
    If Voilà cannot be reached the page gets its defaults (and the server log says why).
    """
    import asyncio
    import threading

    from tornado.websocket import websocket_connect

    url, received = _request_url(), {}

    async def receive():
        connection = await asyncio.wait_for(websocket_connect(url), connect_timeout)
        try:
            return await connection.read_message()
        finally:
            connection.close()

    def run():
        try:
            received["info"] = asyncio.run(receive())
        except Exception as exc:  # noqa: BLE001 - the page then starts from its defaults
            log.warning("could not read the page's request from %s: %s", url, exc)

    thread = threading.Thread(target=run, name="voila-request", daemon=True)
    thread.start()
    thread.join()
    info = received.get("info")
    if info:
        os.environ.update({str(k): str(v) for k, v in json.loads(info).items()})
