"""Initiatives: which inputs each kind of investment needs, and "doing nothing".

A baseline made from a client's export (:mod:`supportroi.baseline`) describes the
operation as it is; the case is then one or more initiatives added to it. Each
initiative is declared once here, from the catalog's groups and names:

* ``switches``: the inputs that *are* the initiative, its costs and effects. Doing
  nothing is every switch at zero (no effect, no cost): the model's figures are then
  all zero, and an initiative's ROI and NPV are those against doing nothing.
* ``context``: further inputs its benefit depends on (the customers behind a
  retention programme, the service-level target behind a staffing change).

>>> sorted(INITIATIVES)
['chatbot', 'crm', 'retention', 'staffing', 'training']
>>> INITIATIVES["training"].switches[:2]
('training_hours_per_agent', 'training_design_cost')
>>> "tech_one_time_cost" in INITIATIVES["chatbot"].switches
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .assumptions import CATALOG

__all__ = ["Initiative", "INITIATIVES", "SWITCHES", "case_values", "doing_nothing",
           "initiative_inputs", "still_needed", "switched_off"]


def _group(key: str) -> tuple[str, ...]:
    """The catalog's assumptions of group ``key``, in catalog order."""
    return tuple(n for n, a in CATALOG.items() if a.group == key)


@dataclass(frozen=True)
class Initiative:
    """One kind of investment: the inputs that make it up and those it depends on."""

    #: Short name (``chatbot``), used in code and messages.
    key: str
    #: Its costs and effects (set to zero when the case does not include it).
    switches: tuple[str, ...]
    #: Other inputs its benefit depends on (kept as they are).
    context: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input the initiative needs: switches, then context."""
        return self.switches + tuple(n for n in self.context if n not in self.switches)


_TECH_COSTS = ("tech_one_time_cost", "tech_annual_cost")
#: The management time any initiative takes: part of every one.
_EVERY = ("indirect_costs",)

#: The initiatives a case can be made of. A chatbot and a CRM/helpdesk share the
#: technology cost inputs (the model has one technology budget: enter the total); a
#: training programme and a CRM share the FCR improvement.
INITIATIVES: dict[str, Initiative] = {i.key: i for i in (
    Initiative("chatbot", _TECH_COSTS + ("deflection_rate",) + _EVERY,
               ("share_phone", "share_chat", "share_email")),
    Initiative("training", _group("training") + ("aht_reduction", "fcr_improvement",
                                                 "attrition_reduction") + _EVERY,
               ("cost_to_replace_agent",)),
    Initiative("crm", _TECH_COSTS + ("tooling_aht_reduction", "fcr_improvement") + _EVERY,
               ("repeat_contacts_per_unresolved",)),
    Initiative("staffing", ("agents_added", "hiring_cost_per_agent") + _EVERY,
               ("staffing_method", "target_service_level", "target_answer_time_s",
                "caller_patience_s", "wait_churn_per_minute", "wait_churn_threshold_s",
                "abandonment_churn")),
    Initiative("retention", ("churn_reduction", "upsell_rate", "referral_uplift",
                             "indirect_costs_avoided") + _EVERY,
               ("active_customers", "revenue_per_customer", "gross_margin", "annual_churn",
                "upsell_value", "acquisition_cost_per_customer")),
)}

#: Every input that is part of some initiative (zero for doing nothing), in catalog order.
SWITCHES: tuple[str, ...] = tuple(n for n in CATALOG if any(
    n in i.switches for i in INITIATIVES.values()))


def _check(keys: Iterable[str]) -> list[str]:
    keys = list(keys)
    unknown = [k for k in keys if k not in INITIATIVES]
    if unknown:
        raise ValueError(f"unknown initiative {unknown[0]!r}: one of {', '.join(INITIATIVES)}")
    return keys


def initiative_inputs(keys: Iterable[str]) -> tuple[str, ...]:
    """The inputs the initiatives ``keys`` need together, each once, in catalog order.

    >>> initiative_inputs(["chatbot", "crm"])[:4]
    ('share_phone', 'share_chat', 'share_email', 'repeat_contacts_per_unresolved')
    """
    wanted = {n for k in _check(keys) for n in INITIATIVES[k].inputs}
    return tuple(n for n in CATALOG if n in wanted)


def switched_off(keys: Iterable[str]) -> tuple[str, ...]:
    """The switches of initiatives not in ``keys`` that none of ``keys`` uses, in catalog
    order: what a case of only ``keys`` sets to zero."""
    on = {n for k in _check(keys) for n in INITIATIVES[k].switches}
    return tuple(n for n in SWITCHES if n not in on)


def _zero(name: str):
    return 0 if CATALOG[name].kind == "int" else 0.0


def case_values(values: Mapping[str, object], keys: Iterable[str]) -> dict:
    """``values`` with the switches of initiatives not in ``keys`` at zero.

    >>> from supportroi.assumptions import defaults
    >>> v = case_values(defaults(), ["chatbot"])
    >>> v["deflection_rate"], v["training_hours_per_agent"], v["tooling_aht_reduction"]
    (0.05, 0.0, 0.0)
    """
    return dict(values) | {n: _zero(n) for n in switched_off(keys)}


def doing_nothing(values: Mapping[str, object]) -> dict:
    """``values`` with every initiative's switches at zero: the operation as it is, with
    no investment and no effect (every cost and benefit line of the model is zero)."""
    return dict(values) | {n: _zero(n) for n in SWITCHES}


def still_needed(not_measured: Iterable[str], values: Mapping[str, object],
                 base_values: Mapping[str, object], confirmed: Iterable[str] = ()) -> list[str]:
    """Of ``not_measured`` (the inputs a baseline's data could not give), those nobody has
    given yet: still at the value the scenario gave (``base_values``, the catalog default
    for a baseline) and not ``confirmed`` (someone said the value shown is right). An input
    counts as given once its value was changed or it was confirmed.

    >>> base = {"agent_fte": 50, "agent_salary": 40000.0, "shrinkage": 0.3}
    >>> still_needed(["agent_fte", "agent_salary", "shrinkage"],
    ...              base | {"agent_fte": 42}, base, confirmed=["shrinkage"])
    ['agent_salary']
    """
    confirmed = set(confirmed)
    return [n for n in not_measured if n not in confirmed and values[n] == base_values[n]]
