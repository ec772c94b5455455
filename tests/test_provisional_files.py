"""Take-away files of a baseline case whose inputs the client's data did not give are still
at a default nobody entered or confirmed: the PDF and the workbook say "provisional", name
each input with the value used, and mark those cells; once every input is given (on the
dashboard, or ``confirmed:`` in the file) nothing of it is left; a scenario that is not a
baseline gives the files it always gave."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pypdfium2
import pytest

from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE
from supportroi.apps.dashboard import Dashboard
from supportroi.assumptions import CATALOG
from supportroi.baseline import compute_kpis, read_export, to_scenario
from supportroi.i18n import translator
from supportroi.model import evaluate
from supportroi.reports.excel import PROVISIONAL_FILL, excel_workbook
from supportroi.reports.pdf import pdf_report
from supportroi.reports.provisional import (provisional_inputs, scenario_still_needed,
                                            value_with_unit)
from supportroi.scenarios import Scenario, dump_scenario, load_scenario, parse_scenario, \
    shipped_scenarios

from .recalc import Recalculated
from .test_exports import assert_same_case
from .test_pdf_lang import assert_inside_margins, drawn

ROOT = Path(__file__).resolve().parents[1]
DATE = dt.date(2026, 1, 5)
SPACES = re.compile(r"[\s\u00a0\u202f]+")
NOTE = {"en": "catalog default: not in the client's data; enter or confirm"}


def pages(pdf: bytes) -> list[str]:
    """Each page's text (PDFium), whitespace made single spaces."""
    doc = pypdfium2.PdfDocument(pdf)
    return [SPACES.sub(" ", doc[i].get_textpage().get_text_range()) for i in range(len(doc))]


def bare(text: str) -> str:
    """Text without any space: a label wrapped over two lines (or between Chinese
    characters) still reads as one."""
    return SPACES.sub("", text)


def cells(xlsx: bytes) -> dict[str, list[tuple]]:
    """Every sheet's values, row by row."""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def links(html_text: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html_text)
    return {name: base64.b64decode(data) for name, data in found}


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    """The sample export's baseline scenario, as the dashboard's upload reads it back."""
    kpis = compute_kpis(read_export(SAMPLE, timezone=SAMPLE_TIMEZONE))
    return parse_scenario(dump_scenario(to_scenario(kpis)), "<upload>")


@pytest.fixture(scope="module")
def needed(baseline) -> list[str]:
    return scenario_still_needed(baseline)


@pytest.fixture(scope="module")
def files(baseline, needed):
    """The baseline's files, each built once: (lang, kind) → bytes."""
    ev = evaluate(baseline)
    out = {}
    for lang in ("en", "ru", "zh"):
        out[lang, "pdf"] = drawn(lambda: pdf_report(ev, baseline.title, baseline.description,
                                                    DATE, lang=lang, still_needed=needed))
        out[lang, "xlsx"] = excel_workbook(ev, baseline.title, baseline.description,
                                           lang=lang, still_needed=needed)
    out["en", "full"] = drawn(lambda: pdf_report(ev, baseline.title, baseline.description,
                                                 DATE, client="Acme", author="A. Consultant",
                                                 still_needed=needed))
    return out


# -- the rule --------------------------------------------------------------------------------
def test_a_files_still_needed_inputs_are_its_unconfirmed_not_measured(baseline, needed):
    assert needed == [n for n in CATALOG if n in baseline.not_measured]
    assert {"agent_fte", "agent_salary"} <= set(needed)
    some = Scenario(baseline.overrides, not_measured=baseline.not_measured,
                    confirmed=("agent_fte", "shrinkage"))
    assert scenario_still_needed(some) == [n for n in needed if n not in ("agent_fte",
                                                                           "shrinkage")]
    every = Scenario(baseline.overrides, not_measured=baseline.not_measured,
                     confirmed=baseline.not_measured)
    assert scenario_still_needed(every) == []
    for path in shipped_scenarios().values():
        assert scenario_still_needed(load_scenario(path)) == []


def test_an_unknown_input_is_refused_in_words(baseline):
    with pytest.raises(ValueError, match="agent_ftee.*not an input of the model"):
        pdf_report(evaluate(baseline), still_needed=["agent_ftee"])
    with pytest.raises(ValueError, match="not an input of the model"):
        excel_workbook(evaluate(baseline), still_needed=["agent_ftee"])


def test_each_input_is_named_with_the_value_used(baseline, needed):
    items = provisional_inputs(needed, baseline.values, "USD", "en")
    fte = next(i for i in items if i.name == "agent_fte")
    assert fte.default and fte.label == CATALOG["agent_fte"].label
    assert fte.value == f"{CATALOG['agent_fte'].default:g} FTE"
    salary = next(i for i in items if i.name == "agent_salary")
    assert salary.value == f"${CATALOG['agent_salary'].default:,.0f}/year"
    off = provisional_inputs(["agent_fte"], baseline.values | {"agent_fte": 42}, "USD", "en")[0]
    assert not off.default and "scenario file's value" in off.text("en")


