"""The baseline app built and poked in-process, without a browser."""

import base64
import datetime as dt
import html
import io
import re

import numpy as np
import openpyxl
import pytest

import supportroi.apps.baseline as package
import supportroi.apps.baseline.app as module
from supportroi.baseline import REASONS, BaselineError, compute_kpis, read_export, to_scenario
from supportroi.apps.baseline import SAMPLE, SAMPLE_TIMEZONE, BaselineApp, hours_text, kpi_cards
from supportroi.formatting import percent
from supportroi.scenarios import parse_scenario

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: A small export with one problem of each kind the table must show.
BAD_CSV = (b"Ticket ID,Created at,Solved at,Channel,Handle time (sec),CSAT,Customer\n"
           b"1,2024-03-04 09:00,2024-03-04 09:30,Phone,300,5,C1\n"
           b"2,2024-03-04 10:00,,Web form,90,,C2\n"
           b"3,2024-03-04 11:00,2024-03-04 10:00,Fax,-5,9,C1\n"
           b"4,not a date,,Chat,60,,C3\n"
           b"2,2024-03-05 10:00,2024-03-05 12:00,Chat,60,4,C3\n"
           b"6,2024-03-06 10:00,2024-03-06 11:00,Chat,120,2,C4\n")
#: (row, field, reason) of every problem in BAD_CSV; row 1 is the header.
BAD_PROBLEMS = {(4, "resolved", "resolved_before_created"), (4, "channel", "channel_unknown"),
                (4, "handle_time", "duration_negative"), (4, "csat", "score_off_scale"),
                (5, "created", "date_unparseable"), (6, "ticket_id", "duplicate_id")}


@pytest.fixture(scope="module")
def sample_model():
    export = read_export(SAMPLE, timezone=SAMPLE_TIMEZONE)
    return export, compute_kpis(export)


@pytest.fixture(scope="module")
def sample_app():
    """The sample loaded once, for tests that only read the page."""
    app = BaselineApp()
    app.load_sample()
    return app


@pytest.fixture
def app():
    return BaselineApp()


def upload(app, data: bytes, name: str) -> None:
    app.upload.value = ({"name": name, "type": "", "size": len(data), "last_modified": NOW,
                         "content": memoryview(data)},)


def shown(app, key: str) -> str:
    m = re.search(rf'sr-kpi-{key}".*?sr-value[^>]*>([^<]*)<', app.cards.value)
    return html.unescape(m.group(1)) if m else None


def count(app, cls: str) -> int:
    html_ = app.counts.value + app.rejection_summary.value
    return int(re.search(rf"class='{cls}'>([\d,]+)<", html_).group(1).replace(",", ""))


def problem_lines(app) -> list[list[str]]:
    """The rejections table's rows as text cells: row, field, column, value, problem, detail,
    what was done."""
    body = re.search(r"sr-problem-lines.*?<tbody>(.*)</tbody>", app.rejection_table.value).group(1)
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body)]


def data_uri(html_: str) -> bytes:
    return base64.b64decode(re.search(r'base64,([^"]+)"', html_).group(1))


def all_text(app) -> str:
    return " ".join(x.value for x in (app.status, app.error, app.notice, app.preview, app.counts,
                                      app.cards, app.notes, app.rejection_summary,
                                      app.rejection_table, app.scenario_table,
                                      app.scenario_notice, app.yaml_link)
                    if isinstance(x.value, str))


def test_a_fresh_app_shows_only_the_source_choice(app):
    assert app.export is None and app.kpis is None
    for box in (app.file_box, app.results_box, app.rejections_box, app.scenario_box):
        assert box.layout.display == "none"
    assert "No file yet" in app.status.value


