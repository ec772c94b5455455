"""Languages and local formats: English, Russian and Simplified Chinese.

Every text a person reads is a *message* with a dotted key (``pages.apps``)
in the catalog files of each language, ``supportroi/locales/<lang>/*.yaml``
(one file per area: ``common.yaml``, ``pages.yaml``, ...; the files of a
language are merged, and a key defined in two of them is an error). English
is the reference: a key missing from another language falls back to English
(a test checks that no key is missing or unused). A message may hold
``{fields}`` and, where a count is spelt out, one form per CLDR plural
category (Russian has ``one``, ``few``, ``many``: 1 агент, 3 агента, 5 агентов).

Numbers, money, percentages and dates are formatted and parsed with Babel for
the language's locale, one call at a time (never ``locale.setlocale``, which
is process-wide). Parsing is strict: ``1 234,5`` is 1234.5 in Russian, but
``1,234.5`` is refused there rather than read as something else.

>>> t = translator("ru")
>>> t.money(1234567, "RUB")
'1\\xa0234\\xa0567\\xa0₽'
>>> t.money(12_345_678, "RUB", compact=True)
'12,3\\xa0млн\\xa0₽'
>>> translator("zh").money(12_345_678, "CNY", compact=True)
'¥1235万'
>>> t.parse_number("0,08")
0.08
>>> t.plural("units.agents", 3)
'3 агента'
>>> translator("en").plural("units.agents", 1)
'1 agent'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import (NumberFormatError, format_compact_currency, format_currency,
                           format_decimal, format_percent, get_decimal_symbol, get_group_symbol,
                           parse_decimal)

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "LOCALE_DIR", "Translator",
           "catalog", "language_problem", "translator"]

#: The languages every message exists in, and what a language picker shows for each.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "zh": "中文"}
LANGUAGES = tuple(LANGUAGE_NAMES)
DEFAULT_LANGUAGE = "en"
#: Babel locale of each language (number, money and date formats).
_LOCALES = {"en": "en_US", "ru": "ru_RU", "zh": "zh_Hans_CN"}
#: The catalog files.
LOCALE_DIR = Path(__file__).resolve().parent / "locales"

_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")
_EXPONENT = re.compile(r"[-+]?\d+(\.\d+)?[eE][-+]?\d{1,3}")


def language_problem(code) -> str | None:
    """Why ``code`` is not a language of the apps, or None.

    >>> language_problem("ru") is None, language_problem("de")
    (True, 'language must be one of en, ru, zh')
    """
    return None if code in LANGUAGE_NAMES else "language must be one of " + ", ".join(LANGUAGES)


def _flatten(tree: Mapping, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not _is_plural(value):
            out |= _flatten(value, name + ".")
        else:
            out[name] = value
    return out


def _is_plural(value: Mapping) -> bool:
    return bool(value) and set(value) <= {"zero", "one", "two", "few", "many", "other"}


#: libyaml's loader when PyYAML has it (the catalogs load in ~0.1 s instead of ~1.5 s,
#: most of an app kernel's start); the same documents either way (tests/test_i18n.py).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream):
    """A YAML document of the package's own data (safe: plain data types only)."""
    return yaml.load(stream, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)


@functools.cache
def catalog(lang: str) -> dict[str, object]:
    """Every message of ``lang`` by dotted key (no English fallback applied)."""
    if language_problem(lang):
        raise ValueError(language_problem(lang))
    messages: dict[str, object] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            found = _flatten(load_yaml(f) or {})
        twice = sorted(set(found) & set(messages))
        if twice:
            raise ValueError(f"{path.name} of {lang} defines {', '.join(twice)} again")
        messages |= found
    return messages


