"""PDF reports in Russian and Chinese: a shipped scenario, a comparison and a risk report
(tornado, Monte Carlo, break-even) hold no English text of the catalog areas they use,
draw every glyph, keep their ink inside the margins, and show the model's figures in the
language's format (checked against numbers formatted here by hand)."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import numpy as np
import pypdfium2
import pytest

from supportroi.assumptions import CATALOG
from supportroi.compare import compare
from supportroi.i18n import catalog
from supportroi.model import evaluate
from supportroi.reports.pdf import RiskSummary, _width, _wrap, pdf_report
from supportroi.risk import break_even, monte_carlo, tornado
from supportroi.scenarios import load_scenario, shipped_scenarios

DATE = dt.date(2026, 1, 5)
#: The catalog areas the PDF writes from.
AREAS = ("reports.", "results.", "risk.chart.", "compare.chart.", "assumptions.",
         "unit_labels.", "choices.", "warnings.", "model.")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def english_fragments(lang: str, kept: list[str]) -> set[str]:
    """The literal parts (between {fields}) of the English messages of :data:`AREAS`
    that ``lang`` says otherwise, long enough to be words; parts that also occur in what
    people typed or in a cited source (which stay as written) are left out."""
    en, other = catalog("en"), catalog(lang)
    kept_text = SPACES.sub(" ", " ".join(kept))
    out = set()
    for key, text in en.items():
        if not (key.startswith(AREAS) and isinstance(text, str) and other.get(key) != text):
            continue
        if key.startswith("assumptions.") and key.endswith(".help"):
            continue  # help texts are not in the PDF
        for part in re.split(r"\{[^}]*\}", text):
            part = SPACES.sub(" ", part.strip(" '().:;,"))
            if len(re.findall(r"[A-Za-z]", part)) >= 5 and not re.search(
                    rf"(?<![A-Za-z_]){re.escape(part)}(?![A-Za-z_])", kept_text):
                out.add(part)
    return out


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page (PDFium), whitespace made single spaces."""
    doc = pypdfium2.PdfDocument(pdf)
    return [SPACES.sub(" ", doc[i].get_textpage().get_text_range()) for i in range(len(doc))]


def assert_inside_margins(pdf: bytes) -> None:
    """Every page is A4 and has ink, and none of it in the left or right 0.3 inch."""
    doc = pypdfium2.PdfDocument(pdf)
    for i in range(len(doc)):
        page = np.asarray(doc[i].render(scale=0.5).to_pil().convert("RGB"))
        h, w, _ = page.shape
        assert abs(h / w - 11.69 / 8.27) < 0.01
        ink = (page < 200).any(axis=2)
        assert ink.any(), f"page {i + 1} is empty"
        margin = int(0.3 / 8.27 * w)
        assert not ink[:, :margin].any() and not ink[:, -margin:].any(), f"page {i + 1}"


