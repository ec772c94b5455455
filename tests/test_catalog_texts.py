"""The assumption catalog's labels, help, groups, units and choices in every language."""

import re

import pytest

from supportroi.assumptions import CATALOG, GROUPS, group_label, number
from supportroi.formatting import unit_label
from supportroi.i18n import catalog

#: What a language's text must contain to be a translation, not English left in place.
_SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh": re.compile("[\u4e00-\u9fff]")}
#: Texts that are the same in every language: symbols, codes and names.
_SAME_EVERYWHERE = {"%", "{currency}", "FTE", "Erlang C"}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_label_help_and_group_is_translated(lang):
    script = _SCRIPT[lang]
    untranslated = []
    for a in CATALOG.values():
        for english, text in zip(a.text("en"), a.text(lang), strict=True):
            if text == english or not script.search(text):
                untranslated.append(f"{a.name}: {text}")
        for choice in a.choices:
            shown = a.choice_label(choice, lang)
            if shown not in _SAME_EVERYWHERE and (shown == choice or not script.search(shown)):
                untranslated.append(f"{a.name}.{choice}: {shown}")
    untranslated += [f"group {key}: {group_label(key, lang)}" for key, _ in GROUPS
                     if not script.search(group_label(key, lang))]
    for key, text in catalog(lang).items():
        if key.startswith("unit_labels.") and text not in _SAME_EVERYWHERE:
            english = catalog("en")[key]
            if text == english or not script.search(text.replace("{currency}", "")):
                untranslated.append(f"{key}: {text}")
    assert untranslated == []


def test_the_english_texts_are_the_catalog_ones():
    fcr = CATALOG["fcr"]
    assert (fcr.label, fcr.help) == fcr.text() == fcr.text("en") == (
        "First-contact resolution (FCR)", "Share of issues resolved in the first contact.")
    assert dict(GROUPS)["customers"] == group_label("customers") == "Customers & retention"
    assert fcr.source.startswith("SQM Group")  # sources stay as written, in any language


def test_every_unit_has_a_label_in_every_language():
    for a in CATALOG.values():
        if a.unit != "choice":
            assert f"unit_labels.{a.unit}" in catalog("en"), a.unit
    assert unit_label(CATALOG["agent_salary"], "₽", "ru") == "₽/год"
    assert unit_label(CATALOG["agent_salary"], "¥", "zh") == "¥/年"
    assert unit_label(CATALOG["agent_salary"], "€") == "€/year"
    assert unit_label(CATALOG["shrinkage"], lang="zh") == "%"
    assert unit_label(CATALOG["staffing_method"], lang="ru") == ""
    assert unit_label(CATALOG["paid_hours_per_fte"]) == "h/year"


@pytest.mark.parametrize("name, value, en, ru, zh", [
    ("shrinkage", 0.125, "12.5 %", "12,5\u00a0%", "12.5%"),
    ("shrinkage", 0.3, "30 %", "30\u00a0%", "30%"),
    ("fcr_improvement", 0.0305, "3.05 %", "3,05\u00a0%", "3.05%"),
    ("agent_salary", 35000.0, "35,000", "35\u00a0000", "35,000"),
    ("upsell_value", 12.5, "12.50", "12,50", "12.50"),
    ("aht_phone_min", 6.35, "6.35", "6,35", "6.35"),
    ("annual_contacts", 1_000_000, "1,000,000", "1\u00a0000\u00a0000", "1,000,000"),
    ("staffing_method", "erlang", "erlang", "Erlang C", "Erlang C"),
    ("staffing_method", "linear", "linear", "линейный", "线性"),
])
def test_values_in_each_language(name, value, en, ru, zh):
    a = CATALOG[name]
    assert (a.format(value), a.format(value, "ru"), a.format(value, "zh")) == (en, ru, zh)


def test_bounds_in_each_language():
    assert number(0.05) == number(0.05, "zh") == "0.05"
    assert number(0.05, "ru") == "0,05"
    assert number(-10_000, "ru") == "−10\u00a0000"
    assert number(2080.0, "en") == "2,080"


_BAD = {"fcr": 1.5, "agent_fte": 2.5, "staffing_method": "erlan", "annual_churn": "0.2",
        "discount_rate": float("inf"), "fcrr": 0.1}
_INCONSISTENT = [{"share_phone": 0.9}, {"fcr": 0.95, "fcr_improvement": 0.1},
                 {"annual_churn": 0.01, "churn_reduction": 0.02},
                 {"agent_attrition": 0.1, "attrition_reduction": 0.2},
                 {"agent_fte": 3, "agents_added": -5},
                 {"horizon_years": 1, "one_time_spread_years": 3}]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_validation_messages_in_each_language(lang):
    from supportroi.assumptions import validate
    problems = validate(_BAD, lang=lang) + [p for v in _INCONSISTENT for p in validate(v, lang=lang)]
    english = validate(_BAD) + [p for v in _INCONSISTENT for p in validate(v)]
    assert [p.key for p in problems] == [p.key for p in english]
    assert len(problems) == len(_BAD) + len(_INCONSISTENT)
    for p in problems:
        assert _SCRIPT[lang].search(p.message), p
        # No English words left; the choices' codes stay (scenario files and links hold them).
        codes = re.sub(r"FCR|linear|erlang|'\w+'|“\w+”|«\w+»", "", p.message)
        assert not re.search(r"[A-Za-z]{4,}", codes), p
    ru = {p.key: p.message for p in validate(_BAD, lang="ru")}
    if lang == "ru":
        assert ru["fcr"] == "1,5 вне допустимых пределов: значение должно быть от 0 до 1 (доля)"
        assert ru["fcrr"] == "неизвестное допущение (может быть, имелось в виду «fcr»?)"


def test_validation_messages_in_english_are_unchanged():
    from supportroi.assumptions import validate
    found = {p.key: p.message for p in validate(_BAD)}
    assert found == {
        "fcr": "1.5 is out of bounds: must be between 0 and 1 (fraction)",
        "agent_fte": "must be a whole number, got 2.5",
        "staffing_method": "must be one of linear, erlang, got 'erlan' (did you mean 'erlang'?)",
        "annual_churn": "must be a number, got text '0.2' (write the number without quotes)",
        "discount_rate": "must be a finite number, got inf",
        "fcrr": "unknown assumption (did you mean 'fcr'?)"}
    assert [p.message for p in validate(_INCONSISTENT[0])] == [
        "channel shares add up to 140 %, not 100 %"]
    assert [p.message for p in validate(_INCONSISTENT[-1])] == [
        "one-time costs are spread over 3 years but the horizon has only 2 (years 0–1)"]