class Translator:
    """Messages and local formats of one language (use :func:`translator`)."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        problem = language_problem(lang)
        if problem:
            raise ValueError(problem)
        self.lang = lang
        self.locale = Locale.parse(_LOCALES[lang])
        self._messages = catalog(DEFAULT_LANGUAGE) | catalog(lang)

    # -- messages ------------------------------------------------------------------------
    def __call__(self, key: str, **fields) -> str:
        """The message ``key`` with ``fields`` filled in."""
        try:
            message = self._messages[key]
        except KeyError:
            raise KeyError(f"no message {key!r} in supportroi/locales/en/") from None
        if isinstance(message, Mapping):
            raise TypeError(f"message {key!r} has plural forms: use plural()")
        return str(message).format_map(fields) if fields else str(message)

    def plural(self, key: str, n: int | float, **fields) -> str:
        """The form of message ``key`` for the count ``n`` (``{n}`` in the message is the
        count, formatted for the language)."""
        forms = self._messages[key]
        if not isinstance(forms, Mapping):
            raise TypeError(f"message {key!r} has no plural forms")
        category = self.locale.plural_form(abs(n))
        form = forms.get(category, forms.get("other"))
        return str(form).format_map({"n": self.number(n)} | fields)

    # -- formats -------------------------------------------------------------------------
    def number(self, x: float, digits: int = 0) -> str:
        """``1 234,5`` (ru), ``1,234.5`` (en, zh) with exactly ``digits`` decimals."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return _minus(format_decimal(x, format=pattern, locale=self.locale))

    def money(self, x: float, currency: str = "USD", compact: bool = False,
              digits: int = 0) -> str:
        """Money in ``currency`` (an ISO 4217 code): ``$1,234,567``, ``1 234 567 ₽``,
        ``¥1,234,567``; with ``compact``, ``$1.2M``, ``12 млн ₽``, ``¥1235万``."""
        if compact and abs(x) >= self._compact_from:
            text = format_compact_currency(x, currency, locale=self.locale,
                                           fraction_digits=0 if self.lang == "zh" else 1)
            return _minus(text)
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        pattern = re.sub(r"\.0+", "." + "0" * digits if digits else "", pattern)
        return _minus(format_currency(x, currency, format=pattern, locale=self.locale,
                                      currency_digits=False))

    @functools.cached_property
    def _compact_from(self) -> float:
        """The smallest amount the locale writes in a compact form (1,000 in English and
        Russian, 10,000 in Chinese, whose 1,000s have no short form); below it a compact
        amount is the whole-unit amount."""
        patterns = self.locale.compact_currency_formats["short"]["other"]
        return min(float(magnitude) for magnitude, pattern in patterns.items()
                   if re.sub(r"[0¤'\s.]", "", pattern.pattern))

    def percent(self, x: float, digits: int = 1) -> str:
        """A fraction as a percentage: 0.083 → ``8.3%`` (en, zh), ``8,3 %`` (ru)."""
        pattern = self.locale.percent_formats[None].pattern.split(";")[0]
        pattern = re.sub(r"#,##0(\.0+)?", "#,##0" + ("." + "0" * digits if digits else ""),
                         pattern)
        return _minus(format_percent(x, format=pattern, locale=self.locale))

    def date(self, d: dt.date) -> str:
        """``December 1, 2026``, ``1 декабря 2026 г.``, ``2026年12月1日``."""
        return format_date(d, format="long", locale=self.locale)

    def parse_number(self, text: str) -> float:
        """A number typed the way this language writes it: ``0,08`` and ``1 234,5`` in
        Russian, ``1,234.5`` in English and Chinese; ``1e6`` in any. Raises ValueError
        with a message for a person when ``text`` is not such a number (nothing is
        guessed: ``1,234.5`` in Russian is refused, not read as 1.2345)."""
        raw = unicodedata.normalize("NFKC", str(text)).strip().replace("−", "-")
        group = get_group_symbol(self.locale)
        if _SPACES.fullmatch(group):
            raw = _SPACES.sub(group, raw)
        value = None
        if raw and len(raw) <= 40:
            if _EXPONENT.fullmatch(raw):
                value = float(raw)
            else:
                try:
                    value = float(parse_decimal(raw, locale=self.locale, strict=True))
                except (NumberFormatError, ValueError, ArithmeticError):
                    value = None
        if value is None or not math.isfinite(value):
            example = self.number(1234.5, digits=1)
            raise ValueError(self("errors.not_a_number", text=_cut(str(text)), example=example,
                                  decimal=get_decimal_symbol(self.locale)))
        return value


def _minus(text: str) -> str:
    """Babel writes a hyphen; figures use the minus sign."""
    return text.replace("-", "−")


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@functools.cache
def translator(lang: str = DEFAULT_LANGUAGE) -> Translator:
    """The :class:`Translator` of ``lang`` (one per language, shared)."""
    return Translator(lang)