def drawn(make) -> bytes:
    """``make()``'s PDF, failing on any missing-glyph warning of matplotlib."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf = make()
    glyphs = [str(w.message) for w in caught
              if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    assert glyphs == []
    return pdf


def check(pdf: bytes, lang: str, kept: list[str]) -> str:
    pages = pdf_text(pdf)
    text = " ".join(pages)
    fragments = english_fragments(lang, kept)
    assert len(fragments) > 150
    found = sorted(f for f in fragments
                   if re.search(rf"(?<![A-Za-z_]){re.escape(f)}(?![A-Za-z_])", text))
    assert found == []
    assert_inside_margins(pdf)
    return text


def sources() -> list[str]:
    return [a.source for a in CATALOG.values() if a.source]


def ru_money(x: float, sign: str = "$") -> str:
    """Russian money written out by hand: 12 764 503 $ (grouped by spaces), minus sign."""
    s = f"{abs(round(x)):,}".replace(",", " ")
    return ("−" if round(x) < 0 else "") + s + " " + sign


def zh_money(x: float, sign: str = "$") -> str:
    return ("−" if round(x) < 0 else "") + sign + f"{abs(round(x)):,}"


MONEY = {"ru": ru_money, "zh": zh_money}
DAY = {"ru": "5 января 2026 г.", "zh": "2026年1月5日"}


@pytest.fixture(scope="module")
def telecom():
    s = load_scenario(shipped_scenarios()["telecom_contact_centre"])
    return s, evaluate(s)


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_scenario_pdf_is_in_the_language(lang, telecom):
    s, ev = telecom
    pdf = drawn(lambda: pdf_report(ev, title=s.title, description=s.description, date=DATE,
                                   lang=lang))
    text = check(pdf, lang, [s.title, s.description, *s.intangibles, *sources()])
    a = ev.appraisal
    for x in (a.npv, a.pv_benefits, a.pv_costs):
        assert MONEY[lang](x) in text
    assert DAY[lang] in text
    assert {"ru": "Основные допущения", "zh": "主要假设"}[lang] in text
    assert {"ru": "страница 2 из 2", "zh": "第2页，共2页"}[lang] in text


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_risk_pdf_is_in_the_language(lang, telecom):
    s, ev = telecom
    mc = monte_carlo(ev.values, {"churn_reduction": (0.001, 0.003, 0.006)}, n=1000, seed=7)
    be = break_even(ev.values, "tech_annual_cost", lang=lang)
    pdf = drawn(lambda: pdf_report(ev, title=s.title, client="Acme", author="Jo", date=DATE,
                                   risk=RiskSummary(tornado(ev.values), monte_carlo=mc,
                                                    break_even=be), lang=lang))
    text = check(pdf, lang, [s.title, s.description, *s.intangibles, *sources(), "Acme", "Jo"])
    for x in (mc.npv_p10, mc.npv_p50, mc.npv_p90, be.value):
        assert MONEY[lang](x) in text
    share = f"{100 * mc.p_roi_positive:.1f}".replace(".", "," if lang == "ru" else ".")
    assert f"P(ROI > 0) {share}{' %' if lang == 'ru' else '%'}" in text
    for heading in {"ru": ("Какие допущения важны (торнадо)",
                           "Насколько надёжен расчёт (Монте-Карло)", "Где точка безубыточности",
                           "Вероятность, что NPV не выше значения"),
                    "zh": ("哪些假设重要（龙卷风图）", "结论有多可靠（蒙特卡洛）", "盈亏平衡点在哪里",
                           "净现值不超过某值的概率")}[lang]:
        assert heading in text


@pytest.mark.parametrize("lang,scale", [("ru", "money"), ("zh", "each"), ("ru", "roi")])
def test_a_comparison_pdf_is_in_the_language(lang, scale):
    paths = shipped_scenarios()
    scenarios = {k: load_scenario(paths[k]) for k in ("russian_bank_contact_centre",
                                                      "telecom_contact_centre")}
    c = compare(scenarios)
    typed = [*c.titles.values(), *[s.description for s in scenarios.values()],
             *[i for s in scenarios.values() for i in s.intangibles]]
    pdf = drawn(lambda: pdf_report(c, date=DATE, client="Client plc", scale=scale, lang=lang))
    text = check(pdf, lang, [*typed, *sources(), "Client plc"])
    npv = c.evaluations["telecom_contact_centre"].appraisal.npv
    assert MONEY[lang](npv) in text
    assert {"ru": "Различающиеся допущения", "zh": "不同的假设"}[lang] in text


def test_english_is_unchanged_by_default(telecom):
    _, ev = telecom
    assert pdf_text(pdf_report(ev, title="T", date=DATE)) == pdf_text(
        pdf_report(ev, title="T", date=DATE, lang="en"))
    with pytest.raises(ValueError, match="language must be one of"):
        pdf_report(ev, lang="de")


def test_chinese_breaks_between_characters_and_keeps_punctuation_with_them():
    text = ("每项假设单独取其低值和高值（未设定范围时为其数值的±20%，并限于有效范围）；"
            "其余假设保持情景中的数值。") * 2
    lines = _wrap(text, 1.6, 10)
    assert len(lines) > 4 and "".join(lines) == text
    assert all(_width(line, 10) <= 1.6 for line in lines)
    assert not any(line[0] in "，。；）%" for line in lines)


def test_a_long_russian_word_is_cut_with_a_hyphen_and_nothing_is_lost():
    word = "Высокотехнологичнейшаяавтоматизацияобслуживанияклиентов"
    lines = _wrap(f"{word} и ещё немного", 1.2, 10)
    assert all(_width(line, 10) <= 1.2 for line in lines)
    assert lines[0].endswith("-") and len(lines) >= 3
    joined = "".join(x[:-1] if x.endswith("-") else x + " " for x in lines)
    assert joined.strip() == f"{word} и ещё немного"

def test_latin_words_wrap_at_spaces_as_before():
    lines = _wrap("A long workshop title for the CRM business case " * 3, 3, 12)
    assert " ".join(lines) == ("A long workshop title for the CRM business case " * 3).strip()
    assert all(_width(line, 12) <= 3 for line in lines)