def test_sample_kpi_cards_equal_the_model(sample_app, sample_model):
    _, k = sample_model
    assert sample_app.timezone.value == SAMPLE_TIMEZONE == sample_app.kpis.timezone
    assert shown(sample_app, "contacts") == f"{k.n_contacts:,}" == "51,982"
    assert shown(sample_app, "annual") == f"{k.annual_contacts():,}"
    for ch in ("phone", "chat", "email"):
        assert shown(sample_app, f"aht-{ch}") == f"{k.aht_min[ch]:.2f} min"
    assert shown(sample_app, "aht-phone") == "6.70 min"
    assert shown(sample_app, "fcr") == percent(k.fcr) == "66.2 %"
    assert shown(sample_app, "reopen") == percent(k.reopen_rate)
    assert shown(sample_app, "repeat-rate") == percent(k.repeat_contact_rate)
    assert shown(sample_app, "repeat-customer") == f"{k.repeat_contacts_per_customer:.2f}"
    assert shown(sample_app, "ttr-median") == f"{k.ttr_median_h * 60:.0f} min" == "30 min"
    assert shown(sample_app, "ttr-p90") == f"{k.ttr_p90_h:.1f} h" == "12.4 h"
    assert shown(sample_app, "csat") == f"{k.csat:.1f} %"
    assert shown(sample_app, "nps") == f"+{k.nps:.1f}"
    assert shown(sample_app, "ces") == f"{k.ces:.2f} of 7"
    assert [c.value for c in kpi_cards(k)] == [
        shown(sample_app, c.key) for c in kpi_cards(sample_app.kpis)]
    text = all_text(sample_app)
    assert "NaN" not in text and not re.search(r"\bnan\b|\binf\b", text)


def test_charts_are_png_images(sample_app):
    for name, image in sample_app.charts.items():
        assert image.value[:8] == b"\x89PNG\r\n\x1a\n", name


def test_sample_counts_and_every_rejection_are_shown(sample_app, sample_model):
    export, _ = sample_model
    assert count(sample_app, "sr-n-rows") == export.n_rows == 52_000
    # bad optional values are left blank (30 rows kept); bad dates, channels, ids set aside
    assert count(sample_app, "sr-n-valid") == export.n_valid == 51_982
    assert count(sample_app, "sr-n-blanked") == export.n_blanked == 30
    assert count(sample_app, "sr-n-rejected") == export.n_rejected == 18
    assert count(sample_app, "sr-rejected-count") == export.n_rejected
    assert count(sample_app, "sr-blanked-count") == export.n_blanked
    summary = html.unescape(sample_app.rejection_summary.value)
    for reason, r in export.summary.iterrows():  # in plain words, not the reason's code
        assert re.search(rf"<td>{re.escape(REASONS[reason])}</td><td>{r['rows']}</td>", summary)
        assert reason not in summary
    lines = problem_lines(sample_app)
    assert len(lines) == package.REJECTION_ROWS < len(export.rejections) == 53
    head = export.rejections.head(len(lines))
    assert [int(x[0]) for x in lines] == head["row"].tolist()
    assert [x[4] for x in lines] == [REASONS[r] for r in head["reason"]]
    assert [x[6] for x in lines] == head["action"].tolist()
    assert f"First {len(lines)} of 53 problems" in sample_app.rejection_table.value
    # nothing vanishes: the full list is one click away
    sample_app.rejections_button.click()
    csv = data_uri(sample_app.rejections_link.value).decode()
    assert len(csv.strip().splitlines()) == 1 + len(export.rejections)
    assert "Download all 53 problems" in sample_app.rejections_link.value


def test_preview_and_detected_mapping(sample_app, sample_model):
    export, _ = sample_model
    for f, dd in sample_app.mapping.items():
        assert dd.value == export.mapping.get(f, "")
        assert "(none)" in dict(dd.options) and "Priority" in dict(dd.options)
    assert "100001" in sample_app.preview.value and "→ Created" in sample_app.preview.value
    # folded away when everything needed was found, with what was found in its title
    assert sample_app.file_panel.selected_index is None
    assert sample_app.file_panel.titles == (
        "sample_tickets.csv: 13 columns, 11 of 19 fields found. Check or change the mapping",)
    assert "(not used)" in sample_app.preview.value  # Priority, Status
    assert "columns not used: &#x27;Priority&#x27;, &#x27;Status&#x27;" in sample_app.notes.value


def test_uploading_a_bad_csv_lists_row_numbers_and_reasons(app):
    upload(app, BAD_CSV, "bad.csv")
    assert app.upload.value == ()  # the widget's copy is dropped
    export = read_export(BAD_CSV, filename="bad.csv")
    assert count(app, "sr-n-rejected") == export.n_rejected == 3
    assert count(app, "sr-n-valid") == export.n_valid == 3
    lines = problem_lines(app)
    assert {(int(r[0]), r[4]) for r in lines} == {
        (row, REASONS[reason]) for row, _, reason in BAD_PROBLEMS}
    assert ["4", "Channel", "Channel", "Fax", "channel empty or not recognised",
            "not a known channel label", "row set aside"] in lines
    assert ["4", "Handle time", "Handle time (sec)", "-5", "negative duration", "",
            "row set aside"] in lines  # a bad value of a row set aside goes with the row
    assert "All 6 problems." in app.rejection_table.value
    assert shown(app, "contacts") == "3"
    assert app.notice.value == "" and "Traceback" not in all_text(app)


