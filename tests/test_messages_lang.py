"""The messages produced below the apps, on Russian and Chinese pages: problems of an
uploaded scenario file (dashboard, compare app), of an arrival-profile CSV (staffing app),
of URL parameters, and the reasons a value a client sends a widget is refused. Built and
poked without a browser."""

import html
import json
import re

import pytest

from supportroi.apps.base import number_problem, page_script, page_script_texts
from supportroi.apps.compare import CompareApp
from supportroi.apps.dashboard import Dashboard
from supportroi.apps.query import parse_query
from supportroi.apps.staffing import StaffingApp
from supportroi.queueing import ProfileError, load_profile
from supportroi.scenarios import ScenarioError, parse_scenario

#: An unknown key (line 1), an out-of-range value (line 2) and a currency the apps do
#: not have (line 3).
BROKEN = b"agnt_fte: 3\nfcr: 1.5\ncurrency: CHF\n"
#: Line 2 has no colon: PyYAML stops at line 3.
SYNTAX = b"fcr: 0.5\nagent_fte 3\n  x: [\n"

#: What each problem must say, with its file, line and field, in each language.
EXPECTED = {
    "ru": [("broken.yaml, строка 1, agnt_fte: неизвестное допущение (может быть, имелось в "
           "виду «agent_fte»?)"),
           ("broken.yaml, строка 2, fcr: 1,5 вне допустимых пределов: значение должно быть от "
           "0 до 1 (доля)"),
           ("broken.yaml, строка 3, currency: должно быть одной из валют USD, EUR, GBP, RUB, "
           "CNY (или символом $ € £ ₽ ¥), получено 'CHF'"),
           ("syntax.yaml, строка 3: ошибка синтаксиса YAML: строку не удаётся прочитать как "
           "«имя: значение»")],
    "zh": ["broken.yaml，第1行，agnt_fte：未知的假设（您是否指“agent_fte”？）",
           "broken.yaml，第2行，fcr：1.5 超出范围：必须在 0 到 1 之间（比例）",
           ("broken.yaml，第3行，currency：必须是 USD, EUR, GBP, RUB, CNY 之一"
            "（或符号 $ € £ ₽ ¥），收到的是 'CHF'"),
           "syntax.yaml，第3行：YAML 语法错误：该行无法按“名称: 值”读取"],
}
#: English that must not be left on a Russian or Chinese page.
ENGLISH = ("unknown assumption", "did you mean", "out of bounds", "must be one of",
           "syntax error", "line ", "YAML error", "could not find", "is not", "ignored",
           "must not be negative", "row ", "a whole number", "got ")


