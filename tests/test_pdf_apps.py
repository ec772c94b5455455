"""The PDFs of the staffing app and the baseline app, in English, Russian and Chinese:
the figures the apps compute (and the same figures computed here from the model) are in
the text, no English text of the catalog areas they use is left in Russian or Chinese,
every glyph is drawn and nothing is drawn in the margins. The PDF buttons build the file
on a click only and say plainly when they cannot."""

from __future__ import annotations

import base64
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from supportroi import defaults
from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE, BaselineApp, kpi_cards
from supportroi.apps.baseline.cards import date_text
from supportroi.apps.baseline.report import baseline_pdf
from supportroi.apps.staffing import StaffingApp, day_names, staffing_pdf
from supportroi.baseline import compute_kpis, read_export
from supportroi.formatting import percent
from supportroi.i18n import catalog, translator
from supportroi.queueing import average_speed_of_answer, interval_staffing, service_level

from .test_pdf_lang import SPACES, assert_inside_margins, drawn, pdf_text

DATE = dt.date(2026, 1, 5)
LANGS = ("en", "ru", "zh")
#: The catalog areas these PDFs write from.
AREAS = ("pdf_apps.", "staffing.cards.", "staffing.note.", "staffing.chart.", "reports.pdf.",
         "reports.conventions", "reports.footer.", "baseline.kpi.", "baseline.table.", "baseline.rejections.",
         "baseline.reasons.", "baseline.charts.", "baseline.scenario.", "assumptions.")


def english_parts(lang: str, kept: str) -> set[str]:
    """Literal parts (between {fields}) of the English messages of :data:`AREAS` that
    ``lang`` words otherwise, of five letters or more, not found in ``kept`` (file names,
    column names and labels of the client's file, which stay as written)."""
    en, other = catalog("en"), catalog(lang)
    kept = SPACES.sub(" ", kept)
    out = set()
    for key, text in en.items():
        if not (key.startswith(AREAS) and isinstance(text, str) and other.get(key) != text):
            continue
        if key.startswith("assumptions.") and key.endswith(".help"):
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = SPACES.sub(" ", part.strip(" '().:;,"))
            if len(re.findall(r"[A-Za-z]", part)) >= 5 and part not in kept:
                out.add(part)
    return out


def checked(pdf: bytes, lang: str, kept: str = "") -> str:
    """The PDF's text, after checking its margins and (ru, zh) that no English is left."""
    text = " ".join(pdf_text(pdf))
    if lang != "en":
        parts = english_parts(lang, kept)
        assert len(parts) > 100
        assert sorted(p for p in parts
                      if re.search(rf"(?<![A-Za-z_]){re.escape(p)}(?![A-Za-z_])", text)) == []
    assert_inside_margins(pdf)
    return text


def one_space(s: str) -> str:
    return SPACES.sub(" ", s)


def link_bytes(html_text: str) -> bytes:
    return base64.b64decode(re.search(r'href="data:application/pdf;base64,([^"]+)"',
                                      html_text).group(1))


# -- staffing ----------------------------------------------------------------------------------

def card(app, key):
    return re.search(rf'sr-{key}"><div class="sr-label">[^<]*</div><div class="sr-value">'
                     r'([^<]*)<', app.cards.value).group(1)


@pytest.fixture(scope="module")
def staffing_pdfs():
    """A staffing app in a language with two agents fewer than needed, and its PDF, built
    once for the module (two tests read it)."""
    built = {}

    def get(lang: str):
        if lang not in built:
            app = StaffingApp(lang=lang)
            app.agents.value = app.agents.value - 2   # the agents chosen differ from needed
            pdf = drawn(lambda: staffing_pdf(app.controls.values, app.staffing,
                                             app.agents.value,
                                             currency=app.controls.currency.value,
                                             client="Nordwind", author="A. Petrova",
                                             date=DATE, lang=lang))
            built[lang] = app, pdf
        return built[lang]
    return get