# -- the PDF ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_pdf_says_provisional_on_its_first_page_naming_each_input(files, baseline,
                                                                      needed, lang):
    t = translator(lang)
    pdf = files[lang, "pdf"]
    first = pages(pdf)[0]
    assert t("reports.provisional.title") in first
    for n in needed:
        a = CATALOG[n]
        label, value = a.text(lang)[0], value_with_unit(a, baseline.values[n], "USD", lang)
        assert bare(f"{label}") in bare(first), n
        assert bare(t("reports.provisional.item", label=label, value=value)) in bare(first), n
    # beside each of the five headline figures
    assert first.count(t("reports.provisional.tag")) >= 5 + (lang == "en")
    assert len(pages(pdf)) == 2  # nothing pushed off the two pages
    assert_inside_margins(pdf)


def test_the_workshop_pdf_says_it_on_the_title_page_and_the_summary(files, needed):
    title, summary, *_ = pages(files["en", "full"])
    for page in (title, summary):
        assert "Provisional figures" in page and "not measured in the client's data" in page
        for n in needed:
            assert CATALOG[n].label in page
    assert summary.count("provisional") >= 6 and "Acme" in title
    assert_inside_margins(files["en", "full"])


# -- the workbook ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_workbook_says_provisional_at_the_top_and_marks_the_cells(files, baseline, needed,
                                                                     lang):
    t = translator(lang)
    wb = openpyxl.load_workbook(io.BytesIO(files[lang, "xlsx"]))
    summary = wb[t("reports.sheets.summary")]
    assert summary["A4"].value == t("reports.provisional.title")
    assert str(len(needed)) in summary["B4"].value
    listed = [summary.cell(r, 1).value for r in range(6, 6 + len(needed))]
    assert listed == [CATALOG[n].text(lang)[0] for n in needed]
    assert [summary.cell(r, 2).value for r in range(6, 6 + len(needed))] == [
        value_with_unit(CATALOG[n], baseline.values[n], "USD", lang) for n in needed]
    inputs = wb[t("reports.sheets.inputs")]
    words = t("reports.provisional.cell_note")
    assert words == NOTE.get(lang, words)
    marked = set()
    for r in range(2, inputs.max_row + 1):
        name, value = inputs.cell(r, 1).value, inputs.cell(r, 3)
        if value.comment is not None or value.fill.fgColor.rgb.endswith(
                PROVISIONAL_FILL.fgColor.rgb[-6:]):
            marked.add(name)
            assert value.comment.text == words and words in inputs.cell(r, 11).value
            assert value.value == baseline.values[name]  # the value, not a formula
    assert marked == set(needed)


def test_the_provisional_workbook_still_recalculates_to_the_model(files, baseline, tmp_path):
    path = tmp_path / "case.xlsx"
    path.write_bytes(files["en", "xlsx"])
    book = Recalculated(path)
    ev = evaluate(baseline)
    assert_same_case(book, ev)
    # The Summary's live column (moved down by the notice) equals the figures computed.
    r = book.row_of("Summary", "A", "ROI (NPV / PV costs)")
    assert book.book["Summary"].cell(r, 2).value == "=return_on_investment"
    assert book.cell("Summary", f"B{r}") == pytest.approx(ev.appraisal.roi)
    assert book.book["Summary"].cell(r, 4).value == pytest.approx(ev.appraisal.roi)
    npv = book.row_of("Summary", "A", "NPV")
    assert book.cell("Summary", f"B{npv}") == pytest.approx(ev.appraisal.npv)


# -- nothing provisional: the files as they always were ---------------------------------------
def test_confirmed_inputs_leave_no_mark_and_the_files_unchanged(baseline):
    every = Scenario(baseline.overrides, title=baseline.title,
                     description=baseline.description, not_measured=baseline.not_measured,
                     confirmed=baseline.not_measured)
    ev = evaluate(every)
    needed = scenario_still_needed(every)
    pdf = pdf_report(ev, every.title, every.description, DATE, still_needed=needed)
    plain = pdf_report(ev, every.title, every.description, DATE)
    assert pages(pdf) == pages(plain)
    assert "Provisional" not in " ".join(pages(pdf)) and "provisional" not in " ".join(pages(pdf))
    xlsx = excel_workbook(ev, every.title, every.description, still_needed=needed)
    assert cells(xlsx) == cells(excel_workbook(ev, every.title, every.description))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert all(c.comment is None for row in wb["Inputs"].iter_rows() for c in row)
    assert wb["Summary"]["A5"].value == "Figure" and wb["Summary"]["B6"].value == \
        "=return_on_investment"


