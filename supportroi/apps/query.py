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
from ..initiatives import INITIATIVES
from ..scenarios import shipped_scenarios

__all__ = ["CONFIRMED_PARAMETER", "INITIATIVES_PARAMETER", "INTANGIBLE_PARAMETER",
           "NOT_MEASURED_PARAMETER", "TITLE_PARAMETER", "parse_meta", "parse_query"]

#: URL parameters that describe the scenario (read by :func:`parse_meta`): its title, and
#: one ``intangible`` per intangible benefit (an empty one: none).
TITLE_PARAMETER = "title"
INTANGIBLE_PARAMETER = "intangible"
#: URL parameters of a baseline scenario (read by :func:`parse_meta`): the inputs its data
#: could not give, and those of them someone has given or confirmed, as comma-separated
#: assumption names (``not_measured=agent_fte,agent_salary&confirmed=agent_salary``; an
#: empty one: none).
NOT_MEASURED_PARAMETER = "not_measured"
CONFIRMED_PARAMETER = "confirmed"
_NAME_LISTS = (NOT_MEASURED_PARAMETER, CONFIRMED_PARAMETER)
#: URL parameter of a baseline case: the initiatives picked for it, comma-separated keys
#: of :data:`~supportroi.initiatives.INITIATIVES` (``initiatives=chatbot,crm``; an empty
#: one: none). Only with ``not_measured`` (checked where the link is applied).
INITIATIVES_PARAMETER = "initiatives"
#: Longest title and intangible a link may give, and most intangibles (a scenario's title
#: is a line, not a text; longer ones are refused with a notice, never cut).
MAX_TITLE = 200
MAX_INTANGIBLES = 20


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


def parse_query(query: str, lang: str = DEFAULT_LANGUAGE
                ) -> tuple[str | None, str | None, dict, list[str]]:
    """Split ``?scenario=x&currency=RUB&discount_rate=0.08`` into the scenario
    name, currency (an ISO code: ``€`` gives ``EUR``), assumption values and
    notices for what was ignored.

    ``lang`` (the page language, read by :func:`~supportroi.apps.language.query_language`)
    is accepted; a language the apps do not have gives a notice, and the page is English.

    Values are parsed strictly: whole numbers for whole-number inputs, finite
    decimals otherwise. Nothing invalid is applied; each problem is a notice (in
    ``lang``; the notice about ``lang`` itself is in English, the page's language then).
    """
    t = translator(lang)
    scenario = currency = None
    values, notices, seen = {}, [], set()
    shipped = shipped_scenarios()
    for key, text in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if key.startswith("voila") or key == "token" or key in (
                TITLE_PARAMETER, INTANGIBLE_PARAMETER, INITIATIVES_PARAMETER, *_NAME_LISTS):
            continue  # the title, intangibles and a baseline's inputs: parse_meta
        if key in seen:
            notices.append(t("apps.url.twice", param=_short(key)))
            continue
        seen.add(key)
        if key == "scenario":
            if text in shipped:
                scenario = text
            else:
                notices.append(t("apps.url.not_shipped", name=_short(text),
                                 shipped=", ".join(shipped), hint=suggest(text, shipped, lang)))
            continue
        if key == "lang":
            if language_problem(text):
                notices.append(translator(DEFAULT_LANGUAGE)(
                    "apps.language_unknown", text=_short(text), languages=", ".join(LANGUAGES)))
            continue
        if key == "currency":
            problem = currency_problem(text)
            if problem:
                notices.append(t("apps.url.currency", problem=currency_problem(text, lang)))
            else:
                currency = currency_code(text)
            continue
        a = CATALOG.get(key)
        if a is None:
            notices.append(t("apps.url.unknown", param=_short(key),
                             hint=suggest(key[:60], lang=lang)))
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
                notices.append(t("apps.url.too_large", param=key, value=repr(_short(text))))
                continue
            elif value == 0:
                value = value + 0  # "-0" is 0, never shown as "-0 %"
        if value is None:
            notices.append(t("apps.url.not_whole" if a.kind == "int" else "apps.url.not_a_number",
                             param=key, value=repr(_short(text))))
            continue
        values[key] = value
    return scenario, currency, values, notices


def _clean(text: str) -> str:
    """``text`` with control and formatting characters removed and spaces trimmed."""
    return "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()


