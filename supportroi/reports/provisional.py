"""What marks a take-away file of a baseline case as *provisional*.

A baseline scenario (made from a client's export) lists the inputs its data could not
give (``not_measured``: team size, salaries…). While one of them is still at the value
the scenario gave and nobody entered or confirmed it
(:func:`supportroi.initiatives.still_needed`), the figures rest on a catalog default:
the workbook and the PDF then say so, naming each input, the value used and that it
is not in the client's data.

* :func:`provisional_inputs` — those inputs as the files list them, in a language.
* :func:`scenario_still_needed` — the rule applied to a scenario file (the command
  line): the file's values are the values it gave, so every ``not_measured`` input
  not ``confirmed`` is still needed.
* :func:`value_with_unit` — an input's value with its unit, as the reports show it.

Nothing here imports matplotlib or ipywidgets: the workbook uses it too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..assumptions import CATALOG
from ..compare import value_text
from ..currency import symbol
from ..formatting import unit_label
from ..i18n import DEFAULT_LANGUAGE, translator
from ..initiatives import still_needed

__all__ = ["ProvisionalInput", "checked_names", "provisional_inputs", "scenario_still_needed",
           "value_with_unit"]


def value_with_unit(a, value, currency: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "18 %/year", "$36,000/year", "7.5 min", "600 FTE"; in Russian "18 %/год",
    "36 000 ₽/год", "7,5 мин".

    >>> value_with_unit(CATALOG["agent_salary"], 36000, "USD")
    '$36,000/year'
    >>> value_with_unit(CATALOG["agent_fte"], 50, "USD", "ru")
    '50 FTE'
    """
    shown = value_text(a, value, currency, lang)
    if lang != DEFAULT_LANGUAGE:
        unit = unit_label(a, currency, lang)
        for kind, mark in (("fraction", "%"), ("currency", symbol(currency))):
            if a.unit.startswith(kind) and unit.startswith(mark):
                return shown + unit[len(mark):]
        return f"{shown} {unit}" if unit else shown
    unit = a.unit
    for kind in ("fraction", "currency"):
        if unit.startswith(kind):
            return shown + unit[len(kind):]
    unit = unit_label(a, currency)
    return f"{shown} {unit}" if unit else shown


@dataclass(frozen=True)
class ProvisionalInput:
    """One input a provisional file names."""

    #: The assumption's name (``agent_fte``).
    name: str
    #: Its label in the file's language.
    label: str
    #: The value the figures use, with its unit, in the file's language.
    value: str
    #: Whether that value is the catalog default (else the scenario file's own value).
    default: bool

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """ "Team size: 50 FTE" (a value that is not the catalog default says where it is
        from)."""
        t = translator(lang)
        key = "reports.provisional.item" if self.default else "reports.provisional.item_file"
        return t(key, label=self.label, value=self.value)


def _same(x, y) -> bool:
    if isinstance(x, str) or isinstance(y, str):
        return x == y
    return math.isclose(float(x), float(y), rel_tol=1e-12, abs_tol=1e-15)


def checked_names(names: Iterable[str], values: Mapping[str, object]) -> list[str]:
    """``names`` (the inputs still needed) in catalog order, each once; a name that is not
    an input of the model, or has no value, is refused in words."""
    names = list(names or ())
    for n in names:
        if n not in CATALOG or n not in values:
            raise ValueError(f"still_needed names {n!r}, which is not an input of the model")
    wanted = set(names)
    return [n for n in CATALOG if n in wanted]


def provisional_inputs(names: Iterable[str], values: Mapping[str, object], currency: str,
                       lang: str = DEFAULT_LANGUAGE) -> list[ProvisionalInput]:
    """The inputs ``names`` (still needed) with their label and the value used
    (``values``, in ``currency``) in ``lang``, in catalog order."""
    out = []
    for n in checked_names(names, values):
        a = CATALOG[n]
        out.append(ProvisionalInput(n, a.text(lang)[0],
                                    value_with_unit(a, values[n], currency, lang),
                                    _same(values[n], a.default)))
    return out


def scenario_still_needed(scenario) -> list[str]:
    """Of a scenario file's ``not_measured``, those still needed, in catalog order: by
    :func:`~supportroi.initiatives.still_needed` with the file's values as the values it
    gave, so every one not listed in ``confirmed``. ``[]`` for a scenario that is not a
    baseline.

    >>> from supportroi.scenarios import Scenario
    >>> scenario_still_needed(Scenario(not_measured=("shrinkage", "agent_fte"),
    ...                                confirmed=("shrinkage",)))
    ['agent_fte']
    """
    values = scenario.values
    names = [n for n in CATALOG if n in set(scenario.not_measured)]
    return still_needed(names, values, values, scenario.confirmed)
