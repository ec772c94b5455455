"""The command line, run as a user would run it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from supportroi import CATALOG, evaluate, load_scenario
from supportroi.cli import assumptions_markdown
from supportroi.scenarios import shipped_scenarios

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "supportroi", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_evaluate_json_matches_the_model(name):
    path = shipped_scenarios()[name]
    out = run("evaluate", path, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    for key in ("roi", "npv", "pv_costs", "pv_benefits", "bcr", "irr", "payback_years"):
        assert key in doc
    a = evaluate(load_scenario(path)).appraisal
    assert doc["roi"] == pytest.approx(a.roi)
    assert doc["npv"] == pytest.approx(a.npv)
    assert doc["payback_years"] == pytest.approx(a.payback_years)
    assert doc["years"] == list(range(a.horizon_years + 1))


def test_evaluate_text():
    out = run("evaluate", shipped_scenarios()["ecommerce_training"])
    assert out.returncode == 0
    for word in ("labour_aht", "cumulative net", "ROI", "NPV", "Payback", "€"):
        assert word in out.stdout
    assert "nan" not in out.stdout.lower()


def test_validate(tmp_path):
    assert run("validate", shipped_scenarios()["ecommerce_training"]).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("discont_rate: 0.08\nshrinkage: 3\n")
    out = run("validate", bad)
    assert out.returncode == 1
    assert "did you mean 'discount_rate'" in out.stderr
    assert f"{bad}:2: shrinkage" in out.stderr
    assert "Traceback" not in out.stderr


def test_evaluate_bad_file_is_a_clear_error(tmp_path):
    out = run("evaluate", tmp_path / "nope.yaml")
    assert out.returncode == 1 and "cannot read" in out.stderr and "Traceback" not in out.stderr


def test_assumptions_lists_the_catalog():
    out = run("assumptions")
    assert out.returncode == 0
    for name in CATALOG:
        assert f"`{name}`" in out.stdout


def test_docs_are_generated_from_the_catalog():
    doc = (ROOT / "docs" / "assumptions.md").read_text(encoding="utf-8")
    assert doc == assumptions_markdown() + "\n", "run: python -m supportroi assumptions > docs/assumptions.md"


def test_report_writes_the_workbook_and_the_pdf(tmp_path):
    path = shipped_scenarios()["chatbot_self_service"]
    xlsx, pdf = tmp_path / "case.xlsx", tmp_path / "case.pdf"
    out = run("report", path, "--xlsx", xlsx, "--pdf", pdf)
    assert out.returncode == 0, out.stderr
    assert f"wrote {xlsx}" in out.stdout and f"wrote {pdf}" in out.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    import openpyxl
    wb = openpyxl.load_workbook(xlsx)
    s = load_scenario(path)
    assert wb["Summary"]["B1"].value == s.title
    assert wb["Summary"]["D7"].value == pytest.approx(evaluate(s).appraisal.npv)
    assert wb["Summary"]["B7"].value == "=net_present_value"  # a live formula


def test_report_errors_are_clear(tmp_path):
    path = shipped_scenarios()["ecommerce_training"]
    out = run("report", path)
    assert out.returncode == 2 and "give --xlsx PATH, --pdf PATH or both" in out.stderr
    out = run("report", path, "--xlsx", tmp_path / "missing" / "x.xlsx")
    assert out.returncode == 1 and "cannot write" in out.stderr
    assert "Traceback" not in out.stderr
    out = run("report", tmp_path / "nope.yaml", "--pdf", tmp_path / "x.pdf")
    assert out.returncode == 1 and "cannot read" in out.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_make_reports_writes_every_shipped_scenario():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nreports:", 1)[1].split("\n\n", 1)[0]
    assert "supportroi report" in recipe and "data/scenarios/*.yaml" in recipe
    assert "/reports/" in (ROOT / ".gitignore").read_text().splitlines()


def test_report_writes_in_the_language_asked(tmp_path):
    import pypdfium2

    from supportroi.i18n import catalog

    path = shipped_scenarios()["chatbot_self_service"]
    pdf, xlsx = tmp_path / "case-ru.pdf", tmp_path / "case-ru.xlsx"
    out = run("report", path, "--lang", "ru", "--pdf", pdf, "--xlsx", xlsx)
    assert out.returncode == 0, out.stderr
    doc = pypdfium2.PdfDocument(pdf.read_bytes())
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    ru, en = catalog("ru"), catalog("en")
    assert ru["reports.pdf.key_assumptions"] in text
    assert en["reports.pdf.key_assumptions"] not in text
    import openpyxl
    assert ru["reports.sheets.summary"] in openpyxl.load_workbook(xlsx).sheetnames
    out = run("report", path, "--lang", "fr", "--pdf", pdf)
    assert out.returncode == 2 and "invalid choice: 'fr'" in out.stderr


def test_make_reports_writes_every_language():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nreports:", 1)[1].split("\n\n", 1)[0]
    assert "--lang $$l" in recipe and "$$n-$$l.pdf" in recipe and "$$n-$$l.xlsx" in recipe
    assert "REPORT_LANGS ?= en ru zh" in makefile
