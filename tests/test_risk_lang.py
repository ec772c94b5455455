"""The risk app in Russian and Chinese, built and poked without a browser: no English
message of the risk area left, figures in the local formats, numbers typed the local way,
and a language switch that keeps every value, choice and result."""

import re

import ipywidgets as w
import pytest

from supportroi import risk
from supportroi.apps.risk import RiskApp, default_ranges
from supportroi.assumptions import CATALOG
from supportroi.formatting import money, percent
from supportroi.i18n import translator

from . import untranslated

NBSP = "\u00a0"


def english_left(shown: str, lang: str) -> list[str]:
    """English pieces of the risk area's messages in ``shown``. Shorter pieces ("min",
    "max", "Run") are words other texts may contain by chance."""
    return untranslated.english_left(shown, lang, "risk.", tags=True, strip=" ,.;:()“”")


def texts(widget) -> list[str]:
    """Every text a person can read in ``widget`` and below it: HTML, descriptions, option
    labels, button texts, tooltips and placeholders."""
    out = []
    if isinstance(widget, w.HTML):
        out.append(re.sub(r"<[^>]+>", " ", widget.value))
    for attr in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    out += [str(x) for x in getattr(widget, "tooltips", None) or ()]
    if hasattr(widget, "_options_labels"):
        out += list(widget._options_labels)
    if isinstance(widget, w.Accordion):
        out += [str(x) for x in widget.titles]
    for child in getattr(widget, "children", ()):
        out += texts(child)
    return out


def shown_text(app) -> str:
    """The texts of the risk views (the scenario controls are the controls' area, tested
    with them; their tooltips cite sources, which stay in their original language)."""
    return " ".join(t for box in (app.title, app.header, app.language.widget, app.tornado_box,
                                  app.mc_box, app.be_box, app.take_away.box, app.error)
                    for t in texts(box))


def busy_app(lang: str) -> RiskApp:
    """An app with every section filled: a run, a chosen set, own ranges, a refused range
    notice, a break-even without a value."""
    app = RiskApp(lang=lang)
    app.t_set.value = "chosen"
    app.t_range_add.value = "tech_annual_cost"
    app.t_range_add_button.click()
    app.run()
    app.take_away.summary()
    return app


@pytest.fixture(scope="module", params=["ru", "zh"])
def page(request):
    return request.param, busy_app(request.param)


def test_no_english_message_of_the_risk_area_is_left(page):
    lang, app = page
    shown = shown_text(app)
    left = english_left(shown, lang)
    assert left == [], f"English on the {lang} page: {left}"
    assert "Traceback" not in shown and not re.search(r"\bnan\b|\binf\b", shown)
    # The assumption labels are the catalog's, in the language.
    top = app.tornado_result.table["name"].iloc[0]
    assert CATALOG[top].text(lang)[0] in app.t_table.value
    assert CATALOG[top].label not in app.t_table.value


def test_the_refusals_and_reasons_of_the_model_are_in_the_language(page):
    lang, app = page
    app.be_name.value = "ramp_later"   # no value reaches ROI 0 %: the model says why
    reason = app.break_even_result.reason
    assert reason == risk.break_even({}, "ramp_later", lang=lang).reason
    assert reason != risk.break_even({}, "ramp_later").reason
    assert reason in app.be_reason.value.replace("&quot;", '"')
    row = app.t_rows["tech_annual_cost"]
    row.inputs[1].value = "1"          # high below low: refused, the last tornado stays
    notice = app.t_notice.value
    assert translator(lang)("risk.tornado.refused") in notice
    assert "above high" not in notice and CATALOG["tech_annual_cost"].text(lang)[0] in notice
    row.inputs[1].value = "72000"
    assert app.t_notice.value == ""
    shown = shown_text(app)
    assert english_left(shown, lang) == []


def test_the_model_texts_in_each_language():
    cut = risk.tornado({}, names=["ramp_later"], lang="ru").table.loc[0, "cut"]
    assert cut == "верхнее 120\u00a0% → 100\u00a0%: граница каталога"
    assert risk.tornado({}, names=["ramp_later"]).table.loc[0, "cut"] == \
        "high 120 % → 100 %: catalog bound"
    be = risk.break_even({}, "discount_rate", lang="zh")
    assert be.reason == "“折现率”在0%至50%之间的每个取值下，投资回报率都高于0%"
    with pytest.raises(risk.RangeError) as info:
        risk.monte_carlo({}, {"confidence": (0.5, 0.9, 1.5)}, n=10, lang="ru")
    assert "выходит за пределы" in info.value.problems[0].message
    assert "150\u00a0%" in info.value.problems[0].message


def test_figures_are_written_the_local_way():
    app = RiskApp(lang="ru")
    ranges = default_ranges({}, app.rows)
    app.run()
    mc = risk.monte_carlo({}, ranges, n=app.mc_n.value, seed=risk.DEFAULT_SEED)
    # Independent of Babel: a no-break space groups thousands, a comma is the decimal sign.
    npv = f"{round(mc.npv_p50):,}".replace(",", NBSP)
    assert f">{npv}{NBSP}$<" in app.mc_cards.value
    p = f"{100 * mc.p_npv_positive:.1f}".replace(".", ",") + NBSP + "%"
    assert f">{p}<" in app.mc_cards.value
    assert "10" + NBSP + "000" in app.mc_info.value      # draws
    assert "в пределах" in app.mc_cards.value or "за 3 года" in app.mc_cards.value
    assert money(risk.tornado({}).base_npv, lang="ru") in app.header.value
    assert bytes(app.mc_chart.value).startswith(b"\x89PNG")


