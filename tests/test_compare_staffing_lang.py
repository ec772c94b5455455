"""The compare and staffing apps in Russian and Chinese, built and poked without a browser:
no English message left, values kept when the language changes, numbers typed the local way."""

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from supportroi import defaults, load_scenario, shipped_scenarios
from supportroi.apps.charts import comparison_chart
from supportroi.apps.compare import CompareApp
from supportroi.apps.staffing import DAYS, StaffingApp, day_names, sl_wait_chart, week_heatmap
from supportroi.compare import FIGURES, compare, figure_label
from supportroi.queueing import interval_staffing, service_level

from .untranslated import english_left

NBSP = "\u00a0"
PICKED = ["telecom_contact_centre", "ecommerce_training"]
#: The catalog areas of these two apps.
AREAS = ("compare.", "staffing.")


def text_of(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


def left_in(page: str, lang: str) -> list[str]:
    return english_left(page, lang, AREAS)


def chart_texts(ax) -> str:
    """Every text of an axis and its twins: title, axis labels, legend, annotations."""
    parts = []
    for a in ax.figure.axes:
        parts += [a.get_title(loc="left"), a.get_xlabel(), a.get_ylabel()]
        parts += [t.get_text() for t in a.texts]
        parts += [t.get_text() for t in a.get_yticklabels()]
        legend = a.get_legend()
        if legend is not None:
            parts += [t.get_text() for t in legend.get_texts()]
    return " ".join(parts)


# -- compare -------------------------------------------------------------------------

def compare_page(app: CompareApp) -> str:
    """What the compare page shows, without the scenarios' own titles (content, as written)."""
    parts = [app.title.value, app.picker.heading.value, app.picker.file_hint.value,
             app.upload.description, app.notice.value, app.status.value,
             app.view.results_heading.value, app.results.value, app.notes.value,
             app.view.differences_heading.value, app.differences.value, app.intangibles.value,
             app.take_away_heading.value, app.download_button.description, app.downloads.value,
             app.take_away.notice.value, app.report_client.description,
             app.report_client.placeholder, app.report_author.description,
             app.report_author.placeholder, app.language.widget.description,
             *[label for label, _ in app.scale.options], *app.scale.tooltips]
    page = text_of(" ".join(parts))
    for scenario in app.available.values():   # content: titles and intangibles as written
        for text in (scenario.title, *scenario.intangibles):
            page = page.replace(text, " ")
    return page


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_no_english_message_on_the_compare_page(lang):
    app = CompareApp(lang=lang)
    assert left_in(compare_page(app), lang) == []   # the hint: nothing ticked yet
    app.select(PICKED + ["retention_conflict_resolution"])
    app.download_button.click()
    assert app.error.value == "" and "data:application/pdf" in app.downloads.value
    assert app.notes.value and app.differences.value
    assert left_in(compare_page(app), lang) == []
    for scale in ("money", "roi"):
        ax = Figure().add_subplot()
        comparison_chart(ax, app.comparison, scale=scale, lang=lang)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]   # the titles, as written
        titles = [app.comparison.titles[n] for n in app.comparison.names]
        assert all(t.startswith(shown.rstrip("…")) for shown, t in zip(legend, titles,
                                                                       strict=True))
        ax.get_legend().remove()
        assert left_in(chart_texts(ax), lang) == []


def test_the_russian_comparison_writes_figures_the_russian_way():
    app = CompareApp(selected=PICKED, lang="ru")
    c = compare({n: load_scenario(shipped_scenarios()[n]) for n in PICKED})
    row = re.search(r'<tr class="sr-row-roi">(.*?)</tr>', app.results.value).group(1)
    shown = re.findall(r'<td class="sr-value"[^>]*>([^<]*)</td>', row)
    # Independent of Babel: a decimal comma and a no-break space before the per cent sign.
    assert shown == [f"{100 * c.evaluations[n].appraisal.roi:.1f}".replace(".", ",") + NBSP + "%"
                     for n in PICKED]
    npv = round(c.evaluations["telecom_contact_centre"].appraisal.npv)
    assert f"{npv:,}".replace(",", NBSP) + NBSP + "$" in app.results.value
    assert "ROI (NPV ÷ PV затрат)" in app.results.value
    fte = re.search(r'data-assumption="agent_fte">(.*?)</tr>', app.differences.value).group(1)
    assert "Число операторов" in fte or "FTE" in fte
    assert "600" in fte and "50" in fte