def test_a_mapping_change_recomputes():
    app = BaselineApp()
    app.load_sample()
    assert app.kpis.fcr_method == "repeat"
    app.mapping["customer"].value = ""  # (none): FCR falls back to reopen counts
    app.mapping["csat"].value = ""
    assert app.apply_button.button_style == "primary" and "Apply" in app.mapping_hint.value
    assert app.kpis.fcr_method == "repeat"  # nothing changes before Apply
    app.apply_button.click()
    expected = compute_kpis(read_export(SAMPLE, timezone=SAMPLE_TIMEZONE,
                                        mapping={"customer": None, "csat": None}))
    assert app.kpis.fcr_method == "reopens"
    assert shown(app, "fcr") == percent(expected.fcr) == "91.7 %"
    assert shown(app, "csat") is None and shown(app, "repeat-customer") is None
    assert "not in the file (their KPIs are not shown): CSAT, Customer" in app.notes.value
    assert app.apply_button.button_style == "" and app.mapping_hint.value == ""
    # the scenario follows: FCR by reopens, no repeat contacts
    scenario = parse_scenario(data_uri(app.yaml_link.value))
    assert scenario.values["fcr"] == round(expected.fcr, 4)


def test_mapping_a_column_to_two_fields_is_pointed_out(app):
    upload(app, BAD_CSV, "bad.csv")
    app.mapping["agent"].value = "Customer"
    assert "used for Agent and Customer" in app.mapping_hint.value


def test_a_file_without_the_required_columns_shows_its_problems(app):
    upload(app, b"foo,bar\n2024-01-01,x\n", "calls.csv")
    assert "calls.csv cannot be used" in app.notice.value
    assert "no column gives the creation date" in app.notice.value
    assert "Traceback" not in all_text(app)
    assert app.results_box.layout.display == "none" and app.file_box.layout.display == "flex"
    assert app.file_panel.selected_index == 0  # the mapping is open to fix it
    assert [o for _, o in app.mapping["created"].options] == ["", "foo", "bar"]
    # the mapping fixes it: foo is the date, every row a phone call
    app.mapping["created"].value = "foo"
    app.default_channel.value = "phone"
    app.apply_button.click()
    assert app.notice.value == "" and shown(app, "contacts") == "1"
    assert app.kpis.by_channel["phone"] == 1


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.csv", "the file is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "old.xls", ".xls) files are not supported"),
    (b"not a zip", "book.xlsx", "not a valid .xlsx file"),
])
def test_an_unreadable_file_shows_a_notice(app, data, name, message):
    upload(app, BAD_CSV, "bad.csv")
    upload(app, data, name)
    assert message in html.unescape(app.notice.value)
    assert app.export is None and app.error.value == ""
    for box in (app.file_box, app.results_box, app.rejections_box, app.scenario_box):
        assert box.layout.display == "none"  # no stale results of the previous file


def test_a_file_without_valid_rows_shows_its_rejections(app):
    upload(app, b"Created,Channel\nsoon,Phone\n2024-01-01,Fax\n", "x.csv")
    assert "No KPIs from x.csv" in app.notice.value and "no valid rows" in app.notice.value
    assert app.results_box.layout.display == "none"
    assert app.rejections_box.layout.display == "flex"
    assert {(int(r[0]), r[4]) for r in problem_lines(app)} == {
        (2, REASONS["date_unparseable"]), (3, REASONS["channel_unknown"])}


def test_an_xlsx_upload(app):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Case Number", "Date/Time Opened", "Case Origin", "Handle Time (min)"])
    ws.append(["A1", dt.datetime(2024, 5, 6, 9, 30), "Phone", 6])
    ws.append(["A2", dt.datetime(2024, 5, 6, 11, 0), "Email", 4])
    buf = io.BytesIO()
    wb.save(buf)
    upload(app, buf.getvalue(), "cases.xlsx")
    assert app.notice.value == ""
    assert shown(app, "contacts") == "2" and shown(app, "aht-phone") == "6.00 min"
    assert "read as XLSX" in app.notes.value


