"""The assumption and scenario controls in Russian and Chinese, built and poked in process."""

import html
import re

import ipywidgets as w
import pytest

from supportroi.apps.controls import AssumptionControls, ScenarioControls
from supportroi.assumptions import CATALOG
from supportroi.scenarios import shipped_scenarios

#: Latin words a translated control may keep: acronyms, names, codes and file paths.
_KEPT = re.compile(r"AHT|FCR|FTE|FAQ|CRM|Erlang|helpdesk|Purdue/BenchmarkPortal|data/|linear|"
                   r"erlang|M/M/n\+M")


def _english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{4,}", _KEPT.sub("", text))


def _shown(controls: AssumptionControls) -> dict[str, tuple]:
    return {n: (wid.description, wid.tooltip, getattr(wid, "options", None))
            for n, wid in controls.widgets.items()}


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_label_and_tooltip_is_in_the_language(lang):
    controls = AssumptionControls(lang=lang)
    leftovers = []
    for name, widget in controls.widgets.items():
        source = CATALOG[name].source
        tooltip = widget.tooltip
        assert tooltip.endswith(source)  # the source itself stays as written
        leftovers += [f"{name}: {word}" for word in _english_words(widget.description)
                      + _english_words(tooltip[: -len(source)])]
    assert leftovers == []
    titles = controls.panel().titles
    assert len(titles) == 7 and all(_english_words(t) == [] for t in titles)


def test_russian_labels_tooltips_and_notices():
    controls = AssumptionControls(lang="ru")
    fcr = controls.widgets["fcr"]
    assert fcr.description == "Решение с первого обращения (FCR) (%)"
    assert fcr.tooltip == ("Доля вопросов, решённых при первом обращении.\n"
                           "Допустимо: от 0\u00a0% до 100\u00a0%.\n"
                           "Источник: SQM Group: average about 70 %, world class 80 % or more")
    salary = controls.widgets["agent_salary"]
    assert "от 0 до 500\u00a0000 $/год" in salary.tooltip
    controls.set_currency("₽")
    assert salary.description == "Зарплата оператора (₽/год)" and "₽/год" in salary.tooltip
    assert controls.widgets["share_self_service"].description == "Доля самообслуживания (%, остаток)"
    assert controls.panel().titles[0] == "Текущие показатели работы"

    controls.widgets["shrinkage"].set_state({"value": 0.95})  # a tampered client
    assert controls.values["shrinkage"] == 0.30
    notice = html.unescape(controls.notice.value)
    assert "Не применено:" in notice
    assert ("Потери рабочего времени: 0,95 вне допустимых пределов: значение должно "
            "быть от 0 до 0,8 (доля). Оставлено 30\u00a0%.") in notice
    controls.widgets["share_chat"].value = 0.5
    assert "доли телефона, чата и почты в сумме дали бы 120 %, больше 100 %" in html.unescape(
        controls.notice.value)
    messages = controls.set_values({"churn_reduction": 0.3, "agent_fte": 2.5, "nope": 1})
    assert messages == [
        "Операторы: должно быть целым числом, получено 2,5",
        "nope: неизвестное допущение",
        ("снижение оттока (0,3) больше годового оттока (0,2) — сохранены прежние значения: "
         "Годовой отток, Снижение оттока")]
    assert controls.values["churn_reduction"] == 0.005


def test_english_is_as_before():
    controls = AssumptionControls()
    fcr = controls.widgets["fcr"]
    assert fcr.description == "First-contact resolution (FCR) (%)"
    assert fcr.tooltip == ("Share of issues resolved in the first contact.\nValid: 0 % to 100 %.\n"
                           "Source: SQM Group: average about 70 %, world class 80 % or more")
    assert controls.widgets["staffing_method"].options == (("linear", "linear"), ("erlang", "erlang"))
    assert controls.panel().titles[-1] == "Finance & risk"
    controls.widgets["shrinkage"].set_state({"value": 0.95})
    assert ("<b>Not applied:</b><ul><li>Shrinkage: 0.95 is out of bounds: must be between 0 and "
            "0.8 (fraction). Kept 30 %.</li></ul>") in controls.notice.value


def test_set_language_relabels_everything_and_keeps_values():
    changes = []
    controls = AssumptionControls(on_change=changes.append)
    panel = controls.panel()
    controls.set_values({"fcr": 0.75, "staffing_method": "erlang", "agent_fte": 120})
    values, changes[:] = controls.values, []
    controls.widgets["fcr"].set_state({"value": 2.0})
    assert controls.notice.value
    for lang in ("ru", "zh", "en"):
        controls.set_language(lang)
        assert _shown(controls) == _shown(AssumptionControls(lang=lang))
        assert panel.titles == AssumptionControls(lang=lang).panel().titles
        assert controls.values == values and changes == []
        assert controls.widgets["staffing_method"].value == "erlang"
        assert controls.widgets["fcr"].value == 0.75
        assert controls.notice.value == ""  # it was in the previous language
    assert controls.widgets["staffing_method"].label == "erlang"
    controls.set_language("zh")
    assert controls.widgets["staffing_method"].label == "Erlang C"
    controls.widgets["staffing_method"].value = "linear"  # still works after relabelling
    assert controls.values["staffing_method"] == "linear" and changes == [{"staffing_method"}]
    with pytest.raises(ValueError, match="en, ru, zh"):
        controls.set_language("de")


def _buttons(sc: ScenarioControls) -> tuple:
    return (sc.picker.description, sc.picker.options, sc.reset.description, sc.reset.tooltip,
            sc.currency.description, sc.upload.description)


def test_scenario_controls_in_chinese_and_switching_language():
    changes = []
    sc = ScenarioControls(on_change=changes.append, lang="zh")
    assert sc.picker.options[0] == ("目录默认值", "") and sc.reset.description == "恢复默认值"
    assert sc.meta["title"] == "目录默认值"
    assert sc.widgets["fcr"].description == "首次解决率（FCR）（%）"
    name = next(iter(shipped_scenarios()))
    sc.picker.value = name
    sc.assumptions.widgets["fcr"].value = 0.66
    values, changes[:] = sc.values, []
    sc.set_language("ru")
    assert _buttons(sc) == _buttons(ScenarioControls(lang="ru"))
    assert sc.picker.value == name and sc.values == values and changes == []
    assert sc.widgets["fcr"].description.startswith("Решение с первого обращения")
    sc.picker.set_state({"index": 99})  # a tampered client
    assert "Сценарий: такого нет в списке" in html.unescape(sc.notice.value)
    sc.reset.click()
    assert sc.picker.value == "" and sc.meta["title"] == "Значения каталога по умолчанию"
    sc.set_language("en")
    assert sc.meta["title"] == "Catalog defaults" and _buttons(sc) == _buttons(ScenarioControls())
    assert isinstance(sc.bar(), w.VBox)


def test_upload_problems_in_russian():
    sc = ScenarioControls(lang="ru")
    sc.upload.set_state({"value": [{"name": "a.yaml", "content": b"x" * 10**7}]})
    assert "Файл сценария: размер файла 10\u00a0000\u00a0000 байт" in html.unescape(
        sc.notice.value)