def test_a_comparison_in_another_language_is_the_same_comparison():
    c = compare({n: load_scenario(shipped_scenarios()[n]) for n in PICKED})
    zh = c.in_language("zh")
    assert zh.evaluations is c.evaluations and zh.results is c.results
    assert list(zh.differences.index) == list(c.differences.index)
    assert zh.lang == "zh" and c.lang == "en" and zh.in_language("en").results_text.equals(
        c.results_text)
    assert all(figure_label(f) == f.label for f in FIGURES)  # English: the model's own labels


def test_switching_language_keeps_the_comparison():
    app = CompareApp(selected=PICKED)
    app.scale.value = "roi"
    app.report_client.value = "Acme"
    english = (app.results.value, app.differences.value, app.notes.value)
    app.set_language("zh")
    assert app.selected == PICKED and app.scale.value == "roi"
    assert app.report_client.value == "Acme" and app.report_client.description == "客户"
    assert "投资回报率" in app.results.value and app.comparison.lang == "zh"
    assert not app.download_button.disabled
    app.set_language("en")
    assert (app.results.value, app.differences.value, app.notes.value) == english
    assert app.language.value == "en" and app.error.value == ""


def test_the_language_of_the_compare_link():
    app = CompareApp()
    notices = app.apply_query("lang=ru&scenarios=telecom_contact_centre,ecommerce_training")
    assert notices == [] and app.lang == "ru" and app.language.value == "ru"
    assert app.selected == PICKED and "Результаты" in app.view.results_heading.value
    app = CompareApp()
    notices = app.apply_query("lang=de&scenarios=telecom_contact_centre")
    assert app.lang == "en" and len(notices) == 1 and "lang=de" in notices[0]
    notices = CompareApp(lang="ru").apply_query("scenarios=nope")
    assert len(notices) == 1 and notices[0].startswith("сценария 'nope' нет среди встроенных")


def test_russian_upload_messages():
    app = CompareApp(selected=["telecom_contact_centre"], lang="ru")
    app.upload.set_state({"value": [{"name": "mine.yaml", "type": "", "size": 20,
                                     "content": b"title: Mine\nfcr: 0.75\n",
                                     "last_modified": 0}]})
    assert app.checks["mine (uploaded)"].description == "Mine (загружен)"
    app.set_language("zh")
    assert app.checks["mine (uploaded)"].description == "Mine（已上传）"
    assert app.selected == ["telecom_contact_centre", "mine (uploaded)"]


# -- staffing --------------------------------------------------------------------------

def staffing_page(app: StaffingApp) -> str:
    parts = [app.title.value, app.cards.value, app.note.value, app.profile_status.value,
             app.agents.description, app.profile_upload.description,
             app.profile_reset.description, app.table_button.description,
             app.table_button.tooltip, app.table_link.value, app.controls.notice.value,
             app.language.widget.description]
    return text_of(" ".join(parts))


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_no_english_message_on_the_staffing_page(lang):
    app = StaffingApp(lang=lang)
    app.table_button.click()
    assert "data:text/csv" in app.table_link.value
    assert left_in(staffing_page(app), lang) == []
    app.agents.value = 1                        # unstable: the other texts of the cards
    app.agents.set_state({"value": 10**6})      # a tampered value: the notice
    assert app.controls.notice.value
    assert left_in(staffing_page(app), lang) == []
    app.load_profile(b"weekday,interval_start,share\n0,00:00,1\n", "bad.csv")
    assert "bad.csv" in app.profile_status.value
    assert left_in(staffing_page(app), lang) == []
    figure = Figure()
    left, right = figure.subplots(1, 2)
    sl_wait_chart(left, 20.0, 300.0, 0.8, 20.0, 25, 26, 120.0, lang=lang)
    week_heatmap(right, app.staffing.agents, lang=lang)
    assert left_in(chart_texts(left), lang) == []


def test_weekdays_in_each_language():
    assert day_names("en") == DAYS
    assert day_names("ru")[0] == "пн" and day_names("zh")[6] == "周日"