def test_yaml_download_parses_back_to_the_baseline_scenario(sample_app, sample_model):
    _, k = sample_model
    text = data_uri(sample_app.yaml_link.value)
    assert 'download="baseline-sample_tickets.yaml"' in sample_app.yaml_link.value
    expected = to_scenario(k)
    parsed = parse_scenario(text, "baseline.yaml")
    assert parsed == expected
    assert parsed.values == expected.values and parsed.title == "Baseline from sample_tickets.csv"
    assert parsed.values["fcr"] == 0.662 and parsed.values["annual_contacts"] == 51_982


def test_scenario_title_and_annualising(app):
    upload(app, BAD_CSV, "bad.csv")  # three days of data
    k = app.kpis
    assert parse_scenario(data_uri(app.yaml_link.value)) == to_scenario(k)
    app.title.value = "Acme helpdesk"
    app.annualise.value = False
    parsed = parse_scenario(data_uri(app.yaml_link.value))
    assert parsed == to_scenario(k, annualise=False, title="Acme helpdesk")
    assert parsed.values["annual_contacts"] == 3


def test_a_measured_value_out_of_bounds_is_a_notice_not_a_download(app):
    long_calls = (b"Created,Channel,Handle time (sec)\n"
                  b"2024-01-01 10:00,Phone,7200\n2024-01-02 10:00,Phone,7000\n")
    upload(app, long_calls, "long.csv")
    assert shown(app, "aht-phone") == f"{(7200 + 7000) / 2 / 60:.2f} min"  # KPIs still shown
    assert app.scenario is None and app.yaml_link.value == ""
    notice = html.unescape(app.scenario_notice.value)
    assert "outside the catalog's bounds" in notice and "aht_phone_min" in notice
    with pytest.raises(Exception) as info:
        to_scenario(app.kpis)
    assert "aht_phone_min" in str(info.value)


def test_timezone_change_rereads_and_bad_names_are_refused(sample_model):
    app = BaselineApp()
    app.load_sample()
    app.timezone.value = "UTC"
    utc = compute_kpis(read_export(SAMPLE, timezone="UTC"))
    assert app.kpis.timezone == "UTC" and "Times in UTC" in app.counts.value
    assert app.kpis.by_weekday_hour.equals(utc.by_weekday_hour)
    assert not utc.by_weekday_hour.equals(sample_model[1].by_weekday_hour)
    before = app.kpis
    app.timezone.value = "Mars/Olympus_Mons"  # a client can send anything
    assert app.timezone.value == "UTC" and app.kpis is before
    assert "not an IANA time zone" in app.notice.value


def test_reading_shows_a_working_state(app, monkeypatch):
    seen = {}
    real = module.read_export

    def spy(*args, **kwargs):
        seen["status"] = app.status.value
        seen["disabled"] = (app.sample_button.disabled, app.upload.disabled,
                            app.apply_button.disabled)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "read_export", spy)
    upload(app, BAD_CSV, "bad.csv")
    assert "Working…" in seen["status"] and "bad.csv" in seen["status"]
    assert seen["disabled"] == (True, True, True)
    assert not app.sample_button.disabled and not app.upload.disabled
    assert "Working" not in app.status.value and "bad.csv read in" in app.status.value


def test_too_big_an_upload_is_refused(app, monkeypatch):
    monkeypatch.setattr(module, "MAX_UPLOAD_BYTES", 100)
    upload(app, BAD_CSV, "bad.csv")
    assert "more than" in app.notice.value and app.export is None


def test_errors_in_callbacks_show_a_short_message(app, monkeypatch):
    def boom(*_, **__):
        raise RuntimeError("KPIs exploded")

    monkeypatch.setattr(module, "compute_kpis", boom)
    upload(app, BAD_CSV, "bad.csv")
    assert "Something went wrong" in app.error.value
    assert "KPIs exploded" not in app.error.value  # details in the server log only (issue 16)
    assert "Traceback" not in all_text(app)
    assert not app.upload.disabled  # the working state is always left


def test_hours_text():
    assert hours_text(0.25) == "15 min" and hours_text(47.9) == "47.9 h"
    assert hours_text(72) == "3.0 days"


def test_baseline_errors_are_value_errors():
    # the app relies on BaselineError carrying its problems as text
    with pytest.raises(BaselineError) as info:
        read_export(b"", filename="x.csv")
    assert info.value.problems == ["the file is empty"]