@pytest.mark.parametrize("lang", LANGS)
def test_staffing_pdf_has_the_apps_figures_in_the_language(lang, staffing_pdfs):
    app, pdf = staffing_pdfs(lang)
    text = checked(pdf, lang)
    t = translator(lang)
    # The page's own cards, as the page shows them.
    for key in ("needed", "sl", "abandon", "sl-a", "wait", "fte"):
        assert one_space(card(app, key)) in text, key
    # The same figures, computed here from the model.
    v = defaults()
    loaded = v["agent_salary"] * (1 + v["benefits_load"]) + v["overhead_per_agent"]
    st = interval_staffing(v["annual_contacts"] * v["share_phone"], v["aht_phone_min"] * 60,
                           v["target_service_level"], v["target_answer_time_s"],
                           v["shrinkage"], max_occupancy=v["occupancy"],
                           paid_hours_per_fte=v["paid_hours_per_fte"], loaded_cost_per_fte=loaded)
    peak = int(st.traffic.argmax())
    needed, n = int(st.agents[peak]), int(st.agents[peak]) - 2
    aht = v["aht_phone_min"] * 60
    assert app.agents.value == n
    sl = float(service_level(float(st.traffic[peak]), n, aht, v["target_answer_time_s"]))
    assert one_space(percent(sl, lang=lang)) in text
    assert one_space(t.number(st.scheduled_fte, 1)) in text
    asa = float(average_speed_of_answer(float(st.traffic[peak]), needed, aht))
    assert one_space(t("staffing.cards.seconds", seconds=t.number(asa))) in text
    assert one_space(percent(float(st.occupancy[peak]), lang=lang)) in text
    # The half-hour table by day: calls and agent-hours of each day.
    frame = pd.DataFrame({"day": st.weekday, "calls": st.contacts, "agents": st.agents})
    by_day = frame.groupby("day").agg(calls=("calls", "sum"), agents=("agents", "sum"),
                                      most=("agents", "max"))
    for d, row in by_day.iterrows():
        line = " ".join([day_names(lang)[d], t.number(row.calls)])
        assert one_space(line) in text, line
        assert one_space(t.number(row.agents * 0.5)) in text
    assert one_space(t.number(float(st.contacts.sum()))) in text
    # Inputs with their units, the title page's client and author.
    assert "Nordwind" in text and "A. Petrova" in text
    assert one_space(t.number(v["annual_contacts"])) in text


def test_staffing_pdf_names_an_uploaded_profile():
    app = StaffingApp()
    profile = np.zeros((7, 48))
    profile[:5, 18:34] = 1.0
    csv = "weekday,interval_start,share\n" + "".join(
        f"{d},{h // 2:02d}:{30 * (h % 2):02d},{profile[d, h] / profile.sum():.10f}\n"
        for d in range(7) for h in range(48))
    app.load_profile(csv.encode(), "our-week.csv")
    assert app.profile is not None
    app.pdf.button.click()
    text = " ".join(pdf_text(link_bytes(app.pdf.link.value)))
    assert "our-week.csv" in text
    assert translator("en")("pdf_apps.staffing.no_calls") in text   # weekends have none


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_staffing_pdf_button_builds_on_click_only(lang):
    app = StaffingApp(lang=lang)
    calls = []
    make = app.pdf.make
    app.pdf.make = lambda *a: calls.append(a) or make(*a)
    app.agents.value = app.agents.value + 3
    app.controls.assumptions.set_values({"shrinkage": 0.35})
    assert calls == [] and app.pdf.link.value == ""
    app.pdf.fields.client.value = "Client Ltd"
    app.pdf.button.click()
    assert len(calls) == 1 and calls[0][:2] == ("Client Ltd", "")
    pdf = link_bytes(app.pdf.link.value)
    assert pdf.startswith(b"%PDF") and "Client Ltd" in " ".join(pdf_text(pdf))
    app.agents.value = app.agents.value - 1   # what the PDF showed is no longer on the page
    assert app.pdf.link.value == ""


def test_pdf_button_says_plainly_what_stops_it():
    app = StaffingApp(lang="ru")
    app.pdf.fields.author.value = "x" * 500
    app.pdf.button.click()
    t = translator("ru")
    assert app.pdf.link.value == "" and t("pdf_apps.button.not_prepared") in app.pdf.notice.value
    app.pdf.fields.author.value = "Автор"

    def broken(*_):
        raise ZeroDivisionError("float division by zero")
    app.pdf.make = broken
    app.pdf.button.click()
    assert t("pdf_apps.button.failed") in app.pdf.notice.value
    assert "Traceback" not in app.pdf.notice.value and "division" not in app.pdf.notice.value


# -- baseline ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    export = read_export(SAMPLE, timezone=SAMPLE_TIMEZONE)
    return export, compute_kpis(export)