def test_typed_numbers_use_the_decimal_comma_in_russian():
    app = RiskApp(lang="ru")
    box = app.rows["confidence"].inputs[0]
    box.value = "12,5"                               # per cent, as the boxes take them
    assert app.ranges()["confidence"][0] == 0.125 and box.value == "12,5"
    app.be_target.value = "12,5"
    assert app.break_even_view.target == 0.125
    assert app.break_even_result.target == 0.125
    box.value = "1,234.5"                            # the English way: refused, kept
    assert app.ranges()["confidence"][0] == 0.125 and box.value == "12,5"
    assert "Не применено" in app.mc_notice.value and "не число" in app.mc_notice.value
    app.mc_seed.value = "12 345"
    assert app.monte_carlo_view.seed == 12345
    app.be_target.value = "1e9"                      # out of range: refused, not clamped
    assert app.break_even_view.target == 0.125 and app.be_target.value == "12,5"
    assert "Не применено" in app.be_notice.value


def test_switching_language_keeps_values_choices_and_results():
    app = RiskApp()
    app.controls.widgets["discount_rate"].value = 0.12
    app.t_metric.value = "roi"
    app.t_band.value = 0.3
    app.t_range_add.value = "tech_annual_cost"
    app.t_range_add_button.click()
    app.t_rows["tech_annual_cost"].inputs[1].value = "90000"
    app.rows["confidence"].inputs[0].value = "10"
    app.mc_n.value = 2_000
    app.mc_seed.value = "7"
    app.be_name.value = "tech_annual_cost"
    app.be_target.value = "25"
    app.run()
    result, three, ranges = app.mc_result, app.three_result, app.ranges()
    t_ranges, be = app.tornado_ranges(), app.break_even_result

    app.set_language("zh")
    assert app.mc_result is result and app.three_result is three   # not run again
    assert app.ranges() == ranges and app.tornado_ranges() == t_ranges
    assert app.controls.values["discount_rate"] == 0.12
    assert (app.t_metric.value, app.t_band.value, app.mc_n.value) == ("roi", 0.3, 2_000)
    assert app.monte_carlo_view.seed == 7 and app.be_name.value == "tech_annual_cost"
    assert app.break_even_result.value == be.value and app.break_even_view.target == 0.25
    assert app.mc_stale.value == ""
    assert percent(result.p_npv_positive, lang="zh") in app.mc_cards.value
    assert "保守" in app.mc_three.value and "龙卷风" in app.tornado_box.children[0].value
    assert app.t_band.label == "±30%" and app.language.value == "zh"
    assert app.t_rows["tech_annual_cost"].inputs[1].value == "90,000"

    app.set_language("en")
    assert app.mc_result is result
    assert percent(result.p_npv_positive) in app.mc_cards.value
    assert "Conservative" in app.mc_three.value and app.t_band.label == "±30 %"


def test_the_language_comes_from_the_link():
    app = RiskApp()
    notices = app.apply_query("lang=ru&discount_rate=0.08")
    assert notices == [] and app.lang == "ru" and app.controls.values["discount_rate"] == 0.08
    assert "Какие допущения важны" in app.tornado_box.children[0].value
    assert app.language.widget.value == "ru"
    app.language.widget.value = "zh"                 # the picker redraws in place
    assert app.lang == "zh" and "风险" in app.title.value


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def tooltips_without_tap_help(app) -> list[str]:
    """Tooltips (and ``title=`` texts) of the risk views that no ⓘ help text of the same
    view says: on a touch screen they could not be read."""
    import html

    missing = []
    for box in (app.tornado_box, app.mc_box, app.be_box, app.take_away.box):
        widgets = list(_tree(box))
        helped = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", x.value)) for x in widgets
                          if "sr-help" in getattr(x, "_dom_classes", ()))
        for x in widgets:
            if "sr-help-button" in getattr(x, "_dom_classes", ()):
                continue   # the ⓘ's own title
            tips = [getattr(x, "tooltip", None), *(getattr(x, "tooltips", None) or ())]
            if isinstance(x, w.HTML):
                tips += [html.unescape(m) for m in re.findall(r'title="([^"]*)"', x.value)]
            missing += [tip for tip in tips if tip and tip not in helped]
    return missing


def test_every_tooltip_of_the_risk_views_is_also_an_i_help_in_the_language():
    app = RiskApp(lang="ru")
    app.t_range_add.value = "tech_annual_cost"
    app.t_range_add_button.click()
    assert len(app.rows) >= 2 and len(app.t_rows) == 1
    assert tooltips_without_tap_help(app) == []
    row = app.rows[next(iter(app.rows))]
    assert "Допустимо: от" in row.tip.text.value and row.tip.text in row.box.children
    ids = {name: r.tip.id for name, r in app.rows.items()}
    app.set_language("zh")
    assert tooltips_without_tap_help(app) == []
    assert "有效范围" in row.tip.text.value and "帮助：" in row.tip.button.value
    assert {name: r.tip.id for name, r in app.rows.items()} == ids  # same ⓘ, new words
    app.controls.currency.value = "RUB"   # the NPV's tip names the currency
    assert tooltips_without_tap_help(app) == []
    assert "RUB" in app.tornado_view._choices_tip.text.value