# -- each section on its own ------------------------------------------------------------

def test_mapping_panel_alone():
    panel = package.MappingPanel()
    panel.set_columns(["When", "Via", "Who"])
    assert panel.chosen() == {f: None for f in panel.mapping} and not panel.changed()
    panel.show_mapping({"created": "When", "channel": "Via", "agent": "Nowhere"})
    assert panel.chosen()["created"] == "When" and panel.chosen()["agent"] is None
    assert panel.changed() and panel.apply_button.button_style == ""   # set, not edited
    panel.mapping["customer"].value = "Via"                              # edited by a person
    assert panel.apply_button.button_style == "primary"
    assert "'Via' is used for Channel and Customer" in html.unescape(panel.hint.value)
    panel.applied = {"created": "When", "channel": "Via", "customer": "Via"}
    panel.refresh_hint()
    assert not panel.changed() and "Apply" not in panel.hint.value


def test_kpi_panel_alone(sample_model):
    export, k = sample_model
    panel = package.KpiPanel()
    assert panel.box.layout.display == "none"
    panel.render_counts(export)
    panel.render(export, k)
    assert panel.box.layout.display == "flex"
    assert "sr-kpi-fcr" in panel.cards.value and percent(k.fcr) in panel.cards.value
    assert all(img.value[:4] == b"\x89PNG" for img in panel.charts.values())
    assert "How the file was read" in panel.notes.value
    assert "51,982</span> used (<span class='sr-n-blanked'>30</span>" in panel.counts.value


def test_rejections_panel_alone():
    error = package.app.w.HTML()
    panel = package.RejectionsPanel(error)
    clean = read_export(b"Created,Channel\n2024-01-01,phone\n", filename="ok.csv")
    panel.render(clean)
    assert "every data row is used" in panel.summary.value
    assert panel.button.layout.display == "none"
    bad = read_export(BAD_CSV, filename="bad.csv")
    panel.render(bad, rows_shown=2)
    assert "First 2 of 6 problems" in panel.table.value
    panel.button.click()
    assert 'download="bad-rows-set-aside.csv"' in panel.link.value and error.value == ""


def test_scenario_panel_alone(sample_model):
    _, k = sample_model
    panel = package.ScenarioPanel(package.app.w.HTML())
    panel.set_file("tickets.csv")
    panel.render(k)
    assert panel.scenario == to_scenario(k)
    assert 'download="baseline-tickets.yaml"' in panel.yaml_link.value
    panel.title.value = "Acme"
    assert panel.options() == {"annualise": True, "title": "Acme"}
    assert panel.scenario.title == "Acme"


# -- reading options (issue 12) --------------------------------------------------------------

RU_CSV = ("Отчёт по обращениям\n\nДата создания;Канал;Длительность, мин;Клиент\n"
          "01.03.2024 10:00;Телефон;5,5;К1\n13.03.2024 11:00;Чат;2,25;К2\n"
          "14.03.2024 12:00;Факс;1;К3\n").encode("cp1251")


def test_a_russian_export_with_title_rows(app):
    upload(app, RU_CSV, "обращения.csv")
    assert app.notice.value == "" and app.export.layout.header_row == 3
    assert shown(app, "aht-phone") == "5.50 min" and shown(app, "aht-chat") == "2.25 min"
    assert "Windows-1251" in app.reading.guesses.value and "row 3" in app.reading.guesses.value
    assert "Факс" in app.warnings.value                        # an unknown label is pointed out
    # map it with the label table, apply: the row is kept
    app.reading.labels["Факс"].value = "email"
    assert app.apply_button.button_style == "primary"
    app.apply_button.click()
    assert app.export.n_rejected == 0 and app.kpis.by_channel["email"] == 1


def test_reading_overrides_are_applied_and_checked(app):
    upload(app, RU_CSV, "обращения.csv")
    app.reading.header_row.value = "zero"
    app.apply_button.click()
    assert "the header row must be a row number" in app.notice.value
    app.reading.header_row.value = "3"
    app.reading.dayfirst.value = "month"                        # 13.03 is then impossible
    app.apply_button.click()
    assert app.export.n_rejected == 2 and app.notice.value == ""
    app.reading.date_format.value = "no codes"
    app.apply_button.click()
    assert "a date format uses codes" in html.unescape(app.notice.value)
    assert "Traceback" not in all_text(app) and "_" not in re.sub(
        r"<[^>]+>|class='[^']*'|class=\"[^\"]*\"", "", app.notice.value)


