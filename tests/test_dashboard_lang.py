"""The dashboard in Russian and Chinese, built and poked without a browser; typed numbers."""

import re

import pytest

from supportroi import evaluate
from supportroi.apps.dashboard import Dashboard, parse_query
from supportroi.apps.language import query_language, with_language
from supportroi.apps.number_entry import EntryError, read_entry, show_entry
from supportroi.assumptions import CATALOG
from supportroi.formatting import payback, percent
from supportroi.i18n import catalog

NBSP = "\u00a0"


def card(app, name: str) -> str:
    return re.search(rf'sr-{name}.*?sr-value[^>]*>([^<]*)<', app.cards.value).group(1)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture(scope="module")
def ru():
    return Dashboard(lang="ru")


def test_the_language_of_the_link():
    assert query_language("lang=ru&scenario=x") == "ru"
    assert query_language("lang=fr") == "en" and query_language("") == "en"
    *_, notices = parse_query("lang=ru&discount_rate=0.08")
    assert notices == []
    *_, notices = parse_query("lang=fr")
    assert len(notices) == 1 and "lang=fr" in notices[0] and "en, ru, zh" in notices[0]


def test_an_unknown_language_gives_an_english_page_and_a_notice():
    app = Dashboard()
    app.apply_query("lang=de&discount_rate=0.08")
    assert app.lang == "en" and "lang=de" in app.controls.notice.value
    assert app.controls.values["discount_rate"] == 0.08


def test_russian_figures_are_written_the_russian_way(ru):
    # Independent of Babel: Russian groups thousands with a no-break space, writes a
    # decimal comma and puts the symbol after the number.
    a = evaluate({}).appraisal
    assert card(ru, "roi") == f"{100 * a.roi:.1f}".replace(".", ",") + NBSP + "%"
    npv = f"{round(a.npv):,}".replace(",", NBSP)
    assert card(ru, "npv") == f"{npv}{NBSP}$"
    months = f"{12 * a.payback_years:.1f}".replace(".", ",")
    assert card(ru, "payback") == f"{months} месяца"
    assert "Срок окупаемости" in ru.cards.value and "Payback" not in ru.cards.value
    assert "Год 0" in ru.table.value and "Затраты, всего" in ru.table.value


def test_payback_in_words_in_each_language():
    assert payback(None, 3, lang="ru") == "не окупается за 3 года"
    assert payback(None, 5, lang="ru") == "не окупается за 5 лет"
    assert payback(None, 1, lang="ru") == "не окупается за 1 год"
    assert payback(0.6, 3, lang="ru") == "7,2 месяца"
    assert payback(2.5, 5, lang="zh") == "2.5 年"
    assert payback(0.6, 3) == "7.2 months" and payback(None, 3) == "does not pay back within 3 years"
    assert percent(None, "no costs", lang="ru") == "не определено (нет затрат)"


def test_no_english_message_is_left_on_the_russian_page(ru):
    page = " ".join(text_of(w.value) for w in (ru.title, ru.cards, ru.header, ru.table,
                                               ru.yearly_heading, ru.share_heading, ru.link,
                                               ru.yaml_link, ru.sticky))
    english = {v for k, v in catalog("en").items() if isinstance(v, str)
               and k.startswith(("dashboard.", "results.")) and v != catalog("ru")[k]
               and "{" not in v and len(v) > 3}
    assert [e for e in english if e in page] == []
    assert ru.excel_button.description == "Подготовить Excel и PDF"
    assert ru.explain.titles == ("Как это рассчитано?",)


def test_switching_language_keeps_the_values_and_the_link_follows():
    app = Dashboard()
    english_cards = app.cards.value
    app.controls.widgets["discount_rate"].value = 0.12
    app.set_language("zh")
    assert app.controls.values["discount_rate"] == 0.12
    assert app.share_query() == "lang=zh&discount_rate=0.12"
    assert "lang=zh&amp;discount_rate=0.12" in app.link.value
    assert "投资回收期" in app.cards.value
    assert app.controls.assumptions.entries["discount_rate"].box.value == "12%"
    app.set_language("en")
    app.controls.widgets["discount_rate"].value = 0.10
    assert app.cards.value == english_cards and app.share_query() == ""


def test_the_share_link_reopens_the_language():
    app = Dashboard(lang="ru")
    app.controls.widgets["discount_rate"].value = 0.12
    again = Dashboard()
    again.apply_query(app.share_query())
    assert again.lang == "ru" and again.controls.values == app.controls.values
    assert again.cards.value == app.cards.value


# -- typed numbers ------------------------------------------------------------------

RATE, FTE, SALARY = CATALOG["discount_rate"], CATALOG["agent_fte"], CATALOG["agent_salary"]


@pytest.mark.parametrize("lang, text, value", [
    ("ru", "0,08", 0.08), ("ru", "8 %", 0.08), ("ru", "8,5%", 0.085), ("ru", "8,5\u00a0%", 0.085),
    ("zh", "8%", 0.08), ("zh", "０.０８", 0.08), ("zh", "8.5％", 0.085), ("en", "0.08", 0.08),
    ("en", "10.5 %", 0.105), ("ru", "0", 0.0), ("ru", "-0", 0.0),
])
def test_percent_fields_take_a_percentage_with_its_sign_or_the_fraction(lang, text, value):
    assert read_entry(RATE, text, lang) == pytest.approx(value, abs=1e-15)