def test_russian_cards_and_the_half_hour_table_stays_machine_readable():
    app = StaffingApp(lang="ru")
    v = defaults()
    loaded = v["agent_salary"] * (1 + v["benefits_load"]) + v["overhead_per_agent"]
    st = interval_staffing(v["annual_contacts"] * v["share_phone"], v["aht_phone_min"] * 60,
                           v["target_service_level"], v["target_answer_time_s"], v["shrinkage"],
                           max_occupancy=v["occupancy"], paid_hours_per_fte=v["paid_hours_per_fte"],
                           loaded_cost_per_fte=loaded)
    fte = f"{st.scheduled_fte:.1f}".replace(".", ",")
    assert f'<div class="sr-value">{fte}</div>' in app.cards.value
    assert "Самый загруженный получас" in app.cards.value
    app.table_button.click()
    uri = re.search(r'href="data:text/csv;base64,([^"]+)"', app.table_link.value).group(1)
    table = pd.read_csv(io.BytesIO(base64.b64decode(uri)))
    assert list(table.columns) == ["weekday", "interval_start", "calls", "traffic_erlangs",
                                   "agents_needed", "set_by", "service_level", "occupancy"]
    assert set(table["weekday"]) == set(DAYS) and list(table["agents_needed"]) == list(st.agents)
    assert set(table["set_by"]) <= {"service level", "occupancy cap", "no calls"}
    app.agents.value = app.agents.value - 1     # an update: the old table goes
    assert app.table_link.value == ""


@pytest.mark.parametrize("lang, text", [("ru", "0,9"), ("ru", "90 %"), ("ru", "90\u00a0%"),
                                        ("zh", "90%"), ("zh", "0.9"), ("en", "0.9")])
def test_a_typed_service_level_target_is_read_the_page_s_way(lang, text):
    app = StaffingApp(lang=lang)
    box = app.controls.assumptions.entries["target_service_level"].box
    box.value = text
    assert app.controls.values["target_service_level"] == pytest.approx(0.9)
    assert box.value == ("90\u00a0%" if lang == "ru" else "90%")
    assert app.controls.notice.value == "" and app.error.value == ""
    # The workload follows: the busiest half-hour's agents meet 90 % in 20 s.
    peak = int(app.staffing.traffic.argmax())
    needed = int(app.staffing.agents[peak])
    aht = app.controls.values["aht_phone_min"] * 60
    assert service_level(app.staffing.traffic[peak], needed, aht, 20.0) >= 0.9


def test_a_russian_decimal_in_english_is_refused_not_misread():
    app = StaffingApp(lang="ru")
    box = app.controls.assumptions.entries["target_service_level"].box
    box.value = "1,234.5"   # the English way in a Russian page
    assert app.controls.values["target_service_level"] == defaults()["target_service_level"]
    assert "не число" in app.controls.notice.value


def test_switching_language_keeps_the_staffing_inputs():
    app = StaffingApp()
    app.controls.assumptions.entries["target_service_level"].box.value = "0.9"
    app.agents.value = app.agents.value + 2
    agents, english = app.agents.value, (app.cards.value, app.note.value)
    app.set_language("ru")
    assert app.controls.values["target_service_level"] == 0.9 and app.agents.value == agents
    assert app.controls.assumptions.entries["target_service_level"].box.value == "90\u00a0%"
    assert "Агент" not in app.cards.value and "Операторов" in app.agents.description
    app.set_language("en")
    assert (app.cards.value, app.note.value) == english and app.agents.value == agents


def test_the_language_of_the_staffing_link():
    app = StaffingApp()
    notices = app.apply_query("lang=zh&target_service_level=0.9")
    assert notices == [] and app.lang == "zh" and app.controls.values[
        "target_service_level"] == 0.9
    assert "最繁忙的半小时" in app.cards.value


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_staffing_chart_draws_every_character(lang):
    # In a kernel of its own (the notebook imports only the staffing app): matplotlib warns
    # "Glyph … missing from font(s)" and draws a box where the fonts lack a character.
    code = ("import warnings; warnings.filterwarnings('error', message='.*[Gg]lyph.*missing')\n"
            "from supportroi.apps.staffing import StaffingApp\n"
            f"app = StaffingApp(lang={lang!r})\n"
            "assert app.error.value == '', app.error.value\n"
            "assert bytes(app.chart.value).startswith(b'\\x89PNG')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