# -- the command line ------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "supportroi", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_report_on_a_baseline_file_is_provisional_except_what_it_confirms(baseline, tmp_path):
    some = Scenario(baseline.overrides, title=baseline.title,
                    description=baseline.description, not_measured=baseline.not_measured,
                    confirmed=("agent_fte",))
    path = tmp_path / "baseline.yaml"
    path.write_text(dump_scenario(some), encoding="utf-8")
    xlsx, pdf = tmp_path / "b.xlsx", tmp_path / "b.pdf"
    out = run("report", path, "--xlsx", xlsx, "--pdf", pdf)
    assert out.returncode == 0, out.stderr
    first = pages(pdf.read_bytes())[0]
    assert "Provisional figures" in first and CATALOG["agent_salary"].label in first
    assert f"{CATALOG['agent_fte'].label}:" not in first  # confirmed in the file
    assert f"{len(baseline.not_measured) - 1} inputs" in first
    wb = openpyxl.load_workbook(xlsx)
    assert wb["Summary"]["A4"].value == "Provisional figures"
    comments = {wb["Inputs"].cell(c.row, 1).value for row in wb["Inputs"].iter_rows()
                for c in row if c.comment is not None}
    assert comments == set(baseline.not_measured) - {"agent_fte"}


def test_report_on_a_scenario_without_not_measured_is_as_before(tmp_path):
    path = shipped_scenarios()["chatbot_self_service"]
    pdf = tmp_path / "c.pdf"
    out = run("report", path, "--pdf", pdf)
    assert out.returncode == 0, out.stderr
    s = load_scenario(path)
    plain = pdf_report(evaluate(s), title=s.title, description=s.description)
    assert pages(pdf.read_bytes()) == pages(plain)
    assert "rovisional" not in " ".join(pages(plain))


# -- the dashboard's downloads ---------------------------------------------------------------
def test_the_dashboards_downloads_are_marked_while_provisional(baseline):
    app = Dashboard()
    app.controls.load(baseline, "")
    ws = app.workshop
    ws.checks["chatbot"].value = True
    app.excel_button.click()
    got = links(app.excel_link.value)
    first = pages(got["supportroi-report.pdf"])[0]
    assert "Provisional figures" in first
    for n in ws.still_needed():
        assert CATALOG[n].label in first
    wb = openpyxl.load_workbook(io.BytesIO(got["supportroi-results.xlsx"]))
    assert wb["Summary"]["A4"].value == "Provisional figures"
    fte_row = next(r for r in range(2, wb["Inputs"].max_row + 1)
                   if wb["Inputs"].cell(r, 1).value == "agent_fte")
    assert wb["Inputs"].cell(fte_row, 3).comment is not None
    # One entered, the rest confirmed: the same buttons give unmarked files.
    app.controls.assumptions.entries["agent_fte"].box.value = "40"
    for name in ws.still_needed():
        ws.confirm(name)
    assert ws.still_needed() == []
    app.excel_button.click()
    got = links(app.excel_link.value)
    text = " ".join(pages(got["supportroi-report.pdf"]))
    assert "Provisional" not in text and "provisional" not in text
    wb = openpyxl.load_workbook(io.BytesIO(got["supportroi-results.xlsx"]))
    assert wb["Summary"]["A5"].value == "Figure"
    assert wb["Inputs"].cell(fte_row, 3).value == 40
    assert all(c.comment is None for row in wb["Inputs"].iter_rows() for c in row)


def test_the_dashboards_downloads_speak_the_page_language(baseline):
    app = Dashboard(lang="ru")
    app.controls.load(baseline, "")
    app.excel_button.click()
    got = links(app.excel_link.value)
    t = translator("ru")
    assert t("reports.provisional.title") in pages(got["supportroi-report.pdf"])[0]
    wb = openpyxl.load_workbook(io.BytesIO(got["supportroi-results.xlsx"]))
    assert wb[t("reports.sheets.summary")]["A4"].value == t("reports.provisional.title")


def test_the_risk_apps_files_of_a_baseline_are_provisional_too(baseline, needed):
    from supportroi.apps.risk import RiskApp
    app = RiskApp()
    app.controls.load(baseline, "")
    app.report_prepare.click()
    got = links(app.report_links.value)
    first = pages(got["supportroi-risk-report.pdf"])[0]   # the title page
    assert "Provisional figures" in first
    assert all(CATALOG[n].label in bare(first) or bare(CATALOG[n].label) in bare(first)
               for n in needed)
    wb = openpyxl.load_workbook(io.BytesIO(got["supportroi-risk.xlsx"]))
    assert wb["Summary"]["A4"].value == "Provisional figures"
