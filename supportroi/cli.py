"""Command line: ``python -m supportroi evaluate|validate|assumptions|report``."""

from __future__ import annotations

import argparse
import json
import math
import sys

from .assumptions import CATALOG, GROUPS, number_or_text
from .finance import describe_payback
from .formatting import money, percent, ratio
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .model import evaluate
from .scenarios import ScenarioError, load_scenario


def assumptions_markdown() -> str:
    """The catalog as a Markdown table, one section per group."""
    out = ["# Assumptions", "",
           "Generated from `supportroi/assumptions.py` (labels and help: "
           "`supportroi/locales/en/assumptions.yaml`) by `python -m supportroi assumptions`.",
           "Fractions are decimals (0.10 = 10 %); money is in the scenario's currency.", ""]
    for key, label in GROUPS:
        out += [f"## {label}", "",
                "| name | label | unit | default | min | max | step | source | help |",
                "|---|---|---|---|---|---|---|---|---|"]
        for a in CATALOG.values():
            if a.group == key:
                unit = a.unit if a.numeric else "one of: " + ", ".join(a.choices)
                cells = [f"`{a.name}`", a.label, unit, number_or_text(a.default),
                         number_or_text(a.min), number_or_text(a.max), number_or_text(a.step),
                         a.source, a.help]
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    return "\n".join(out + _money_origins_markdown())


def _money_origins_markdown() -> list[str]:
    """Where each money default comes from: currency, year and market (supportroi.currency)."""
    from .currency import CURRENCIES, MONEY_ORIGINS, rate_table

    table = rate_table()
    out = ["## Money: currency, year and market of each default", "",
           "Money defaults and benchmarks are figures of one currency and year. A scenario's "
           f"`currency` is one of {', '.join(CURRENCIES)} (the symbols "
           f"{' '.join(CURRENCIES.values())} of older files and links are read as those codes). "
           "A benchmark of a *global* price (software) is converted into the scenario's "
           f"currency at the {table.year} annual average rates of `supportroi/data/rates.yaml` "
           "(or a scenario's `exchange_rates`, units per euro); a *local* cost (wages and the "
           "like) does not carry over by exchange rate, so in another currency the warning says "
           "that no benchmark exists in it. Money inputs left at their default in another "
           "currency are named. Hard money bounds are US-dollar limits, multiplied by the power "
           "of ten above the dollar's rate in a currency worth less (×10 CNY, ×100 RUB).", "",
           "| name | currency | year | market | basis |", "|---|---|---|---|---|"]
    for name, o in MONEY_ORIGINS.items():
        out.append(f"| `{name}` | {o.currency} | {o.year} | {o.market} | "
                   f"{o.basis.replace('|', chr(92) + '|')} |")
    return out + [""]


def _report(ev, path: str) -> str:
    a, cur = ev.appraisal, ev.currency
    table = ev.table.copy()
    table.columns = [f"year {c}" for c in table.columns]
    lines = [f"Scenario: {path}", "", table.round(0).to_string(float_format=lambda x: f"{x:,.0f}"),
             "",
             f"PV benefits   {money(a.pv_benefits, cur)}",
             f"PV costs      {money(a.pv_costs, cur)}",
             f"NPV           {money(a.npv, cur)}",
             f"ROI           {percent(a.roi, 'no costs')}",
             f"BCR           {ratio(a.bcr, 'no costs')}",
             f"IRR           {percent(a.irr, a.irr_note)}",
             f"Payback       {describe_payback(a.payback_years, a.horizon_years)}",
             f"Disc. payback {describe_payback(a.discounted_payback_years, a.horizon_years)}",
             "Terminal value of kept customers (not in ROI) "
             f"{money(ev.terminal_value, cur, why='no discount rate and no churn')}"]
    if ev.intangibles:
        lines += ["", "Intangible benefits (not in ROI): " + "; ".join(ev.intangibles)]
    if ev.warnings:
        lines += ["", "Warnings:"] + [f"  {w}" for w in ev.warnings]
    return "\n".join(lines)


def _json(ev, path: str) -> str:
    def clean(x):
        return None if isinstance(x, float) and not math.isfinite(x) else x

    doc = {"scenario": path, "currency": ev.currency} | ev.appraisal.as_dict()
    doc["terminal_value"] = ev.terminal_value
    doc["intangibles"] = list(ev.intangibles)
    doc["warnings"] = [str(w) for w in ev.warnings]
    doc["years"] = [int(c) for c in ev.table.columns]
    doc["table"] = [{"kind": kind, "line": line, "amounts": [clean(float(x)) for x in row]}
                    for (kind, line), row in zip(ev.table.index, ev.table.to_numpy())]
    return json.dumps(doc, indent=2, allow_nan=False)


def _write_reports(scenario, xlsx: str | None, pdf: str | None,
                   lang: str = DEFAULT_LANGUAGE) -> int:
    """Write the workbook and/or the PDF of one scenario in ``lang``; 1 with a message if
    not possible."""
    try:  # lazily: the reports need openpyxl and matplotlib (the "app" extra)
        if xlsx:
            from .reports.excel import excel_workbook
        if pdf:
            from .reports.pdf import pdf_report
    except ImportError as exc:
        print(f"report: needs the app extra ({exc.name} is missing): "
              "pip install 'supportroi[app]'", file=sys.stderr)
        return 1
    from .reports.provisional import scenario_still_needed

    ev = evaluate(scenario)
    title = scenario.title or scenario.name
    # A baseline's not_measured inputs nobody confirmed: the files say provisional.
    needed = scenario_still_needed(scenario)
    outputs = []
    if xlsx:
        outputs.append((xlsx, lambda: excel_workbook(ev, title=title,
                                                     description=scenario.description,
                                                     lang=lang, still_needed=needed)))
    if pdf:
        outputs.append((pdf, lambda: pdf_report(ev, title=title,
                                                description=scenario.description,
                                                lang=lang, still_needed=needed)))
    for path, build in outputs:
        try:
            with open(path, "wb") as fh:
                fh.write(build())
        except OSError as exc:
            print(f"{path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m supportroi",
                                     description="Customer-service ROI model.")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="print the yearly table and the appraisal")
    ev.add_argument("file", help="scenario YAML file")
    ev.add_argument("--json", action="store_true", help="print JSON instead of text")
    va = sub.add_parser("validate", help="check a scenario file; exit 1 with the problems")
    va.add_argument("file")
    sub.add_parser("assumptions", help="print the assumption catalog as Markdown")
    rp = sub.add_parser("report", help="write the Excel workbook and/or PDF report of a "
                                       "scenario")
    rp.add_argument("file", help="scenario YAML file")
    rp.add_argument("--xlsx", metavar="PATH", help="write the workbook (live formulas) here")
    rp.add_argument("--pdf", metavar="PATH", help="write the PDF report here")
    rp.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                    help=f"language of the workbook and the PDF (default {DEFAULT_LANGUAGE})")
    args = parser.parse_args(argv)
    if args.command == "report" and not (args.xlsx or args.pdf):
        rp.error("give --xlsx PATH, --pdf PATH or both")

    if args.command == "assumptions":
        print(assumptions_markdown())
        return 0
    try:
        scenario = load_scenario(args.file)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "validate":
        print(f"{args.file}: valid ({len(scenario.overrides)} assumption(s) set)")
        return 0
    if args.command == "report":
        return _write_reports(scenario, args.xlsx, args.pdf, args.lang)
    result = evaluate(scenario)
    print(_json(result, args.file) if args.json else _report(result, args.file))
    return 0
