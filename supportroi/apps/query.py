"""URL parameters of the apps: ``?scenario=x&currency=RUB&discount_rate=0.08``.

``currency`` takes an ISO code of :data:`supportroi.currency.CURRENCIES`; the symbols
``$ € £ ₽ ¥`` of older links are read as their codes."""

from __future__ import annotations

import math
import re
import unicodedata
from urllib.parse import parse_qsl

from ..assumptions import CATALOG, suggest
from ..currency import currency_code, currency_problem
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, language_problem, translator
from ..scenarios import shipped_scenarios

__all__ = ["parse_query"]


_INTEGER = re.compile(r"[-+]?[0-9]{1,15}")
_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?")
_NONZERO = re.compile(r"[1-9]")


def _short(text: str, limit: int = 40) -> str:
    """``text`` as a notice quotes it: at most ``limit`` characters, and control and
    formatting characters (a newline, U+202E that turns the rest of the line around)
    shown as � instead of acting on the notice."""
    text = "".join("\ufffd" if unicodedata.category(c).startswith("C") else c
                   for c in text[:limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def parse_query(query: str) -> tuple[str | None, str | None, dict, list[str]]:
    """Split ``?scenario=x&currency=RUB&discount_rate=0.08`` into the scenario
    name, currency (an ISO code: ``€`` gives ``EUR``), assumption values and
    notices for what was ignored.

    ``lang`` (the page language, read by :func:`~supportroi.apps.language.query_language`)
    is accepted; a language the apps do not have gives a notice, and the page is English.

    Values are parsed strictly: whole numbers for whole-number inputs, finite
    decimals otherwise. Nothing invalid is applied; each problem is a notice.
    """
    scenario = currency = None
    values, notices, seen = {}, [], set()
    shipped = shipped_scenarios()
    for key, text in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if key.startswith("voila") or key == "token":
            continue
        if key in seen:
            notices.append(f"{_short(key)} is given more than once; only the first is used")
            continue
        seen.add(key)
        if key == "scenario":
            if text in shipped:
                scenario = text
            else:
                notices.append(f"scenario '{_short(text)}' is not one of the shipped scenarios "
                               f"({', '.join(shipped)}){suggest(text, shipped)}; ignored")
            continue
        if key == "lang":
            if language_problem(text):
                notices.append(translator(DEFAULT_LANGUAGE)(
                    "apps.language_unknown", text=_short(text), languages=", ".join(LANGUAGES)))
            continue
        if key == "currency":
            problem = currency_problem(text)
            if problem:
                notices.append(f"currency {problem}; ignored")
            else:
                currency = currency_code(text)
            continue
        a = CATALOG.get(key)
        if a is None:
            notices.append(f"unknown parameter '{_short(key)}'{suggest(key[:60])}; ignored")
            continue
        if not a.numeric:
            values[key] = text[:60]
            continue
        pattern = _INTEGER if a.kind == "int" else _DECIMAL
        value = None
        if pattern.fullmatch(text):
            value = int(text) if a.kind == "int" else float(text)
            if a.kind != "int" and value == 0 and _NONZERO.search(text.split("e")[0].split("E")[0]):
                value = None  # 1e-400 would silently become 0
            elif isinstance(value, float) and not math.isfinite(value):
                notices.append(f"{key}={_short(text)!r} is too large a number; ignored")
                continue
            elif value == 0:
                value = value + 0  # "-0" is 0, never shown as "-0 %"
        if value is None:
            kind = "a whole number" if a.kind == "int" else "a number such as 0.08"
            notices.append(f"{key}={_short(text)!r} is not {kind}; ignored")
            continue
        values[key] = value
    return scenario, currency, values, notices
