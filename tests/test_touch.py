"""Help on tap without a browser: every input's ⓘ holds its help, range and source in the
page's language, follows a language or currency switch, and no catalog text tells people
to hover only."""

import html
import re

import pytest

from supportroi.apps.controls import AssumptionControls
from supportroi.apps.lessons import RoiExplorer
from supportroi.apps.staffing import CHART_PX, StaffingApp
from supportroi.apps.touch import HELP_SCRIPT, HelpTip
from supportroi.assumptions import CATALOG
from supportroi.i18n import LANGUAGES, catalog, translator


def _text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_input_has_a_help_button_in_its_language(lang):
    controls = AssumptionControls(lang=lang)
    t = translator(lang)
    assert set(controls.tips) == set(controls.names)
    for name, tip in controls.tips.items():
        label, help_ = CATALOG[name].text(lang)
        button = tip.button.value
        assert '<button type="button" class="sr-help-toggle" aria-expanded="false"' in button
        assert f'aria-controls="{tip.id}"' in button and f'id="{tip.id}"' in tip.text.value
        assert html.escape(t("touch.help_for", label=controls.widgets[name].description)) in button
        assert label in html.unescape(button)
        assert " hidden>" in tip.text.value  # shut until tapped
        text = _text(tip.text)
        assert help_ in text and CATALOG[name].source in text
        # The tooltip for a mouse stays, with the same help.
        assert help_ in controls.widgets[name].tooltip
        # The ⓘ sits in the input's row, the text under it.
        row = controls.rows[name]
        assert tip.text in row.children and tip.button in row.children[0].children


def test_help_follows_the_language_and_the_currency():
    controls = AssumptionControls(["agent_salary", "shrinkage"], lang="en")
    ids = {n: tip.id for n, tip in controls.tips.items()}
    controls.set_language("ru")
    label, help_ = CATALOG["shrinkage"].text("ru")
    assert help_ in _text(controls.tips["shrinkage"].text)
    assert "Справка: " in controls.tips["shrinkage"].button.value
    assert {n: tip.id for n, tip in controls.tips.items()} == ids  # same button, new text
    controls.set_language("zh")
    assert "帮助：" in controls.tips["agent_salary"].button.value
    before = _text(controls.tips["agent_salary"].text)
    controls.set_currency("RUB")
    after = _text(controls.tips["agent_salary"].text)
    assert after != before and "₽" in html.unescape(controls.tips["agent_salary"].button.value)


def test_two_sets_of_controls_on_one_page_have_their_own_ids():
    a, b = HelpTip("shrinkage"), HelpTip("shrinkage")
    assert a.id != b.id


def test_a_help_row_is_laid_out_in_one_place():
    import ipywidgets as w
    tip = HelpTip("x")
    row = w.HBox(layout=w.Layout(width="300px"))
    box = tip.wrap(row)
    assert box.children == (box.children[0], tip.text)
    assert box.children[0].children == (tip.button, row) and "sr-help-row" in box._dom_classes
    assert (row.layout.width, row.layout.flex, row.layout.min_width) == ("auto", "1 1 0%", "0")
    button = w.Button(layout=w.Layout(width="120px"))
    tip.wrap(button, stretch=False)
    assert button.layout.width == "120px"


def test_the_dashboard_has_the_phone_layout_once():
    from supportroi.apps.dashboard import Dashboard
    style = Dashboard().widget.children[0].value
    for rule in (".sr-sticky { display: none; }", ".sr-sticky-bar {", ".sr-sticky-bar b {"):
        assert style.count(rule) == 1, rule


def test_the_page_script_carries_the_swipe_hint_in_every_language():
    for lang in LANGUAGES:
        assert translator(lang)("touch.swipe") in HELP_SCRIPT


def test_lesson_knobs_have_help_buttons_too():
    explorer = RoiExplorer(lang="ru")
    tips = explorer.inputs.tips
    assert tips and set(tips) == set(explorer.inputs.rows)
    for name, tip in tips.items():
        assert "aria-expanded" in tip.button.value
        assert explorer.inputs.knobs[name].text("ru")[1] in _text(tip.text)


HOVER = re.compile(r"hover|mouse|наведи|мыш|悬停|鼠标", re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_says_hover_without_pointing_at_the_help_button(lang):
    for key, message in catalog(lang).items():
        for text in (message.values() if isinstance(message, dict) else [message]):
            if HOVER.search(text):
                assert "ⓘ" in text, (lang, key, text)


def test_staffing_charts_stay_legible_scaled_to_a_phone():
    # Each chart is its own image CHART_PX wide, scaled to a 390-px phone's ~360-px
    # column: its smallest text (points at 100 dpi) must still be about 9 px.
    app = StaffingApp()
    for figure in (app.figure, app.week_figure):
        assert round(figure.get_figwidth() * figure.dpi) == CHART_PX
        sizes = [t.get_fontsize() for t in figure.findobj(
            lambda o: hasattr(o, "get_text") and hasattr(o, "get_fontsize"))
                 if t.get_text().strip() and t.get_visible()]
        assert min(sizes) * figure.dpi / 72 * 360 / CHART_PX >= 8.5
