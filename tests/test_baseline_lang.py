"""The baseline app in Russian and Chinese, built and poked in-process (no browser).

Every visible text of a page in ru/zh must be free of the English words of the app's
catalog area (``baseline.*``) and of the package's names; a language switch keeps the
file, every override and the computed result, and only says them again. Figures are
checked against Babel called directly, not through the app's translator."""

import html
import re

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

import supportroi.apps.baseline.app as module
from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE, BaselineApp
from supportroi.baseline import REASONS
from supportroi.baseline.messages import DETAILS, Message, detail_message
from supportroi.i18n import catalog

from .test_baseline_app import _NOT_PLAIN, BAD_CSV, BAD_PROBLEMS, RU_CSV, problem_lines, upload
from .test_baseline_app import visible_text as _visible_text
from .test_baseline_exports import RU_CHANNELS, ZH_CHANNELS, _frame

LOCALES = {"ru": "ru_RU", "zh": "zh_Hans_CN"}


def visible_text(app) -> str:
    """What a person reads on the page, without the time-zone list (IANA names)."""
    return _visible_text(app.widget).replace(" ".join(module.TIMEZONES), " ")


def russian_cp1251() -> bytes:
    """The exports tests' Windows-1251 file: semicolons, decimal commas, dd.mm.yyyy."""
    lines = ["Дата создания;Канал;Длительность, сек;Оценка;Клиент;Номер обращения"]
    for r in _frame(600).itertuples():
        lines.append(f"{r.created:%d.%m.%Y %H:%M:%S};{RU_CHANNELS[r.channel]};"
                     f"{str(r.aht_s).replace('.', ',')};{r.csat};К{r.customer};{r.id}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def chinese_gbk() -> bytes:
    """The exports tests' GBK file with Chinese headers and channel labels."""
    lines = ["工单编号,创建时间,渠道,处理时长(秒),满意度,客户编号"]
    for r in _frame(500, seed=7).itertuples():
        lines.append(f"{r.id},{r.created:%Y/%m/%d %H:%M},{ZH_CHANNELS[r.channel]},"
                     f"{r.aht_s},{r.csat},{r.customer}")
    return ("\n".join(lines) + "\n").encode("gbk")


def workbook() -> bytes:
    """An XLSX with a cover sheet, then title rows above the table on sheet 2."""
    import io

    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Quarterly service report"])
    ws = wb.create_sheet("Cases")
    ws.append(["Case export, March–April 2024"])
    ws.append([])
    ws.append(["Case Number", "Date/Time Opened", "Case Origin", "Handle Time (min)", "CSAT"])
    for r in _frame(300, seed=11).itertuples():
        ws.append([r.id, r.created.to_pydatetime(), r.channel.title(), r.aht_s / 60, r.csat])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FILES = {
    "bad.csv": lambda: BAD_CSV,
    "отчёт.csv": lambda: RU_CSV,
    "обращения.csv": russian_cp1251,
    "工单.csv": chinese_gbk,
    "cases.xlsx": workbook,
    "mixed.csv": lambda: b"Created,Channel\n13/01/2024,phone\n01/13/2024,phone\n05/06/2024,phone\n",
    "dots.csv": lambda: b"Created,Channel,Handle time\n01.02.2024,phone,12\n02.03.2024,chat,9\n",
    "novalid.csv": lambda: b"Created,Channel\nsoon,Phone\n2024-01-01,Fax\n",
    "unusable.csv": lambda: b"foo,bar\n1,2\n",
    "empty.csv": lambda: b"",
}


def _english_fragments(lang: str) -> set[str]:
    """Pieces of the English messages of the baseline area (two or more English words in a
    row, between their fields) that the other language's catalog does not also hold."""
    other = " ".join(str(v) if not isinstance(v, dict) else " ".join(v.values())
                     for k, v in catalog(lang).items())
    out = set()
    for key, msg in catalog("en").items():
        if not key.startswith("baseline."):
            continue
        for text in (msg.values() if isinstance(msg, dict) else [msg]):
            for piece in re.split(r"{\w+}|<[^>]+>", str(text)):
                piece = piece.strip(" ,.;:()“”'")
                if re.search(r"[A-Za-z]{3,}[ -][a-z]{3,}", piece) and piece not in other:
                    out.add(piece)
    return out


def load(lang: str, name: str) -> BaselineApp:
    app = BaselineApp(lang=lang)
    if name == "sample":
        app.load_sample()
    else:
        upload(app, FILES[name](), name)
    return app


@pytest.mark.parametrize("lang", ["ru", "zh"])
@pytest.mark.parametrize("name", ["sample", *FILES])
def test_no_english_message_of_the_app_on_a_page_in_another_language(lang, name):
    app = load(lang, name)
    text = " ".join(visible_text(app).split())
    data = FILES[name]() if name in FILES else SAMPLE.read_bytes()
    own = data.decode("utf-8", "replace")  # the file's own words may be anything
    english = sorted(p for p in _english_fragments(lang) if p in text and p not in own)
    assert not english, (name, english[:8])
    bad = {m for m in _NOT_PLAIN.findall(text) if m not in own + " data/sample_tickets.csv"}
    assert not bad, (name, sorted(bad)[:10])


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_kpi_cards_and_counts_in_the_language(lang):
    app = load(lang, "sample")
    k, e = app.kpis, app.export
    cards = app.cards.value
    n = format_decimal(k.n_contacts, "#,##0", locale=LOCALES[lang])
    assert re.search(rf'sr-kpi-contacts".*?sr-value[^>]*>{re.escape(n)}<', cards)
    words = {"ru": ("Обращения", "Решение с первого обращения"), "zh": ("联系量", "首次联系解决率")}
    assert all(w in html.unescape(cards) for w in words[lang])
    start = format_date(k.period_start.date(), "long", locale=LOCALES[lang])
    assert start in html.unescape(cards)
    rejected = format_decimal(e.n_rejected, "#,##0", locale=LOCALES[lang])
    assert f"<span class='sr-n-rejected'>{rejected}</span>" in app.counts.value
    charts = {name: img.value for name, img in app.charts.items()}
    assert all(bytes(png).startswith(b"\x89PNG") for png in charts.values())


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_the_rejection_table_in_the_language(lang):
    app = load(lang, "bad.csv")
    lines = problem_lines(app)
    assert {(int(r[0]), r[4]) for r in lines} == {
        (row, catalog(lang)[f"baseline.reasons.{reason}"]) for row, _, reason in BAD_PROBLEMS}
    fields = {r[1] for r in lines}
    assert catalog(lang)["baseline.fields.handle_time"] in fields
    assert {r[6] for r in lines} == {catalog(lang)["baseline.rejections.set_aside"]}
    details = {r[5] for r in lines}
    # row 6 repeats ticket 2 of row 3; row 4 was resolved 1 h before it was created
    assert catalog(lang)["baseline.details.duplicate_of"].format(row=3) in details
    assert catalog(lang)["baseline.details.before_created"].format(hours=1) in details
    head = html.unescape(app.rejection_table.value)
    assert catalog(lang)["baseline.rejections.action"] in head
    # the CSV keeps the reason codes
    app.rejections_button.click()
    import base64
    data = base64.b64decode(re.search(r'base64,([^"]+)"', app.rejections_link.value).group(1))
    text = data.decode("utf-8")
    assert text.splitlines()[0] == "row,field,column,value,problem,detail,action,reason"
    assert all(reason in text for _, _, reason in BAD_PROBLEMS)
    assert catalog(lang)["baseline.reasons.duplicate_id"] in text


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_switching_language_keeps_the_file_overrides_and_result(lang, monkeypatch):
    app = load("en", "обращения.csv")
    app.reading.bad_values.value = "set aside"
    app.apply_button.click()
    app.file.mapping["agent"].value = "Клиент"  # an edit not applied yet
    export, kpis = app.export, app.kpis
    english = {"cards": app.cards.value, "rejections": app.rejection_table.value,
               "counts": app.counts.value, "scenario": app.scenario_table.value}
    calls = []
    monkeypatch.setattr(module, "read_export", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(module, "compute_kpis", lambda *a, **k: calls.append(a))
    app.language.widget.value = lang  # as the picker does
    assert app.lang == lang and calls == []  # nothing read or computed again
    assert app.export is export and app.kpis is kpis
    assert app.reading.bad_values.value == "set aside"
    assert app.file.mapping["agent"].value == "Клиент"
    assert app.file.mapping["created"].value == "Дата создания"
    assert app.reading.encoding.label == catalog(lang)["baseline.reading.detect"]
    text = " ".join(visible_text(app).split())
    assert catalog(lang)["baseline.kpi.heading"] in text
    assert not [p for p in _english_fragments(lang) if p in text]
    app.language.widget.value = "en"
    assert {"cards": app.cards.value, "rejections": app.rejection_table.value,
            "counts": app.counts.value, "scenario": app.scenario_table.value} == english


def test_the_url_names_the_language():
    app = BaselineApp()
    app.apply_query("lang=zh")
    assert app.lang == "zh" and app.language.value == "zh"
    assert catalog("zh")["baseline.source.no_file"] in app.status.value
    mistyped = BaselineApp(lang="ru")
    mistyped.apply_query("lang=de")  # not a language of the apps: an English page
    assert mistyped.lang == "en" and "No file yet" in mistyped.status.value


def test_messages_keep_the_api_english_and_carry_code_and_fields():
    from supportroi.baseline import read_export
    e = read_export(b"Created,Channel\n2024-01-01,Phone\n\n2024-01-02,Fax\n", "t.csv")
    notes = {n.code: n for n in e.notes if isinstance(n, Message)}
    assert notes["baseline.read.blank_rows"] == "1 blank row skipped (not data)"
    assert notes["baseline.read.blank_rows"].fields == {"n": 1}
    warning = e.warnings[0]
    assert warning.code == "baseline.read.many_set_aside" and warning.fields["n"] == 1
    assert warning.startswith("1 of 2 rows (50%) are set aside")
    for code, text in DETAILS.items():
        assert code in catalog("en") and catalog("en")[code] == text
    assert detail_message("2.5 h is over the limit of 8 h").fields == {"hours": 2.5, "limit": 8}
    assert detail_message("ticket id already on row 12").fields == {"row": 12}
    assert detail_message(REASONS["date_out_of_range"]) is None


def test_every_reason_has_its_words_in_every_language():
    for lang in ("en", "ru", "zh"):
        assert {k for k in catalog(lang) if k.startswith("baseline.reasons.")} == {
            f"baseline.reasons.{r}" for r in REASONS}
    assert all(catalog("en")[f"baseline.reasons.{r}"] == text for r, text in REASONS.items())


def test_the_sample_in_russian_has_russian_chart_words():
    from supportroi.apps.baseline_charts import BaselineFigures, _month_labels, _weekday_labels
    app = load("ru", "sample")
    assert _weekday_labels(app.kpis.by_weekday_hour.index, "ru")[0] == "пн"
    assert _month_labels(app.kpis.by_month.index, "zh")[0] == "24年1月"
    assert BaselineFigures(lang="ru").render(app.kpis)["aht"].startswith(b"\x89PNG")
    assert SAMPLE.exists() and app.kpis.timezone == SAMPLE_TIMEZONE
