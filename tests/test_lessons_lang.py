"""The lessons' explorers, service-recovery table and exercises in Russian and Chinese,
built and poked without a browser; answers typed the way each language writes numbers."""

import html
import re

import pytest
from matplotlib.text import Text

from supportroi import clv as clvmod
from supportroi import finance
from supportroi.apps import lessons
from supportroi.apps.number_entry import read_entry
from supportroi.i18n import catalog, translator

NBSP = "\u00a0"
LOCAL = ("ru", "zh")
#: What a Russian or Chinese text must contain to be one.
SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh": re.compile("[\u4e00-\u9fff]")}
BAD_TEXT = re.compile(r"Traceback|\bnan\b|\binf\b|NaN|Error", re.IGNORECASE)


def card(explorer, key):
    return re.search(rf'sr-card sr-{key}".*?sr-value[^>]*>([^<]*)<', explorer.cards.value).group(1)


def _text(value: str) -> str:
    value = re.sub(r"<style>.*?</style>", " ", value, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def visible_texts(root) -> str:
    """Every text a person can read in a widget tree (HTML, labels, tooltips, buttons,
    options, placeholders), and the chart's texts when given an explorer."""
    out, todo = [], [root.widget]
    while todo:
        widget = todo.pop()
        for name in ("value", "description", "tooltip", "placeholder"):
            v = getattr(widget, name, None)
            if isinstance(v, str):
                out.append(_text(v) if name == "value" else v)
        for option in getattr(widget, "options", ()) or ():
            out.append(option[0] if isinstance(option, tuple) else str(option))
        out += [t for t in getattr(widget, "tooltips", ()) or ()]
        out += list(getattr(widget, "titles", ()) or ())
        todo += list(getattr(widget, "children", ()) or ())
    figure = getattr(root, "figure", None)
    if figure is not None:
        out += [t.get_text() for t in figure.findobj(Text)]
    return "\n".join(out)


def english_left(text: str, lang: str) -> list[str]:
    """Pieces of English messages of the lessons (the text between their fields, with a
    word of four letters or more) that are not also in that message in ``lang``."""
    en, local = catalog("en"), catalog(lang)
    found = []
    for key, message in en.items():
        if not key.startswith("lessons."):
            continue
        forms = message.values() if isinstance(message, dict) else [message]
        there = local[key]
        there = " ".join(there.values()) if isinstance(there, dict) else there
        for form in forms:
            for piece in re.split(r"{\w+}", form):
                piece = piece.strip(" .,:;()")
                if re.search(r"[A-Za-z]{4,}", piece) and piece not in there and piece in text:
                    found.append(f"{key}: {piece}")
    return found


# --------------------------------------------------------------------------- explorers

@pytest.mark.parametrize("lang", LOCAL)
@pytest.mark.parametrize("key", list(lessons.LESSONS))
def test_each_explorer_speaks_the_language(key, lang):
    build = lessons.LESSONS[key][2]
    ex = build(lang=lang)
    assert ex.lang == lang and ex.error.value == ""
    assert ex.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    text = visible_texts(ex)
    assert SCRIPT[lang].search(ex.cards.value) and SCRIPT[lang].search(ex.explain.value)
    assert english_left(text, lang) == []
    assert not BAD_TEXT.search(ex.cards.value + ex.explain.value)
    # Every slider is labelled in the language and has a text box read in it.
    assert set(ex.inputs.entries) == set(ex.widgets)
    for name, slider in ex.widgets.items():
        assert SCRIPT[lang].search(slider.description), slider.description
        assert slider.readout is False
        box = ex.inputs.entries[name].box.value
        assert read_entry(ex.knob(name), box, lang) == pytest.approx(ex.values[name]), box


@pytest.mark.parametrize("key", list(lessons.LESSONS))
def test_english_explorers_keep_their_slider_readouts(key):
    ex = lessons.LESSONS[key][2]()
    assert ex.inputs.entries == {}
    assert all(s.readout for s in ex.widgets.values())


def test_russian_figures_are_written_the_russian_way():
    # Independent of Babel: Russian groups thousands with a no-break space, writes a decimal
    # comma and puts the currency symbol after the number.
    ex = lessons.roi_explorer(lang="ru")
    assert card(ex, "bcr") == "1,76"  # Phillips: 750,000 ÷ 425,000
    assert card(ex, "roi") == f"76{NBSP}%"
    assert card(ex, "payback") == "6,8 месяца"  # 12 ÷ 1.7647
    assert card(ex, "net") == f"325{NBSP}000{NBSP}$"
    npv = lessons.npv_explorer(lang="ru")
    want = finance.appraise([0, 45_000, 45_000, 45_000], [100_000, 0, 0, 0], 0.10).npv
    assert card(npv, "npv") == f"{round(want):,}".replace(",", NBSP) + NBSP + "$"
    assert "0,9091" in npv.explain.value  # 1 ÷ 1.1, four decimals
    clv = lessons.clv_explorer(lang="ru")
    assert card(clv, "lifetime") == "5,0 года"
    assert lessons.clv_explorer(lang="ru", annual_churn=0.25).result.lifetime_years == 4.0


def test_chinese_figures_are_written_the_chinese_way():
    ex = lessons.roi_explorer(lang="zh")
    assert (card(ex, "bcr"), card(ex, "roi"), card(ex, "net")) == ("1.76", "76%", "$325,000")
    staffing = lessons.staffing_explorer(lang="zh", contacts=100, aht=180)
    assert staffing.values["agents"] == 14
    assert "14名坐席" in staffing.explain.value


def test_unstable_queue_in_russian():
    ex = lessons.staffing_explorer(lang="ru")
    ex.widgets["agents"].value = int(ex.result.traffic)
    assert "неустойчиво" in card(ex, "asa") and "sr-undefined" in ex.cards.value
    assert "очередь растёт" in ex.explain.value and ex.error.value == ""


def test_a_value_typed_the_russian_way_moves_the_figures():
    ex = lessons.npv_explorer(lang="ru")
    box = ex.inputs.entries["discount_rate"].box
    box.value = "8,5 %"
    assert ex.values["discount_rate"] == pytest.approx(0.085)
    assert ex.widgets["discount_rate"].value == pytest.approx(0.085)
    assert box.value == f"8,5{NBSP}%"
    box.value = "0,08"  # the fraction, without a sign
    assert ex.values["discount_rate"] == pytest.approx(0.08)
    ex.inputs.entries["benefit"].box.value = "50 000"
    want = finance.appraise([0, 50_000, 50_000, 50_000], [100_000, 0, 0, 0], 0.08).npv
    assert ex.result.appraisal.npv == pytest.approx(want)
    before = ex.values
    ex.inputs.entries["investment"].box.value = "1,234.5"  # English style: refused
    assert ex.values == before
    assert "Начальные вложения" in ex.inputs.notice.value and f"1{NBSP}234,5" in ex.inputs.notice.value
    ex.inputs.entries["investment"].box.value = "5 000 000"  # past the slider's bounds
    assert ex.values == before and "Оставлено" in ex.inputs.notice.value


def test_a_value_typed_the_chinese_way():
    ex = lessons.risk_explorer(lang="zh")
    ex.inputs.entries["attribution"].box.value = "６０％"  # full-width, NFKC
    assert ex.values["attribution"] == pytest.approx(0.6)
    ex.inputs.entries["improvement"].box.value = "500,000"
    assert ex.values["improvement"] == 500_000.0


@pytest.mark.parametrize("lang, words", [("ru", ("вне допустимых пределов", "Оставлено")),
                                          ("zh", ("超出范围", "保留"))])
def test_a_tampered_value_is_refused_in_the_language(lang, words):
    ex = lessons.roi_explorer(lang=lang)
    kept = ex.values
    ex.widgets["costs"].set_state({"value": 10**9})
    notice = _text(ex.inputs.notice.value)
    assert ex.values == kept and all(w in notice for w in words), notice
    assert translator(lang).number(10**9) in notice and not BAD_TEXT.search(notice)


def test_a_tampered_convention_is_refused_in_russian():
    ex = lessons.clv_explorer(lang="ru")
    ex.convention.set_state({"index": 7})
    assert ex.convention.value == "end"
    assert "Оставлено: В конце года" in ex.inputs.notice.value


@pytest.mark.parametrize("lang", LOCAL)
def test_service_recovery_in_the_language(lang):
    box = lessons.service_recovery(lang=lang)
    text = _text(box.value)
    t = translator(lang)
    for o in clvmod.SERVICE_RECOVERY:
        assert t(lessons.RECOVERY_LABELS[o.key]) in text
        assert t.percent(o.small_loss, 0) in text and t.percent(o.large_loss, 0) in text
    assert "Marriott" in text and "Magnini" in text and SCRIPT[lang].search(text)
    assert english_left(text, lang) == []
    assert t.number(1000) in text  # the worked example's customers


def test_the_english_texts_are_the_clv_modules():
    t = translator("en")
    assert {o.key: t(lessons.RECOVERY_LABELS[o.key]) for o in clvmod.SERVICE_RECOVERY} == {
        o.key: o.label for o in clvmod.SERVICE_RECOVERY}
    assert t("lessons.recovery.caveat") == clvmod.RECOVERY_CAVEAT
    assert t("lessons.recovery.tarp") == clvmod.TARP_SOURCE
    assert (t("lessons.clv.end_tooltip"), t("lessons.clv.start_tooltip")) == (
        clvmod.CONVENTIONS["end"], clvmod.CONVENTIONS["start"])


# --------------------------------------------------------------------------- exercises

@pytest.mark.parametrize("lang", LOCAL)
@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_each_exercise_speaks_the_language(key, lang):
    ex = lessons.exercise(key, lang=lang)
    ex.show.click()
    ex.submit("-999999")
    text = visible_texts(ex)
    assert SCRIPT[lang].search(ex.question.value) and SCRIPT[lang].search(ex.solution.value)
    assert english_left(text, lang) == []
    assert not BAD_TEXT.search(text)


def _typed(x: float, lang: str, unit: str, style: int) -> str:
    """``x`` as a learner of ``lang`` types it, in one of a few styles, written out here
    independently of Babel."""
    plain = f"{x:.2f}"
    if lang == "ru":
        whole, frac = plain.split(".")
        grouped = f"{int(whole):,}".replace(",", " ") + "," + frac
        text = [grouped, grouped.replace(" ", ""), grouped.replace(" ", NBSP)][style]
        sign = [" %", "%", "\u00a0%"][style]
    else:
        grouped = f"{float(plain):,.2f}"
        text = [grouped, plain, plain.translate({ord(c): ord(c) + 0xFEE0 for c in
                                                 "0123456789.,"})][style]
        sign = ["%", "%", "％"][style]
    return text + (sign if unit == "%" else "")


@pytest.mark.parametrize("style", [0, 1, 2])
@pytest.mark.parametrize("lang", LOCAL)
@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_a_right_answer_typed_the_local_way_is_accepted(key, lang, style):
    spec = lessons.specs(lang)[key]
    typed = _typed(lessons.answer(key), lang, spec.unit, style)
    fb = lessons.check(key, typed, lang=lang)
    assert fb.correct, (typed, fb.message)
    assert fb.message.startswith({"ru": "Верно", "zh": "正确"}[lang])
    assert spec.solution() in fb.message


@pytest.mark.parametrize("lang", LOCAL)
@pytest.mark.parametrize("key", list(lessons.EXERCISES))
def test_a_wrong_answer_gets_the_hint_in_the_language(key, lang):
    spec = lessons.specs(lang)[key]
    not_quite = {"ru": "Не совсем", "zh": "不太对"}[lang]
    right = lessons.answer(key)
    wrong = _typed(right * 1.5 + 7, lang, spec.unit, 0)
    fb = lessons.check(key, wrong, lang=lang)
    assert not fb.correct and fb.message.startswith(not_quite), (wrong, fb.message)
    assert SCRIPT[lang].search(fb.message)
    for mistake, hint in spec.mistakes:
        fb = lessons.check(key, _typed(mistake(), lang, spec.unit, 1), lang=lang)
        assert not fb.correct and hint in fb.message and SCRIPT[lang].search(hint)
    english = {h for _, h in lessons.EXERCISES[key].mistakes} | {lessons.EXERCISES[key].hint}
    assert not english & ({h for _, h in spec.mistakes} | {spec.hint})


def test_specific_hints_in_russian_and_chinese():
    assert "79,6" in lessons.check("04", "13", lang="ru").message
    assert "79.6%" in lessons.check("04", "13", lang="zh").message
    assert "очередь никогда не опустеет" in lessons.check("04", "10", lang="ru").message
    assert "целыми" in lessons.check("04", "14,5", lang="ru").message
    assert lessons.check("01", "0,3", lang="ru").correct  # a decimal for 30 % is understood
    assert "уже выделенных" in lessons.specs("ru")["01"].question
    assert "180 000" in lessons.specs("ru")["01"].question.replace(NBSP, " ")


def test_worked_solutions_are_the_packages_numbers_in_local_format():
    # Exercise 01: (234,000 − 180,000) ÷ 180,000 = 30 %; BCR 1.3.
    assert "= 30,0 %" in lessons.specs("ru")["01"].solution()
    assert f"234{NBSP}000" in lessons.specs("ru")["01"].solution()
    assert "= 30.0%" in lessons.specs("zh")["01"].solution()
    # Exercise 02: the NPV with two decimals, from the finance module.
    npv = lessons.answer("02")
    whole, frac = f"{npv:.2f}".split(".")
    assert f"NPV = {int(whole):,}".replace(",", NBSP) + "," + frac in lessons.specs(
        "ru")["02"].solution()
    assert f"NPV = {npv:,.2f}" in lessons.specs("zh")["02"].solution()
    # Exercise 04: 14 agents (pyworkforce's README example).
    assert "14 операторов" in lessons.specs("ru")["04"].solution()
    assert "14名坐席" in lessons.specs("zh")["04"].solution()


def test_exercise_widget_in_russian():
    ex = lessons.exercise("01", lang="ru")
    assert "Упражнение 01" in ex.question.value
    assert (ex.button.description, ex.box.description) == ("Проверить", "Ответ")
    ex.box.value = "12"
    assert "sr-wrong" in ex.feedback.value and "Не совсем" in ex.feedback.value
    ex.box.value = "30,0 %"
    assert "sr-right" in ex.feedback.value and "Верно" in ex.feedback.value
    ex.show.click()
    assert "Решение." in ex.solution.value and "30,0" in ex.solution.value


# --------------------------------------------------------------------------- reading answers

@pytest.mark.parametrize("lang, text, value", [
    ("ru", "12,5", 12.5), ("ru", "1 234,5", 1234.5), ("ru", "1\u00a0234,5", 1234.5),
    ("ru", "1\u202f234,5", 1234.5), ("ru", "12,5 %", 12.5), ("ru", "12,5%", 12.5),
    ("ru", "−3,5", -3.5), ("ru", "14 операторов", 14.0), ("ru", "0,333", 0.333),
    ("ru", "12", 12.0), ("ru", "1 234", 1234.0), ("ru", "１２,５", 12.5),
    ("zh", "12.5", 12.5), ("zh", "12.5%", 12.5), ("zh", "１２.５％", 12.5),
    ("zh", "1,234.5", 1234.5), ("zh", "1,234", 1234.0), ("zh", "14名坐席", 14.0),
    ("zh", "$11,908", 11908.0), ("zh", "−5", -5.0),
    ("en", "11,908.34", 11908.34), ("en", "30 %", 30.0), ("en", "33,3", 33.3),
])
def test_answers_read_as_each_language_types_them(lang, text, value):
    assert lessons.read_answer(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("lang, text, shows", [
    ("ru", "1,234", ("1234", f"1{NBSP}234", "1,2340")),  # 1.234 or 1234?
    ("ru", "1.234", ("1234", f"1{NBSP}234", "1,2340")),
    ("ru", "1,234.5", ("1 234,5",)), ("ru", "abc", ("1 234,5",)), ("ru", "", ("30",)),
    ("zh", "12,5", ("1,234.5",)), ("zh", "十二", ("1,234.5",)), ("zh", "1e999", ("1,234.5",)),
    ("en", "twelve", ("type a number",)),
])
def test_ambiguous_or_wrong_answers_are_refused_with_a_hint(lang, text, shows):
    with pytest.raises(lessons.AnswerError) as info:
        lessons.read_answer(text, lang, "%")
    message = str(info.value)
    for part in shows:
        assert part in message or part in re.sub("[\u00a0\u202f]", " ", message), (part, message)
    assert not BAD_TEXT.search(message)
    fb = lessons.check("01", text, lang=lang)
    assert not fb.correct and fb.message == message


def test_an_ambiguous_russian_answer_is_never_misread():
    # 1,234 is neither taken as 1.234 nor as 1234: both could be someone's answer.
    fb = lessons.check("04", "1,234", lang="ru")
    assert not fb.correct and "двояко" in fb.message


@pytest.mark.parametrize("build", [lessons.roi_explorer, lessons.npv_explorer,
                                   lessons.clv_explorer, lessons.staffing_explorer,
                                   lessons.risk_explorer, lessons.service_recovery,
                                   lambda lang: lessons.exercise("01", lang=lang),
                                   lambda lang: lessons.check("01", "30", lang=lang),
                                   lambda lang: lessons.RoiExplorer(lang=lang)])
def test_an_unknown_language_is_refused(build):
    with pytest.raises(ValueError, match="language must be one of en, ru, zh"):
        build(lang="de")


@pytest.mark.parametrize("lang, shown", [("ru", f"170{NBSP}$"), ("zh", "$170"), ("en", "$170")])
def test_chart_labels_show_whole_amounts(lang, shown):
    # CLV at the defaults: 120 × 0.8 ÷ (1 + 0.1 − 0.8) − 150 = 170 (a float just below it).
    ex = lessons.clv_explorer(lang=lang)
    labels = [t.get_text() for t in ex.figure.findobj(Text)]
    assert shown in labels and not any("99999" in label for label in labels)
    npv = lessons.npv_explorer(lang="zh")
    assert "NPV $11,908" in [t.get_text() for t in npv.figure.findobj(Text)]