def parse_meta(query: str, lang: str = DEFAULT_LANGUAGE) -> tuple[dict, list[str]]:
    """The scenario's title, intangibles and a baseline's inputs a link gives, and notices
    (in ``lang``) for what was ignored.

    ``title=Our pilot&intangible=Agent morale&intangible=Brand`` gives ``{"title": "Our
    pilot", "intangibles": ("Agent morale", "Brand")}``; an empty ``intangible=`` gives no
    intangibles; a key the link does not name is not in the result. Control characters are
    dropped; a title or intangible over :data:`MAX_TITLE` characters, or more than
    :data:`MAX_INTANGIBLES` of them, is refused with a notice, never cut short.

    ``not_measured=agent_fte,agent_salary`` and ``confirmed=agent_salary`` give those names
    as ``not_measured`` and ``confirmed`` (tuples, in the link's order); a list naming
    anything that is not an assumption is refused whole, with a notice naming it.
    ``initiatives=crm,chatbot`` gives ``initiatives`` (a tuple, in the order of
    :data:`~supportroi.initiatives.INITIATIVES`); one naming something that is not an
    initiative, or one twice, is refused whole, with a notice.

    >>> parse_meta("title=Our+pilot&intangible=Morale&intangible=&intangible=Brand")
    ({'title': 'Our pilot', 'intangibles': ('Morale', 'Brand')}, [])
    >>> parse_meta("discount_rate=0.08")
    ({}, [])
    >>> parse_meta("not_measured=agent_fte,agent_salary&confirmed=agent_salary")
    ({'not_measured': ('agent_fte', 'agent_salary'), 'confirmed': ('agent_salary',)}, [])
    >>> parse_meta("initiatives=crm,chatbot")
    ({'initiatives': ('chatbot', 'crm')}, [])
    >>> parse_meta("initiatives=chatbot,blockchain")[1]
    ["initiatives names 'blockchain', which is not an initiative (the initiatives: chatbot, \
training, crm, staffing, retention); nothing picked"]
    """
    t = translator(lang)
    meta, notices = {}, []
    titles, intangibles = [], []
    lists: dict[str, list[str]] = {}
    for key, text in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if key == TITLE_PARAMETER:
            titles.append(_clean(text))
        elif key == INTANGIBLE_PARAMETER:
            intangibles.append(_clean(text))
        elif key in (*_NAME_LISTS, INITIATIVES_PARAMETER):
            lists.setdefault(key, []).append(text)
    if titles:
        if len(titles) > 1:
            notices.append(t("controls.link_title_twice"))
        if len(titles[0]) > MAX_TITLE:
            notices.append(t("controls.link_title_long", limit=MAX_TITLE))
        elif titles[0]:
            meta["title"] = titles[0]
    if intangibles:
        kept = [i for i in intangibles if i]
        if any(len(i) > MAX_TITLE for i in kept):
            notices.append(t("controls.link_intangible_long", limit=MAX_TITLE))
        elif len(kept) > MAX_INTANGIBLES:
            notices.append(t("controls.link_intangibles_many", limit=MAX_INTANGIBLES))
        else:
            meta["intangibles"] = tuple(kept)
    if INITIATIVES_PARAMETER in lists:
        texts = lists.pop(INITIATIVES_PARAMETER)
        keys = [n.strip() for n in texts[0].split(",") if n.strip()]
        unknown = [k for k in keys if k not in INITIATIVES]
        if len(texts) > 1:
            notices.append(t("apps.url.twice", param=INITIATIVES_PARAMETER))
        if unknown:
            notices.append(t("workshop.link.unknown_initiative",
                             names=", ".join(repr(_short(k)) for k in unknown[:3]),
                             choices=", ".join(INITIATIVES),
                             hint=suggest(unknown[0][:60], INITIATIVES, lang)))
        elif len(set(keys)) != len(keys):
            notices.append(t("workshop.link.initiative_twice"))
        else:
            meta[INITIATIVES_PARAMETER] = tuple(k for k in INITIATIVES if k in keys)
    for key, texts in lists.items():
        if len(texts) > 1:
            notices.append(t("apps.url.twice", param=key))
        names = [n.strip() for n in texts[0].split(",") if n.strip()]
        unknown = [n for n in names if n not in CATALOG]
        if unknown:
            notices.append(t("workshop.link.unknown_names", param=key,
                             names=", ".join(repr(_short(n)) for n in unknown[:3]),
                             hint=suggest(unknown[0][:60], lang=lang)))
        elif len(set(names)) != len(names):
            notices.append(t("workshop.link.names_twice", param=key))
        else:
            meta[key] = tuple(names)
    return meta, notices
