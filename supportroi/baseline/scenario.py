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
    description default to the export's name and period; ``not_measured`` lists
    :func:`not_measured` (the dashboard asks for those inputs).

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
    missing = not_measured(kpis)
    extra = measured_not_inputs(kpis)
    description = (f"Measured from {kpis.source}: {kpis.n_contacts:,} contacts from "
                   f"{start} to {end} ({kpis.covered_days} days{scaled}). Set from the "
                   f"data: {', '.join(CATALOG[k].label.lower() for k in values)}. "
                   "Not in the data, to enter before trusting the ROI: "
                   + ", ".join(f"{CATALOG[k].label.lower()}" for k in missing)
                   + "; the other inputs (costs, effects) are catalog defaults to replace.")
    if extra:
        description += " Measured, not yet a model input: " + "; ".join(extra) + "."
    if kpis.warnings:
        description += " WARNING: " + " WARNING: ".join(kpis.warnings)
    defaults_meta = {"title": f"Baseline from {kpis.source}", "description": description,
                     "not_measured": tuple(missing)}
    if base is not None:
        defaults_meta |= {"currency": base.currency, "intangibles": base.intangibles}
        everything = base.values | values
    else:
        everything = values
    meta = defaults_meta | meta
    if "intangibles" in meta:
        meta["intangibles"] = tuple(meta["intangibles"])
    return Scenario.from_values(everything, **meta)


#: Operations inputs an export cannot give: the team and what it costs.
NOT_IN_EXPORTS = ("agent_fte", "agent_salary", "benefits_load", "overhead_per_agent",
                  "paid_hours_per_fte", "shrinkage", "occupancy", "agent_attrition")


def not_measured(kpis: BaselineKPIs) -> list[str]:
    """Catalog assumptions of the operations baseline the export did not give (team size,
    salaries, and any measured KPI it lacked, such as FCR or a channel's AHT), by name."""
    values = kpis.scenario_values()
    gaps = [k for k in ("fcr", "aht_phone_min", "aht_chat_min", "aht_email_min")
            if k not in values and (k == "fcr" or kpis.by_channel[k.split("_")[1]] > 0)]
    return gaps + list(NOT_IN_EXPORTS)


def measured_not_inputs(kpis: BaselineKPIs) -> list[str]:
    """KPIs measured that the model has no input for yet, as text."""
    out = []
    if kpis.csat is not None:
        out.append(f"CSAT {kpis.csat:.1f} %")
    if kpis.nps is not None:
        out.append(f"NPS {kpis.nps:+.1f}")
    if kpis.abandonment_rate is not None:
        out.append(f"abandonment {kpis.abandonment_rate:.1%}")
    if kpis.patience_s is not None:
        out.append(f"caller patience {kpis.patience_s:.0f} s")
    return out
