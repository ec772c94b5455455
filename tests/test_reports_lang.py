"""Excel workbooks in Russian and Chinese: every text of the reports' catalog in the language,
sheet names Excel accepts, and the same live formulas (recalculated, the model's figures)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from supportroi import Scenario, evaluate
from supportroi.compare import compare
from supportroi.i18n import catalog
from supportroi.reports.excel import comparison_workbook, excel_workbook
from supportroi.reports.excel_model import ERLANG_WORKINGS, RESULT_NAMES, WORKINGS
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
    for sheet, text in strings(data):
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


#: Erlang staffing with the wait–churn and abandonment–churn links on: the Workings sheet has
#: the phone rows and the grey values computed outside Excel (as in tests/test_exports.py).
ERLANG = {"staffing_method": "erlang", "wait_churn_per_minute": 0.01,
          "wait_churn_threshold_s": 20.0, "abandonment_churn": 0.2}
SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh": re.compile("[\u4e00-\u9fff]")}


@pytest.fixture(scope="module")
def erlang_case():
    return evaluate(Scenario(ERLANG, title="erlang"))


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_workings_with_erlang_staffing_are_in_the_language_and_recalculate(
        lang, erlang_case, tmp_path):
    ev = erlang_case
    data = excel_workbook(ev, title="erlang", lang=lang)
    assert_no_english(data, lang, ["erlang"])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[catalog(lang)["reports.sheets.workings"]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {w.name for w in WORKINGS + ERLANG_WORKINGS}
    for w in WORKINGS + ERLANG_WORKINGS:
        label, words = w.text(lang)
        assert (rows[w.name][1], rows[w.name][4]) == (label, words)
        assert (label, words) != (w.label, w.words), w.name
        assert SCRIPT[lang].search(label), w.name
        # Words in the language, unless a formula of symbols only ("AHT ÷ 60").
        assert SCRIPT[lang].search(words) or not re.search("[a-z]{3}", w.words), w.name
    grey = rows["abandon_before"]
    assert grey[5] == catalog(lang)["reports.workings.value"] and "Erlang A" in grey[4]
    assert rows["hourly_cost"][3] == ("$/ч" if lang == "ru" else "$/小时")
    path = tmp_path / f"erlang-{lang}.xlsx"
    path.write_bytes(data)
    book = Recalculated(path)
    a = ev.appraisal
    for key in ("npv", "roi", "irr", "pv_benefits", "pv_costs"):
        assert book.name(RESULT_NAMES[key]) == pytest.approx(getattr(a, key), rel=1e-9)
    for key in ("phone_staffed_fcr", "abandon_churn_reduction", "fte_labour_aht"):
        assert book.name(key) == pytest.approx(ev.quantities[key], rel=1e-9, abs=1e-12)


def test_the_english_workings_are_as_before(erlang_case):
    # The English texts moved to the catalog word for word (tests/test_exports.py and
    # tests/recalc.py read the English workbook).
    wb = openpyxl.load_workbook(io.BytesIO(excel_workbook(erlang_case)))
    rows = {r[0]: r for r in wb["Workings"].iter_rows(min_row=2, values_only=True)}
    assert rows["loaded_cost"][1:2] + rows["loaded_cost"][3:5] == (
        "Loaded cost per agent", "$/year", "salary × (1 + benefits load) + overhead")
    assert rows["fte_freed_fcr"][1] == "FTE freed by fewer repeats that the team staffs"
    assert rows["fte_freed_fcr"][4] == (
        "min(team, workload before) − min(team, workload after): a team below its workload "
        "does not save what it never spent (erlang staffing: × chat and email share of agent "
        "hours, + the phone FTE the phone team staffs)")
    erlang_c = ("computed by supportroi's Erlang C staffing model (half-hourly, fractional "
                "agents, see supportroi.queueing); a value, not a formula: it does not change "
                "with the inputs here")
    assert rows["fte_saved_aht"][1:5] == (
        "Phone FTE saved by shorter AHT", pytest.approx(erlang_case.quantities["fte_saved_aht"]),
        "FTE", erlang_c)
    assert rows["cost_factor"][3] == "×" and rows["aht_cut"][3] == "fraction"


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
    # The same formulas but for the words they show ("undefined (no costs)", "does not pay
    # back within 5 years"), which are in the workbook's language.
    assert formulas("ru")[1] == en[1] and formulas("zh")[1] == en[1]
    assert _without_words(formulas("ru")[0]) == _without_words(en[0])
    assert _without_words(formulas("zh")[0]) == _without_words(en[0])
    assert all(f.isascii() for sheet in en[0] for f in sheet)
    assert all(f.isascii() for sheet in _without_words(formulas("ru")[0]) for f in sheet)
    for lang, script in (("ru", "[А-Яа-я]"), ("zh", "[\u4e00-\u9fff]")):
        words = [w for sheet in formulas(lang)[0] for f in sheet for w in _WORDS.findall(f)]
        assert len(words) >= 6, words
        assert all(re.search(script, w) for w in words), words


_WORDS = re.compile(r'"((?:[^"]|"")*)"')


def _without_words(sheets):
    return [[_WORDS.sub('""', f) for f in sheet] for sheet in sheets]


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


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_case_that_never_pays_back_says_so_in_the_language_after_recalculation(lang, tmp_path):
    from supportroi.assumptions import defaults
    from supportroi.finance import IRR_NO_SIGN_CHANGE
    from supportroi.formatting import payback, ratio
    values = defaults() | {"tech_annual_cost": 10_000_000}
    ev = evaluate(values)
    path = tmp_path / f"never_{lang}.xlsx"
    path.write_bytes(excel_workbook(ev, lang=lang))
    book = Recalculated(path)
    horizon = ev.values["horizon_years"]
    assert book.name("payback_years") == payback(None, horizon, lang=lang)
    # every year's net flow is negative: no IRR
    assert book.name("internal_rate_of_return") == ratio(None, why=IRR_NO_SIGN_CHANGE,
                                                         lang=lang)