def test_an_xlsx_sheet_can_be_chosen(app):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("Calls")
    ws.append(["Start Time", "Channel", "Talk Time (sec)"])
    ws.append([dt.datetime(2024, 5, 6, 9, 30), "Phone", 300])
    buf = io.BytesIO()
    wb.save(buf)
    upload(app, buf.getvalue(), "book.xlsx")
    assert app.export.layout.sheet == "Calls" and shown(app, "aht-phone") == "5.00 min"
    assert [v for _, v in app.reading.sheet.options] == ["", "Notes", "Calls"]
    app.reading.sheet.value = "Notes"
    app.apply_button.click()
    assert "cannot be used" in app.notice.value and app.export is None


def test_rows_set_aside_csv_keeps_formulas_from_the_file_as_text():
    # OWASP CSV injection: cells from the client's file that a spreadsheet would run.
    import csv
    hostile = ("Created,Channel,Handle time\n"
               "2024-01-01 09:00,=HYPERLINK(\"http://x\"),60\n"
               "2024-01-01 09:05,phone,=1+1\n"
               "2024-01-01 09:10,@SUM(A1),-2\n"
               "2024-01-01 09:15,phone,60\n").encode()
    panel = package.RejectionsPanel(package.app.w.HTML())
    panel.render(read_export(hostile, filename="hostile.csv"))
    panel.button.click()
    rows = list(csv.reader(io.StringIO(data_uri(panel.link.value).decode("utf-8"))))
    cells = [c for row in rows[1:] for c in row]
    assert any("HYPERLINK" in c for c in cells) and any("1+1" in c for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_call_log_shows_talk_hold_wrap_and_tables_by_channel_and_agent(app):
    text = ("Start time,Channel,Agent,Wait time (sec),Talk time (sec),Hold time (sec),"
            "ACW (sec),Outcome\n"
            "2024-03-04 09:00,Phone,ann,10,300,60,30,Answered\n"
            "2024-03-04 09:10,Phone,ann,50,,,,Abandoned\n"
            "2024-03-04 09:20,Chat,bob,5,120,,20,Answered\n"
            "2024-03-04 09:30,Phone,bob,30,180,0,40,Answered\n")
    upload(app, text.encode(), "calls.csv")
    k = app.kpis
    # means over answered calls: talk (300+120+180)/3, hold (60+0)/2, wrap (30+20+40)/3
    assert shown(app, "talk") == f"{600 / 3 / 60:.2f} min" == "3.33 min"
    assert shown(app, "hold") == "0.50 min" and shown(app, "wrap") == "0.50 min"
    tables = app.results.tables.value
    channel = re.search(r"sr-kpi-table-channel.*?</table>", tables).group(0)
    rows = {r[0]: r[1:] for r in ([html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr)]
                                  for tr in re.findall(r"<tr>(.*?)</tr>", channel)) if r}
    assert set(rows) == {"Phone", "Chat"}  # no email contacts: no row
    # phone: 3 of 4 contacts; AHT (390 + 220) / 2 s; 1 of 3
    # abandoned; ASA (10 + 30) / 2 s; service level: 1 of 3 offered answered within 20 s
    assert rows["Phone"][:6] == ["3", percent(3 / 4), f"{610 / 2 / 60:.2f} min",
                                 percent(1 / 3), "20 s", percent(1 / 3)]
    assert k.by_channel_kpis.loc["phone", "aht_min"] == pytest.approx(610 / 2 / 60)
    agent = re.search(r"sr-kpi-table-agent.*?</table>", tables).group(0)
    assert "ann" in agent and "bob" in agent and percent(0.5) in agent  # ann: 1 of 2 lost


#: What the page must never show a user: Python syntax (reprs, keyword arguments,
#: tracebacks, NaN) or the package's snake_case names and reason codes.
_NOT_PLAIN = re.compile(r"Traceback|\bNone\b(?!:| of\b)|``|\bnan\b|\bNaN\b|\binf\b|\bdtype\b|0x[0-9a-f]{6}"
                        r"|[\[{(]'|'[\]})]|\b[a-z]+=\S|\b[a-z]+(?:_[a-z0-9]+)+\b")