def kept_text(export) -> str:
    """What the client's file says in its own words (column names, channel labels)."""
    return " ".join([*export.mapping.values(), *export.unmapped, *export.channel_labels,
                     export.source, *[str(x) for x in export.rejections["value"]]])


@pytest.fixture(scope="module")
def baseline_pdfs(sample):
    """The sample's baseline PDF in a language, built once for the module (two tests read
    it; building one takes seconds)."""
    export, kpis = sample
    built = {}

    def get(lang: str) -> bytes:
        if lang not in built:
            built[lang] = drawn(lambda: baseline_pdf(export, kpis, client="Nordwind",
                                                     author="A. Petrova", date=DATE, lang=lang))
        return built[lang]
    return get


@pytest.mark.parametrize("lang", LANGS)
def test_baseline_pdf_has_the_apps_figures_in_the_language(lang, sample, baseline_pdfs):
    export, kpis = sample
    pdf = baseline_pdfs(lang)
    pages = pdf_text(pdf)
    text = checked(pdf, lang, kept_text(export))
    t = translator(lang)
    # Rows kept, set aside and blanked: counted here from the problem lines.
    lines = export.rejections
    aside = lines.loc[lines["action"] == "row set aside", "row"].nunique()
    blanked = lines.loc[lines["action"] == "value left blank", "row"].nunique()
    assert export.n_valid == len(export.tickets) and export.n_rejected == aside
    for figure in (export.n_rows, len(export.tickets), aside, blanked):
        assert one_space(t.number(figure)) in text
    # Every KPI card as the app shows it.
    for c in kpi_cards(kpis, lang):
        assert one_space(c.value) in text, c.key
    # Contacts by channel, counted here.
    counts = export.tickets["channel"].value_counts()
    for ch, n in counts.items():
        if n:
            assert one_space(t.number(int(n))) in text, ch
    # Every agent is listed (the table continues on further pages).
    agents = export.tickets["agent"].dropna().astype(str).unique()
    assert len(agents) > 30
    for name in agents:
        assert name in text, name
    assert len(pages) >= 5
    # The inputs the data could not give, each named.
    from supportroi.assumptions import CATALOG
    from supportroi.baseline.scenario import not_measured
    for name in not_measured(kpis):
        assert one_space(CATALOG[name].text(lang)[0]) in text, name
    assert "Nordwind" in text and "sample_tickets.csv" in text


def test_baseline_app_offers_its_pdf(sample):
    app = BaselineApp(lang="ru")
    calls = []
    make = app.pdf.make
    app.pdf.make = lambda *a: calls.append(a) or make(*a)
    app.load_sample()
    assert calls == [] and app.pdf.link.value == ""
    app.pdf.fields.client.value = "ООО «Ромашка»"
    app.pdf.button.click()
    assert len(calls) == 1
    text = " ".join(pdf_text(link_bytes(app.pdf.link.value)))
    assert "ООО «Ромашка»" in text
    assert one_space(translator("ru").number(app.export.n_valid)) in text
    app.annualise.value = False   # the measured values change: the old PDF goes
    assert app.pdf.link.value == ""


# -- footers -----------------------------------------------------------------------------------

def opening(text: str, n: int) -> str:
    """The first ``n`` characters of a footer (on its first line in every language)."""
    return one_space(text)[:n]


@pytest.mark.parametrize("lang", LANGS)
def test_the_roi_conventions_are_the_roi_reports_footer_only(lang, sample, baseline_pdfs,
                                                            staffing_pdfs):
    from supportroi.model import evaluate
    from supportroi.reports.pdf import pdf_report

    t = translator(lang)
    conventions = opening(t("reports.conventions"), 24)
    roi = pdf_text(pdf_report(evaluate(defaults()), date=DATE, lang=lang))
    assert roi and all(conventions in page for page in roi)
    staffing = pdf_text(staffing_pdfs(lang)[1])
    export, kpis = sample
    baseline = pdf_text(baseline_pdfs(lang))
    for pages, footer in ((staffing, opening(t("reports.footer.staffing"), 24)),
                          (baseline, opening(t("reports.footer.baseline", file=export.source,
                                                 start="", end="", timezone="", kept="",
                                                 rows=""), 12))):
        assert len(pages) >= 2
        assert not any(conventions in page for page in pages)
        assert all(footer in page for page in pages), footer
    # The baseline's footer names the file read and the days it covers.
    for page in baseline:
        assert export.source in page
        assert one_space(date_text(kpis.period_start, lang)) in page
