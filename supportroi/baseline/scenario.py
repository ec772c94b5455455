"""The baseline as a scenario (:func:`to_scenario`)."""

from __future__ import annotations

from ..assumptions import CATALOG, Problem, validate
from ..scenarios import Scenario, ScenarioError
from .kpis import BaselineKPIs

# -- scenario ---------------------------------------------------------------------------------

def to_scenario(kpis: BaselineKPIs, annualise: bool = True, base: Scenario | None = None,
                **meta) -> Scenario:
    """A :class:`~supportroi.scenarios.Scenario` with the assumptions the export measures.

    Sets ``annual_contacts`` (:meth:`BaselineKPIs.annual_contacts`: the count
    × days in the year starting on the first covered day ÷ covered days; with
    ``annualise=False`` the count as it is), the four ``share_*`` (rounded to
    0.01 %, the largest share absorbing the rounding so they sum to 1),
    ``aht_phone_min``/``aht_chat_min``/``aht_email_min`` for channels with
    handle times [min, 2 decimals], ``fcr`` when measured and, with FCR by
    repeat contacts, ``repeat_contacts_per_unresolved``. Other assumptions
    keep ``base``'s values (default: the catalog defaults). ``meta`` is
    ``title``, ``description``, ``currency``, ``intangibles``; title and
    description default to the export's name and period.

    A measured value outside the catalog's bounds raises
    :class:`~supportroi.scenarios.ScenarioError` naming it; nothing is clamped.
    """
    values = kpis.scenario_values(annualise)
    problems = []
    for p in validate(values):
        name = p.key.split(" + ")[0]
        unit = CATALOG[name].unit if name in CATALOG else ""
        problems.append(Problem(p.key, f"measured from the export: {p.message}"
                                + (f" [{unit}]" if unit and "(" not in p.message else "")))
    if problems:
        raise ScenarioError(f"baseline from {kpis.source}", problems)
    start = kpis.period_start.strftime("%d %b %Y")
    end = kpis.period_end.strftime("%d %b %Y")
    scaled = (f", annualised to {values['annual_contacts']:,} a year" if annualise else
              ", taken as a year's contacts")
    defaults_meta = {
        "title": f"Baseline from {kpis.source}",
        "description": (f"Measured from {kpis.source}: {kpis.n_contacts:,} contacts from "
                        f"{start} to {end} ({kpis.covered_days} days{scaled}). Set from the "
                        f"data: {', '.join(CATALOG[k].label.lower() for k in values)}; the "
                        "rest (team size, costs, effects) are catalog defaults to replace."),
    }
    if base is not None:
        defaults_meta |= {"currency": base.currency, "intangibles": base.intangibles}
        everything = base.values | values
    else:
        everything = values
    meta = defaults_meta | meta
    if "intangibles" in meta:
        meta["intangibles"] = tuple(meta["intangibles"])
    return Scenario.from_values(everything, **meta)