@pytest.mark.parametrize("lang, text, value", [
    ("ru", "1 200", 1200), ("ru", "1\u00a0200", 1200), ("en", "1,200", 1200), ("zh", "80", 80),
])
def test_whole_numbers_with_thousands_separators(lang, text, value):
    got = read_entry(FTE, text, lang)
    assert got == value and isinstance(got, int)


@pytest.mark.parametrize("lang, text, why", [
    ("ru", "8", "8\u00a0%"),        # 8 without a sign is 800 %: refused, both ways named
    ("ru", "150 %", "0,1"),
    ("en", "0,08", "1,234.5"),      # a Russian decimal in an English page: not a number
    ("ru", "1,234.5", "1\u00a0234,5"),
    ("ru", "abc", "1\u00a0234,5"),
])
def test_bad_entries_are_refused_with_a_plain_message(lang, text, why):
    with pytest.raises(EntryError) as info:
        read_entry(RATE, text, lang, kept=0.1)
    message = str(info.value)
    assert why in message
    assert "Error" not in message and "Decimal" not in message


def test_an_out_of_range_percent_names_both_ways_and_is_not_clamped():
    with pytest.raises(EntryError) as info:
        read_entry(RATE, "60 %", "ru", kept=0.08)
    message = str(info.value)
    assert "8\u00a0%" in message and "0,08" in message and "50\u00a0%" in message
    with pytest.raises(EntryError, match="не целое"):
        read_entry(FTE, "12,5", "ru", kept=100)


def test_values_are_shown_back_in_the_local_format():
    assert show_entry(RATE, 0.105, "ru") == "10,5\u00a0%"
    assert show_entry(RATE, 0.105, "zh") == "10.5%"
    assert show_entry(CATALOG["fcr"], 0.662, "en") == "66.2%"  # a scenario's extra digit shows
    assert show_entry(SALARY, 35000, "ru") == "35\u00a0000"


def test_typing_in_a_box_sets_the_value_and_the_figures():
    app = Dashboard(lang="ru")
    box = app.controls.assumptions.entries["discount_rate"].box
    box.value = "0,08"
    assert app.controls.values["discount_rate"] == 0.08
    assert app.controls.widgets["discount_rate"].value == 0.08
    assert box.value == "8\u00a0%"
    roi = evaluate({"discount_rate": 0.08}).appraisal.roi
    assert card(app, "roi") == f"{100 * roi:.1f}".replace(".", ",") + NBSP + "%"
    box.value = "0,8"  # 80 %: out of bounds, refused, the old value stays
    assert app.controls.values["discount_rate"] == 0.08 and box.value == "8\u00a0%"
    assert "0,08" in app.controls.notice.value
    fte = app.controls.assumptions.entries["agent_fte"].box
    fte.value = "1 200"
    assert app.controls.values["agent_fte"] == 1200 and fte.value == "1\u00a0200"
    assert app.controls.widgets["agent_fte"].value == 1200


def test_a_slider_move_shows_in_its_box():
    app = Dashboard(lang="ru")
    app.controls.widgets["discount_rate"].value = 0.125
    assert app.controls.assumptions.entries["discount_rate"].box.value == "12,5\u00a0%"


def test_a_rule_spanning_inputs_still_refuses_a_typed_value():
    app = Dashboard(lang="ru")
    before = app.controls.values["share_chat"]
    app.controls.assumptions.entries["share_chat"].box.value = "90 %"  # shares over 100 %
    assert app.controls.values["share_chat"] == before
    assert "100 %" in app.controls.notice.value and "Оставлено" in app.controls.notice.value


def test_the_boxes_accept_only_short_text_from_a_client():
    app = Dashboard(lang="ru")
    box = app.controls.assumptions.entries["discount_rate"].box
    box.set_state({"value": 0.08})
    box.set_state({"value": "1" * 500})
    assert app.controls.values["discount_rate"] == 0.10 and box.value == "10\u00a0%"
    derived = app.controls.assumptions.entries["share_self_service"].box
    derived.set_state({"value": "50 %"})
    assert derived.value != "50 %" and app.controls.values["share_self_service"] == pytest.approx(
        CATALOG["share_self_service"].default)


def test_with_language_leaves_english_links_alone():
    assert with_language("a=1", "en") == "a=1" and with_language("a=1", "ru") == "lang=ru&a=1"


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_how_it_is_computed_in_each_language(lang):
    from supportroi.i18n import translator
    from supportroi.scenarios import Scenario
    t = translator(lang)
    ev = evaluate(Scenario({"staffing_method": "erlang", "abandonment_churn": 0.2,
                            "agent_fte": 40}, currency="₽"))
    english = {e.key: e for e in ev.explain()}
    for e in ev.explain(lang):
        assert e.factor == english[e.key].factor and e.total == english[e.key].total
        assert "a year" not in e.formula and "hours freed" not in e.formula, e.key
        assert "combined factor" not in e.adjustments, e.key
        amount = ev.quantities["agents_removed_value" if e.key == "agents_removed" else e.key]
        if e.key != "retention":  # cohorts: no single full-year amount
            assert t.money(float(amount), "₽") in e.formula, e.key
    app = Dashboard(lang=lang)
    app.explain.selected_index = 0
    assert t("dashboard.explain.title") == app.explain.titles[0]
    assert t("formulas.factor_meanings") in app.explain_html.value.replace("&#x27;", "'")
    assert app.explain_html.value.count(t("formulas.factor_meanings")[:20]) == 1  # said once
