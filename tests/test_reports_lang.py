"""Excel workbooks in Russian and Chinese: every text of the reports' catalog in the language,
sheet names Excel accepts, and the same live formulas (recalculated, the model's figures)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from supportroi import evaluate
from supportroi.compare import compare
from supportroi.i18n import catalog
from supportroi.reports.excel import comparison_workbook, excel_workbook
from supportroi.reports.excel_model import RESULT_NAMES
from supportroi.risk import monte_carlo
from supportroi.scenarios import load_scenario, shipped_scenarios

from .recalc import Recalculated

AREAS = ("reports.", "model.", "warnings.")
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def english_fragments(lang: str) -> set[str]:
    """The literal parts (between {fields}) of the English messages of these areas that the
    language says otherwise, long enough to be words rather than symbols."""
    en, other = catalog("en"), catalog(lang)
    out = set()
    for key, text in en.items():
        if key.startswith(AREAS) and isinstance(text, str) and other.get(key) != text:
            for part in re.split(r"\{[^}]*\}", text):
                part = part.strip(" '().:;,")
                if len(re.findall(r"[A-Za-z]", part)) >= 5:
                    out.add(part)
    return out


def strings(data: bytes) -> list[tuple[str, str]]:
    """(sheet, text) of every text cell that is not a formula, and the sheet names."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = [("", ws.title) for ws in wb.worksheets]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    out.append((ws.title, cell.value))
        for dv in ws.data_validations.dataValidation:
            out += [(ws.title, dv.error or ""), (ws.title, dv.errorTitle or "")]
    return out


def sources() -> set[str]:
    from supportroi.assumptions import CATALOG
    return {a.source for a in CATALOG.values() if a.source}


def assert_no_english(data: bytes, lang: str, typed=()) -> None:
    """No English message text of these areas; citations and what people typed (titles,
    descriptions, intangibles) stay as they are."""
    fragments = english_fragments(lang)
    assert len(fragments) > 80
    kept = sorted(sources() | {t for t in typed if t}, key=len, reverse=True)
    workings = (catalog(lang)["reports.sheets.workings"],
                catalog(lang)["reports.sheets.prefixed.workings"].replace("{name}", "").strip())
    for sheet, text in strings(data):
        if sheet.endswith(workings) and text not in catalog(lang).values():
            continue  # the working steps' own labels and words are still English (to do)
        for source in kept:
            text = text.replace(source, "")
        found = [f for f in fragments  # whole words: "discount_rate" is a name, not English
                 if re.search(rf"(?<![A-Za-z_]){re.escape(f)}(?![A-Za-z_])", text)]
        assert found == [], (sheet, text[:120], found)


def assert_sheet_names(data: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        assert 0 < len(ws.title) <= 31 and not FORBIDDEN.search(ws.title), ws.title


@pytest.fixture(scope="module")
def russian_bank():
    s = load_scenario(shipped_scenarios()["russian_bank_contact_centre"])
    return s, evaluate(s)


@pytest.fixture(scope="module")
def mc(russian_bank):
    s, _ = russian_bank
    return monte_carlo(s, {"deflection_rate": (0.05, 0.1, 0.2),
                                     "aht_reduction": (0.0, 0.05, 0.1)}, n=500, seed=1)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_scenario_workbook_is_in_the_language_and_recalculates(lang, russian_bank, mc,
                                                                  tmp_path):
    s, ev = russian_bank
    data = excel_workbook(ev, title=s.title, description=s.description, monte_carlo=mc,
                          lang=lang)
    assert_no_english(data, lang, [s.title, s.description, *s.intangibles])
    assert_sheet_names(data)
    text = " ".join(t for _, t in strings(data))
    assert ("Итоги" if lang == "ru" else "摘要") in text
    path = tmp_path / f"case-{lang}.xlsx"
    path.write_bytes(data)
    book = Recalculated(path)
    a = ev.appraisal
    for key in ("npv", "roi", "irr", "pv_benefits", "pv_costs"):
        assert book.name(RESULT_NAMES[key]) == pytest.approx(getattr(a, key), rel=1e-9)


def test_formulas_and_names_are_the_same_in_every_language(russian_bank):
    _, ev = russian_bank

    def formulas(lang):
        wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(ev, lang=lang)))
        cells = [[c.value for row in ws.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.startswith("=")]
                 for ws in wb.worksheets]
        names = {n: wb.defined_names[n].attr_text.split("!")[1] for n in wb.defined_names}
        return cells, names

    en = formulas("en")
    assert formulas("ru") == en and formulas("zh") == en
    assert all(f.isascii() for sheet in en[0] for f in sheet)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_comparison_workbook_is_in_the_language_and_recalculates(lang, tmp_path):
    paths = shipped_scenarios()
    scenarios = {k: load_scenario(paths[k]) for k in ("russian_bank_contact_centre",
                                                      "telecom_contact_centre")}
    c = compare(scenarios)
    data = comparison_workbook(c, title="Q3", lang=lang)
    typed = [x for sc in scenarios.values() for x in (sc.title, sc.description, *sc.intangibles)]
    assert_no_english(data, lang, typed)
    assert_sheet_names(data)
    path = tmp_path / f"comparison-{lang}.xlsx"
    path.write_bytes(data)
    book = Recalculated(path)
    for j, name in enumerate(c.names, 1):
        a = c.evaluations[name].appraisal
        for key in ("npv", "roi", "irr"):
            assert book.name(f"case{j}_{RESULT_NAMES[key]}") == pytest.approx(
                getattr(a, key), rel=1e-9)


def test_the_conventions_are_said_once():
    from supportroi.formatting import CONVENTIONS
    assert catalog("en")["reports.conventions"] == CONVENTIONS