def visible_text(widget) -> str:
    """Every text of a widget tree a person can see: HTML without its tags and styles,
    labels, options, placeholders."""
    out = []
    for attr in ("description", "placeholder", "tooltip"):
        out.append(str(getattr(widget, attr, "") or ""))
    value = getattr(widget, "value", None)
    if isinstance(widget, (package.app.w.HTML, package.app.w.Label)):  # not a choice's key
        value = re.sub(r"<(style|script)\b.*?</\1>", " ", value, flags=re.S)
        out.append(html.unescape(re.sub(r"<[^>]+>", " ", value)))
    for option in getattr(widget, "options", ()) or ():
        out.append(str(option[0] if isinstance(option, tuple) else option))
    for child in getattr(widget, "children", ()) or ():
        out.append(visible_text(child))
    return " ".join(out)


@pytest.mark.parametrize("name,data,setup", [
    ("sample_tickets.csv", SAMPLE.read_bytes(), None),
    ("bad.csv", BAD_CSV, None),
    ("calls.csv", b"Start time,Agent,Wait (sec),Talk time,Hold,ACW,Outcome\n"
                  b"03/04/2024 09:00,ann,10,300,60,30,Answered\n"
                  b"03/05/2024 09:10,bob,50,,,,Abandoned\n", "phone"),
    ("bot.csv", b"Created,Handle time\n01.02.2024,12\n02.03.2024,9\n", "self_service"),
    ("nochannel.csv", b"Created,Handle time\n2024-01-01,12\n", None),
    ("novalid.csv", b"Created,Channel\nsoon,Phone\n2024-01-01,Fax\n", None),
    ("mixed.csv", b"Created,Channel\n13/01/2024,phone\n01/13/2024,phone\n05/06/2024,phone\n",
     None),
    ("unusable.csv", b"foo,bar\n1,2\n", None),
])
def test_every_message_of_the_page_is_in_plain_words(app, name, data, setup):
    if setup:
        app.default_channel.value = setup
    upload(app, data, name)
    if setup and app.export is None:  # the default channel applies once the file is open
        app.default_channel.value = setup
        app.apply_button.click()
    text = visible_text(app.widget)
    assert text.strip()
    own = (data.decode("utf-8", errors="replace") + " " + name  # the file's own words may
           + " data/sample_tickets.csv")  # and the sample's path
    bad = {m for m in _NOT_PLAIN.findall(text) if m not in own}  # be anything
    assert not bad, (name, sorted(bad)[:10])


def test_the_arrival_profile_csv_beside_the_scenario(sample_app, sample_model):
    from supportroi.queueing import load_profile
    export, _ = sample_model
    link = sample_app.scenario_panel.profile_link.value
    assert 'download="arrival-profile-sample_tickets.csv"' in link
    profile = load_profile(data_uri(link), name="profile.csv")  # the staffing app's reader
    phone = export.tickets.loc[export.tickets["channel"] == "phone", "created"]
    slot = phone.dt.day_of_week * 48 + phone.dt.hour * 2 + phone.dt.minute // 30
    expected = slot.value_counts().reindex(range(336), fill_value=0) / len(phone)
    np.testing.assert_allclose(profile["share"].to_numpy(), expected.to_numpy(), atol=1e-9)
    few = BaselineApp()
    upload(few, BAD_CSV, "bad.csv")  # one phone call: no profile, and why
    assert "No arrival profile: only 1 phone contacts" in few.scenario_panel.profile_link.value


def test_the_yaml_download_names_the_profile_download_in_a_comment(sample_app, tmp_path):
    """Saved side by side with the comment line uncommented, the two downloads load as one
    scenario staffed with the file's own week; as downloaded, the YAML still uploads."""
    from supportroi.queueing import load_profile
    from supportroi.scenarios import load_scenario
    text = data_uri(sample_app.yaml_link.value).decode("utf-8")
    assert "\n# arrival_profile: arrival-profile-sample_tickets.csv\n" in text
    assert parse_scenario(text, "baseline.yaml").arrival_profile is None  # only a comment
    csv = data_uri(sample_app.scenario_panel.profile_link.value)
    (tmp_path / "arrival-profile-sample_tickets.csv").write_bytes(csv)
    (tmp_path / "b.yaml").write_text(text.replace("# arrival_profile:", "arrival_profile:"),
                                     encoding="utf-8")
    scenario = load_scenario(tmp_path / "b.yaml")
    assert scenario.arrival_profile == tuple(load_profile(csv)["share"])
    assert scenario.arrival_profile_source == "arrival-profile-sample_tickets.csv"