def shown(html_text: str) -> str:
    """The text of a notice as a person reads it."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", html_text))


def english_left(text: str) -> list[str]:
    return [e for e in ENGLISH if e in text]


def upload(widget, name: str, content: bytes) -> None:
    widget.set_state({"value": [{"name": name, "type": "", "size": len(content),
                                 "content": content, "last_modified": 0}]})


def test_the_english_problems_are_unchanged():
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BROKEN, "broken.yaml")
    assert [str(p) for p in err.value.problems] == [
        "broken.yaml:1: agnt_fte: unknown assumption (did you mean 'agent_fte'?)",
        "broken.yaml:2: fcr: 1.5 is out of bounds: must be between 0 and 1 (fraction)",
        ("broken.yaml:3: currency: must be one of USD, EUR, GBP, RUB, CNY (or the symbols "
        "$ € £ ₽ ¥), got 'CHF'")]
    assert err.value.lines("en") == [str(p) for p in err.value.problems]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(SYNTAX, "syntax.yaml")
    assert err.value.lines() == ["syntax.yaml:3: YAML syntax error: could not find expected ':'"]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_scenario_problems_in_each_language(lang):
    lines = []
    for name, content in (("broken.yaml", BROKEN), ("syntax.yaml", SYNTAX)):
        with pytest.raises(ScenarioError) as err:
            parse_scenario(content, name)
        lines += err.value.lines(lang)
    assert lines == EXPECTED[lang]


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_broken_upload_on_the_dashboard(lang):
    app = Dashboard(lang=lang)
    for name, content in (("broken.yaml", BROKEN), ("syntax.yaml", SYNTAX)):
        upload(app.upload, name, content)
        notice = shown(app.controls.notice.value)
        expected = [line for line in EXPECTED[lang] if line.startswith(name)]
        assert expected and all(line in notice for line in expected), notice
        assert english_left(notice) == []
    assert app.controls.values["fcr"] != 1.5          # nothing was loaded


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_broken_upload_on_the_compare_page(lang):
    app = CompareApp(lang=lang)
    upload(app.upload, "broken.yaml", BROKEN)
    notice = shown(app.notice.value)
    assert all(line in notice for line in EXPECTED[lang][:3]), notice
    assert english_left(notice) == []
    assert "broken (uploaded)" not in app.available


def test_the_language_picked_later_rewords_the_shipped_files_problems():
    # The compare picker keeps a broken shipped file's problems and words them anew.
    app = CompareApp(lang="ru")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BROKEN, "broken.yaml")
    app.picker._broken["broken"] = err.value
    app.set_language("zh")
    assert EXPECTED["zh"][0] in shown(app.notice.value)


def negative_share_csv() -> bytes:
    rows = [f"{i // 48},{i % 48 // 2:02d}:{30 * (i % 2):02d},{-1 if i == 5 else 1 / 335}"
            for i in range(336)]
    return ("weekday,interval_start,share\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("lang, negative, columns", [
    ("ru", "строка 7: share не может быть отрицательным (указано -1.0)",
     "нет столбцов share (нужны weekday, interval_start, share)"),
    ("zh", "第7行：share 不能为负数（收到的是 -1.0）",
     "缺少列 share（需要 weekday, interval_start, share）"),
])
def test_a_broken_profile_on_the_staffing_page(lang, negative, columns):
    app = StaffingApp(lang=lang)
    app.load_profile(negative_share_csv(), "week.csv")
    status = shown(app.profile_status.value)
    assert "week.csv" in status and negative in status, status
    assert english_left(status) == [] and app.profile is None
    app.load_profile(b"weekday,interval_start\n0,00:00\n", "two.csv")
    status = shown(app.profile_status.value)
    assert "two.csv" in status and columns in status, status
    assert english_left(status) == []
    app.set_language("en")   # the reason follows the page's language
    assert "missing column(s) share" in shown(app.profile_status.value)


def test_profile_errors_keep_their_english_and_say_it_in_any_language():
    with pytest.raises(ProfileError) as err:
        load_profile(negative_share_csv(), name="week.csv")
    assert str(err.value) == "week.csv, row 7: share must not be negative (got -1.0)"
    assert isinstance(err.value, ValueError)
    assert err.value.text("ru") == "week.csv, строка 7: share не может быть отрицательным " \
                                   "(указано -1.0)"
    with pytest.raises(ProfileError) as err:
        load_profile(b"\n", name="empty.csv")
    assert str(err.value).startswith("empty.csv: not a readable CSV file (")
    assert err.value.text("zh") == "empty.csv：无法作为 CSV 文件读取"


@pytest.mark.parametrize("lang, unknown, not_a_number", [
    ("ru", ("неизвестный параметр 'agnt_fte' (может быть, имелось в виду «agent_fte»?); "
           "не учтён"),
     "discount_rate='abc' — не число вида 0.08"),
    ("zh", "未知参数“agnt_fte”（您是否指“agent_fte”？）；已忽略",
     "discount_rate='abc' 不是 0.08 这样的数字"),
])
def test_a_bad_url_parameter_in_each_app(lang, unknown, not_a_number):
    query = f"lang={lang}&agnt_fte=3&discount_rate=abc"
    for app in (Dashboard(), StaffingApp()):
        notices = app.apply_query(query)
        assert app.lang == lang
        assert any(unknown in n for n in notices), notices
        assert any(not_a_number in n for n in notices), notices
        assert english_left(" ".join(notices)) == []
    compare = CompareApp()
    notices = compare.apply_query(f"lang={lang}&agnt_fte=3")
    assert compare.lang == lang and len(notices) == 1 and "agnt_fte" in notices[0]
    assert english_left(notices[0]) == []


def test_url_notices_stay_english_on_an_english_page():
    *_, notices = parse_query("agnt_fte=3&discount_rate=abc&agent_fte=1.5&scenario=nope")
    assert notices[0] == "unknown parameter 'agnt_fte' (did you mean 'agent_fte'?); ignored"
    assert notices[1] == "discount_rate='abc' is not a number such as 0.08; ignored"
    assert notices[2] == "agent_fte='1.5' is not a whole number; ignored"
    assert notices[3].startswith("scenario 'nope' is not one of the shipped scenarios (")


@pytest.mark.parametrize("lang, whole, option", [
    ("ru", "4,5 — не целое число", "такого варианта нет в списке"),
    ("zh", "4.5 不是整数", "这不是可选的选项之一"),
])
def test_a_wrong_value_from_a_client_is_refused_in_plain_words(lang, whole, option):
    app = Dashboard(lang=lang)
    widgets = app.controls.assumptions.widgets
    for value, words in ((4.5, whole), ("12", None), (True, None), ([1], None)):
        widgets["agent_fte"].set_state({"value": value})
        notice = shown(app.controls.notice.value)
        assert notice and english_left(notice) == [], notice
        assert not re.search(r"\b(str|bool|list|int|float|NoneType)\b", notice), notice
        if words:
            assert words in notice, notice
    widgets["staffing_method"].set_state({"index": 99})
    assert option in shown(app.controls.notice.value)
    assert app.controls.values["agent_fte"] == 100          # nothing was applied


def test_the_client_reasons_keep_their_english():
    assert number_problem(4.5, whole=True) == "4.5 is not a whole number"
    assert number_problem(200, low=0, high=100) == "200 is outside the allowed range 0 to 100"
    assert number_problem("1") == "text was sent instead of a number"
    assert number_problem(1e6, low=0, high=10, lang="ru") == \
        "1e+06 вне допустимого диапазона от 0 до 10"
    assert number_problem(0.5, low=1, high=2.5, lang="ru") == \
        "0,5 вне допустимого диапазона от 1 до 2,5"


def test_the_page_script_says_file_too_large_in_the_page_language():
    texts = page_script_texts()
    assert texts["default"] == "en" and set(texts) == {"default", "en", "ru", "zh"}
    assert texts["en"]["named"].startswith("The file {files} is too large")
    assert "слишком большой" in texts["ru"]["named"] and texts["ru"]["mb"] == "{n} МБ"
    assert "太大" in texts["zh"]["unnamed"]
    for lang in ("ru", "zh"):
        assert not re.search(r"[A-Za-z]{4,}", texts[lang]["named"].replace("{files}", "")
                             .replace("{limit}", "")), texts[lang]["named"]
    script = page_script()
    table = re.search(r"var texts = (\{.*?\});\n", script).group(1)
    assert json.loads(table) == texts                        # written into the script whole
    assert "document.documentElement.lang" in script and "%(" not in script
