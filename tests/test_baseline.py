"""Baseline from a ticket export: reading, mapping, row validation, KPIs, scenario.

The KPI fixture below is small enough to check by hand; each expected value
is worked out in the comment next to it.
"""

import datetime as dt
import gzip
import importlib.util
import io
import math
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from supportroi import Scenario, ScenarioError, load_scenario, save_scenario
from supportroi.baseline import (
    CHANNELS, MAX_EXPANDED_BYTES, MAX_HANDLE_TIME_S, REASONS, BaselineError, channel_of, compute_kpis,
    detect_mapping, parse_durations, read_export, to_scenario,
)

ROOT = Path(__file__).resolve().parents[1]


def read(text, **kw):
    return read_export(text.encode() if isinstance(text, str) else text, filename="t.csv", **kw)


def problems(export):
    return sorted(zip(export.rejections["row"], export.rejections["field"],
                      export.rejections["reason"]))


# -- the hand-checked fixture ---------------------------------------------------------------
# Ten contacts, 1 Jan (Monday) to 9 Feb 2024, UTC wall-clock times.
FIXTURE = """\
Ticket ID,Created at,Solved at,Channel,Handle time (s),Reopens,CSAT,NPS,CES,Assignee,Requester ID
r1,2024-01-01 09:00,2024-01-01 10:00,Phone,300,0,5,10,7,ann,A
r2,2024-01-03 09:30,2024-01-03 11:30,Phone,360,1,4,,,ann,A
r3,2024-01-04 14:00,2024-01-05 14:00,Email,600,0,2,6,,bob,A
r4,2024-01-05 10:15,2024-01-05 10:45,Chat,480,0,,9,5,bob,B
r5,2024-01-10 16:00,,Email,540,2,,,,cy,C
r6,2024-01-11 08:00,2024-01-11 12:00,Chat,720,0,1,,4,cy,C
r7,2024-01-11 20:00,2024-01-11 20:05,Help Center,,,,,,,C
r8,2024-02-01 09:00,2024-02-01 17:00,Phone,420,0,5,3,6,ann,D
r9,2024-02-05 09:00,2024-02-05 09:30,Phone,240,0,,,,bob,B
r10,2024-02-09 12:00,2024-02-09 13:00,Chat,600,0,,,,cy,E
"""


@pytest.fixture(scope="module")
def kpis():
    export = read(FIXTURE)
    assert export.n_rejected == 0 and export.n_valid == 10
    return compute_kpis(export, repeat_window_days=2)


def test_volumes_by_weekday_hour_and_month(kpis):
    wh = kpis.by_weekday_hour
    assert wh.shape == (7, 24) and wh.to_numpy().sum() == 10
    assert wh.loc["Monday", 9] == 2        # r1, r9
    assert wh.loc["Thursday"].to_dict() == {h: int(h in (8, 9, 14, 20)) for h in range(24)}
    assert wh.loc["Sunday"].sum() == 0
    jan, feb = kpis.by_month.loc[pd.Period("2024-01")], kpis.by_month.loc[pd.Period("2024-02")]
    assert jan.to_dict() == {"phone": 2, "chat": 2, "email": 2, "self_service": 1, "total": 7}
    assert feb.to_dict() == {"phone": 2, "chat": 1, "email": 0, "self_service": 0, "total": 3}
    assert kpis.by_channel.to_dict() == {"phone": 4, "chat": 3, "email": 2, "self_service": 1}
    assert kpis.channel_shares.to_dict() == pytest.approx(
        {"phone": 0.4, "chat": 0.3, "email": 0.2, "self_service": 0.1})
    assert kpis.covered_days == 40         # 31 days of January + 9 of February


def test_aht_by_channel(kpis):
    # phone (300 + 360 + 420 + 240) / 4 = 330 s; chat (480 + 720 + 600) / 3 = 600 s;
    # email (600 + 540) / 2 = 570 s; self-service has no handle times.
    assert kpis.aht_min["phone"] == pytest.approx(5.5)
    assert kpis.aht_min["chat"] == pytest.approx(10.0)
    assert kpis.aht_min["email"] == pytest.approx(9.5)
    assert math.isnan(kpis.aht_min["self_service"]) and kpis.aht_n["self_service"] == 0


def test_fcr_by_repeat_contacts(kpis):
    # Window 2 days. Customer A: r1 | r2 → r3 (27.5 h later); B: r4 | r9; C: r5 → r6 → r7;
    # D: r8; E: r10. Issues opened in the first or last 2 days (r1, r10) are left out:
    # issues r2 (1 repeat), r4, r9, r5 (2 repeats), r8 → FCR 3/5, 1.5 repeats per unresolved.
    assert kpis.fcr_method == "repeat"
    assert kpis.fcr == kpis.fcr_repeat == pytest.approx(0.6)
    assert kpis.repeat_contacts_per_unresolved == pytest.approx(1.5)
    assert kpis.repeat_contact_rate == pytest.approx(3 / 8)   # 3 repeats in 8 contacts
    assert kpis.n_customers == 5
    assert kpis.repeat_contacts_per_customer == pytest.approx(1.0)   # (10 − 5) / 5


def test_fcr_by_reopens(kpis):
    # Nine reopen counts (r7 has none): seven zeros; reopened tickets have 1 and 2 reopens.
    assert kpis.fcr_reopens == pytest.approx(7 / 9)
    assert kpis.reopen_rate == pytest.approx(2 / 9)
    by_reopens = compute_kpis(read(FIXTURE), fcr_method="reopens")
    assert by_reopens.fcr == pytest.approx(7 / 9)
    assert by_reopens.repeat_contacts_per_unresolved == pytest.approx(1.5)
    # Without customer ids, "auto" falls back to reopens.
    no_customer = compute_kpis(read(FIXTURE, mapping={"customer": None}))
    assert no_customer.fcr_method == "reopens" and no_customer.fcr_repeat is None


def test_time_to_resolution(kpis):
    # Hours: 1, 2, 24, 0.5, (r5 open), 4, 1/12, 8, 0.5, 1;
    # sorted 1/12, .5, .5, 1, 1, 2, 4, 8, 24.
    assert kpis.n_open == 1
    assert kpis.ttr_median_h == pytest.approx(1.0)
    assert kpis.ttr_p90_h == pytest.approx(8 + 0.2 * 16)       # numpy's linear interpolation
    m = kpis.ttr_monthly
    # January: 1/12, .5, 1, 2, 4, 24 → median 1.5, p90 4 + 0.5 × 20; February: .5, 1, 8.
    assert m.loc[pd.Period("2024-01"), "resolved"] == 6
    assert m.loc[pd.Period("2024-01"), "median_h"] == pytest.approx(1.5)
    assert m.loc[pd.Period("2024-01"), "p90_h"] == pytest.approx(14.0)
    assert m.loc[pd.Period("2024-02"), "median_h"] == pytest.approx(1.0)
    assert m.loc[pd.Period("2024-02"), "p90_h"] == pytest.approx(1 + 0.8 * 7)


def test_survey_scores(kpis):
    assert (kpis.csat, kpis.csat_n) == (pytest.approx(60.0), 5)   # 5, 4, 2, 1, 5: 3 of 5
    assert (kpis.nps, kpis.nps_n) == (pytest.approx(0.0), 4)      # 10, 6, 9, 3: 2 − 2
    assert (kpis.ces, kpis.ces_n) == (pytest.approx(5.5), 4)      # 7, 5, 4, 6


def test_no_scores_no_fcr():
    export = read("Created,Channel\n2024-01-01 10:00,phone\n2024-01-02 10:00,chat\n")
    k = compute_kpis(export)
    assert k.csat is None and k.nps is None and k.ces is None and k.csat_n == 0
    assert k.fcr is None and k.fcr_method is None and k.ttr_median_h is None
    assert any("FCR is not measured" in n for n in k.notes)
    assert "fcr" not in to_scenario(k).overrides


def test_counts_use_the_target_time_zone():
    # 23:30 UTC on Sunday 31 March 2024 is 01:30 on Monday 1 April in Berlin (summer time).
    export = read("Created,Channel\n2024-03-31T23:30:00Z,phone\n", timezone="Europe/Berlin")
    assert str(export.tickets["created"].iloc[0]) == "2024-04-01 01:30:00+02:00"
    k = compute_kpis(export)
    assert k.by_weekday_hour.loc["Monday", 1] == 1
    assert list(k.by_month.index) == [pd.Period("2024-04")]


def test_no_valid_rows():
    export = read("Created,Channel\n2024-01-01,fax\n")
    with pytest.raises(BaselineError, match="no valid rows"):
        compute_kpis(export)


# -- rejections -------------------------------------------------------------------------------
GOOD = "7,2024-05-02 09:00,2024-05-02 10:00,Phone,00:05:00,0,4,9,6"
HEADER = "Ticket ID,Created at,Solved at,Channel,Handle time,Reopens,CSAT,NPS,CES"


@pytest.mark.parametrize("bad,field,reason", [
    ("1,,2024-05-01 10:00,Phone,00:05:00,0,,,", "created", "date_missing"),
    ("1,yesterday,,Phone,00:05:00,0,,,", "created", "date_unparseable"),
    ("1,2024-02-30 10:00,,Phone,00:05:00,0,,,", "created", "date_unparseable"),
    ("1,2024-05-01 10:00,2024-13-01 10:00,Phone,00:05:00,0,,,", "resolved", "date_unparseable"),
    ("1,1900-01-01 00:00,,Phone,00:05:00,0,,,", "created", "date_out_of_range"),
    ("1,2024-05-01 10:00,2024-05-01 09:59,Phone,00:05:00,0,,,", "resolved",
     "resolved_before_created"),
    ("1,2024-05-01 10:00,,Phone,about five,0,,,", "handle_time", "duration_unparseable"),
    ("1,2024-05-01 10:00,,Phone,-00:00:05,0,,,", "handle_time", "duration_negative"),
    ("1,2024-05-01 10:00,,Phone,08:00:01,0,,,", "handle_time", "duration_too_long"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,6,,", "csat", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,0,,", "csat", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,4.5,,", "csat", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,,11,", "nps", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,,-1,", "nps", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,,,8", "ces", "score_off_scale"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,,,0", "ces", "score_off_scale"),
    ("1,2024-05-01 10:00,,Fax,00:05:00,0,,,", "channel", "channel_unknown"),
    ("1,2024-05-01 10:00,,,00:05:00,0,,,", "channel", "channel_unknown"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,-1,,,", "reopens", "reopens_invalid"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,twice,,,", "reopens", "reopens_invalid"),
    ("7,2024-05-01 10:00,,Phone,00:05:00,0,,,", "ticket_id", "duplicate_id"),
    ("1,2024-05-01 10:00,,Phone,00:05:00,0,,,,extra", "", "malformed_line"),
])
def test_each_rejection_reason(bad, field, reason):
    export = read(f"{HEADER}\n{GOOD}\n{bad}\n")
    assert problems(export) == [(3, field, reason)]
    assert list(export.tickets.index) == [2]              # the good row is kept
    assert export.n_rows == 2 and export.n_valid == 1 and export.n_rejected == 1
    assert export.summary.loc[reason, "rows"] == 1
    assert export.summary.index.tolist() == [reason]
    if reason != "malformed_line":
        assert list(export.rejected.index) == [3]
        assert export.rejected.loc[3, "problems"]


def test_duration_limit_is_a_parameter():
    assert MAX_HANDLE_TIME_S == 8 * 3600
    export = read(f"{HEADER}\n1,2024-05-01 10:00,,Phone,02:00:00,0,,,\n", max_handle_time_s=3600)
    assert problems(export) == [(2, "handle_time", "duration_too_long")]
    assert "2 h is over the limit of 1 h" in export.rejections["detail"].iloc[0]


def test_a_row_with_several_problems_lists_them_all():
    export = read(f"{HEADER}\n{GOOD}\n1,2024-05-01 10:00,2024-04-30 10:00,Fax,-5,-1,6,12,9\n")
    assert problems(export) == [
        (3, "ces", "score_off_scale"), (3, "channel", "channel_unknown"),
        (3, "csat", "score_off_scale"), (3, "handle_time", "duration_negative"),
        (3, "nps", "score_off_scale"), (3, "reopens", "reopens_invalid"),
        (3, "resolved", "resolved_before_created")]
    assert export.n_rejected == 1
    assert export.summary["problems"].sum() == 7
    assert export.summary.loc["score_off_scale", ["rows", "problems"]].tolist() == [1, 3]
    row = export.rejections.iloc[0]
    assert (row["column"], row["value"]) == ("Solved at", "2024-04-30 10:00")
    text = export.rejected.loc[3, "problems"]
    assert "channel 'Fax'" in text and "csat '6'" in text and text.count(";") == 6


def test_missing_optional_values_are_not_rejections():
    export = read(f"{HEADER}\n1,2024-05-01 10:00,,Self-service,,,,,\n2,2024-05-01 11:00,"
                  ",Chat,   ,,,,\n")
    assert export.n_rejected == 0 and export.n_valid == 2
    assert export.tickets["resolved"].isna().all()
    assert export.tickets["handle_time_s"].isna().all()


def test_row_numbers_are_the_files():
    text = (f"{HEADER}\n{GOOD}\n\n"                                       # rows 2, 3 (blank)
            "8,2024-05-03 09:00,,Phone,,0,,,,x\n"                          # row 4 malformed
            '9,2024-05-03 09:00,,"Multi\nline",,0,,,\n'                    # row 5 (2 lines)
            "10,bad,,Phone,,0,,,\n")                                       # row 6
    export = read(text)
    assert problems(export) == [(4, "", "malformed_line"), (5, "channel", "channel_unknown"),
                                (6, "created", "date_unparseable")]
    assert export.n_blank == 1 and export.n_rows == 4    # rows 2, 4, 5 and 6


def test_summary_columns():
    export = read(f"{HEADER}\n{GOOD}\n1,bad,,Fax,,0,,,\n2,bad,,Phone,,0,,,\n")
    s = export.summary
    assert list(s.columns) == ["description", "rows", "problems", "fields", "first_rows"]
    assert s.loc["date_unparseable", "rows"] == 2
    assert s.loc["date_unparseable", "first_rows"] == "3, 4"
    assert s.loc["channel_unknown", "description"] == REASONS["channel_unknown"]
    assert list(s.index) == ["date_unparseable", "channel_unknown"]   # REASONS order


# -- dates, durations, channels ---------------------------------------------------------------

def test_day_first_is_detected_from_the_data():
    export = read("Created,Closed,Channel\n05/03/2024 14:22,13/03/2024 09:00,phone\n"
                  "01/02/2024 10:00,01/02/2024 11:00,chat\n")
    assert [str(t) for t in export.tickets["created"]] == [
        "2024-03-05 14:22:00+00:00", "2024-02-01 10:00:00+00:00"]
    assert any("day-first (detected" in n for n in export.notes)


def test_month_first_is_detected_and_am_pm_read():
    export = read("Date/Time Opened,Case Origin\n3/13/2024 2:22 PM,Phone\n"
                  "4/1/2024 9:05 AM,Email\n")
    assert [str(t) for t in export.tickets["created"]] == [
        "2024-03-13 14:22:00+00:00", "2024-04-01 09:05:00+00:00"]


def test_ambiguous_dates_follow_the_separator_and_say_so():
    slashes = read("Created,Channel\n05/03/2024 14:22,phone\n")
    dots = read("Created,Channel\n05.03.2024 14:22,phone\n")
    assert str(slashes.tickets["created"].iloc[0]) == "2024-05-03 14:22:00+00:00"
    assert str(dots.tickets["created"].iloc[0]) == "2024-03-05 14:22:00+00:00"
    assert any("AMBIGUOUS" in n and "dayfirst=True" in n for n in slashes.warnings)
    forced = read("Created,Channel\n05/03/2024 14:22,phone\n", dayfirst=True)
    assert str(forced.tickets["created"].iloc[0]) == "2024-03-05 14:22:00+00:00"


def test_each_date_that_can_be_read_one_way_only_is_read_so():
    export = read("Created,Channel\n13/03/2024,phone\n02/13/2024,phone\n14/03/2024,phone\n")
    assert export.n_rejected == 0
    assert [str(t.date()) for t in export.tickets["created"]] == [
        "2024-03-13", "2024-02-13", "2024-03-14"]


def test_a_file_mixing_day_first_and_month_first_is_refused_not_misread():
    # 13/03 can only be day-first and 03/13 only month-first: 05/03 could be either.
    text = "Created,Channel\n13/03/2024,phone\n03/13/2024,phone\n05/03/2024,phone\n"
    with pytest.raises(BaselineError, match="could be either") as err:
        read(text)
    assert "choose day-first or month-first" in str(err.value)
    forced = read(text, dayfirst=True)          # as chosen: 03/13 is then impossible
    assert str(forced.tickets["created"].loc[4].date()) == "2024-03-05"
    assert problems(forced) == [(3, "created", "date_unparseable")]
    # dots and slashes from two systems: each separator decides for itself
    mixed = read("Created,Channel\n13.03.2024,phone\n05.03.2024,phone\n"
                 "03/13/2024,phone\n05/03/2024,phone\n")
    assert [str(t.date()) for t in mixed.tickets["created"]] == [
        "2024-03-13", "2024-03-05", "2024-03-13", "2024-05-03"]
    assert mixed.warnings == ()


def test_time_zones():
    text = ("created_at,via\n2024-03-05T14:22:10Z,web\n2024-03-05T14:22:10+01:00,web\n"
            "2024-07-01 12:00:00,web\n2024-03-31 02:30:00,web\n")
    export = read(text, timezone="Europe/Berlin")
    assert [str(t) for t in export.tickets["created"]] == [
        "2024-03-05 15:22:10+01:00",     # Z converted
        "2024-03-05 14:22:10+01:00",     # offset converted
        "2024-07-01 12:00:00+02:00",     # no offset: Berlin wall-clock time
        "2024-03-31 03:00:00+02:00"]     # in the skipped hour: moved forward
    ny = read(text, timezone="Europe/Berlin", source_timezone="America/New_York")
    assert str(ny.tickets["created"].iloc[2]) == "2024-07-01 18:00:00+02:00"
    utc = read("Created (UTC),Channel\n2024-07-01 12:00:00,phone\n", timezone="Europe/Berlin")
    assert str(utc.tickets["created"].iloc[0]) == "2024-07-01 14:00:00+02:00"
    with pytest.raises(ValueError, match="unknown time zone"):
        read(text, timezone="Europe/Nowhere")


def test_text_and_numeric_dates():
    export = read('Created,Channel\n"Mar 5, 2024 2:22 PM",phone\n"Tue, 05 Mar 2024 14:22:10 GMT"'
                  ",chat\n2024-03-05 14:22 UTC,chat\n")
    assert [str(t) for t in export.tickets["created"]] == [
        "2024-03-05 14:22:00+00:00", "2024-03-05 14:22:10+00:00", "2024-03-05 14:22:00+00:00"]
    epoch = read("timestamp,channel\n1709648530,phone\n")
    assert str(epoch.tickets["created"].iloc[0]) == "2024-03-05 14:22:10+00:00"


def test_durations():
    assert list(parse_durations(["00:05:31", "5:31", "5m 31s", "5 min 31 sec", "PT5M31S",
                                 "331", 331, "1h 2m", "1:02:03", "90s", "0"])) == [
        331, 331, 331, 331, 331, 331, 331, 3720, 3723, 90, 0]
    assert np.isnan(parse_durations(["soon", "??:??"])).all()
    assert list(parse_durations([5.5, "2,5"], unit="minutes")) == [330, 150]


@pytest.mark.parametrize("header,value,seconds", [
    ("Handle time", "331", 331), ("handle_time_seconds", "331", 331),
    ("AHT (min)", "5.5", 330), ("Talk time in minutes", "2", 120), ("Duration (ms)", "9000", 9),
    ("Handle time (min)", "00:05:31", 331),     # clock text is clock text whatever the name
])
def test_duration_unit_from_the_column_name(header, value, seconds):
    export = read(f"Created,Channel,{header}\n2024-01-01 10:00,phone,{value}\n")
    assert export.tickets["handle_time_s"].iloc[0] == pytest.approx(seconds)


def test_duration_unit_can_be_given():
    export = read("Created,Channel,Duration\n2024-01-01 10:00,phone,6\n",
                  duration_unit="minutes")
    assert export.tickets["handle_time_s"].iloc[0] == 360
    small = read("Created,Channel,Duration\n2024-01-01 10:00,phone,6\n")
    assert any("duration_unit='minutes'" in n for n in small.warnings)


@pytest.mark.parametrize("labels,channel", [
    (["Phone", "voice", "Call", "Telephone", "Phone call (incoming)", "Voicemail", "callback",
      "Inbound", "voice message"], "phone"),
    (["Chat", "Live chat", "web chat", "Messaging", "WhatsApp", "SMS", "Facebook"], "chat"),
    (["Email", "e-mail", "Web form", "web", "Outbound Email", "mail"], "email"),
    (["Portal", "Web self-service", "Help Center", "Answer Bot", "bot", "chatbot",
      "Virtual Agent", "self_service", "FAQ", "IVR"], "self_service"),
    (["Fax", "Walk-in", "API", "", "Carrier pigeon"], None),
])
def test_channel_synonyms(labels, channel):
    assert [channel_of(x) for x in labels] == [channel] * len(labels)


def test_channel_map_and_default_channel():
    export = read("Created,Channel\n2024-01-01,Walk-in\n2024-01-01,Portal\n",
                  channel_map={"walk-in": "phone", "Portal": "email"})
    assert list(export.tickets["channel"]) == ["phone", "email"]
    assert export.channel_labels == {"Walk-in": "phone", "Portal": "email"}
    calls = read("Start Time,Talk Time,ANI\n2024-01-01 10:00,00:04:00,+4930123\n",
                 default_channel="phone")
    assert list(calls.tickets["channel"]) == ["phone"]
    assert calls.tickets["customer"].iloc[0] == "+4930123"
    with pytest.raises(ValueError, match="channel_map"):
        read("Created,Channel\n2024-01-01,x\n", channel_map={"x": "fax"})


def test_zendesk_good_bad_and_unoffered_ratings():
    export = read("Created at,Via,Satisfaction Score\n2024-01-01,Email,Good\n"
                  "2024-01-01,Email,Bad\n2024-01-01,Email,Unoffered\n2024-01-01,Email,Offered\n")
    assert export.n_rejected == 0
    assert export.tickets["csat"].tolist()[:2] == [5.0, 1.0]
    assert export.tickets["csat"].isna().tolist()[2:] == [True, True]


# -- headers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("vendor,columns,expected", [
    ("Zendesk", ["Id", "Requester", "Requester id", "Assignee", "Via", "Created at",
                 "Solved at", "Updated at", "Satisfaction Score", "Reopens",
                 "Full resolution time in minutes"],
     {"ticket_id": "Id", "customer": "Requester id", "agent": "Assignee", "channel": "Via",
      "created": "Created at", "resolved": "Solved at", "csat": "Satisfaction Score",
      "reopens": "Reopens"}),
    ("Freshdesk", ["Ticket ID", "Subject", "Source", "Status", "Agent", "Created time",
                   "Resolved time", "Closed time", "Contact ID", "Time tracked",
                   "Customer Satisfaction"],
     {"ticket_id": "Ticket ID", "channel": "Source", "agent": "Agent", "created": "Created time",
      "resolved": "Resolved time", "customer": "Contact ID", "handle_time": "Time tracked",
      "csat": "Customer Satisfaction"}),
    ("Salesforce report", ["Case Number", "Case Origin", "Date/Time Opened", "Date/Time Closed",
                           "Case Owner", "Contact ID", "Status"],
     {"ticket_id": "Case Number", "channel": "Case Origin", "created": "Date/Time Opened",
      "resolved": "Date/Time Closed", "agent": "Case Owner", "customer": "Contact ID"}),
    ("Salesforce API", ["CaseNumber", "Origin", "CreatedDate", "ClosedDate", "OwnerId",
                        "ContactId"],
     {"ticket_id": "CaseNumber", "channel": "Origin", "created": "CreatedDate",
      "resolved": "ClosedDate", "agent": "OwnerId", "customer": "ContactId"}),
    ("ServiceNow", ["number", "short_description", "contact_type", "opened_at", "resolved_at",
                    "closed_at", "assigned_to", "caller_id", "reopen_count"],
     {"ticket_id": "number", "channel": "contact_type", "created": "opened_at",
      "resolved": "resolved_at", "agent": "assigned_to", "customer": "caller_id",
      "reopens": "reopen_count"}),
    ("Genesys", ["Conversation ID", "Media Type", "Conversation Start", "Conversation End",
                 "Total Handle Time (ms)", "ANI", "Users"],
     {"ticket_id": "Conversation ID", "channel": "Media Type", "created": "Conversation Start",
      "resolved": "Conversation End", "handle_time": "Total Handle Time (ms)",
      "customer": "ANI"}),
    ("Five9", ["CALL ID", "TIMESTAMP", "CAMPAIGN", "AGENT NAME", "ANI", "HANDLE TIME",
               "TALK TIME", "CALL TYPE"],
     {"ticket_id": "CALL ID", "created": "TIMESTAMP", "agent": "AGENT NAME", "customer": "ANI",
      "handle_time": "HANDLE TIME"}),
    ("generic", ["ticket_id", "created_at", "resolved_at", "channel", "handle_time_seconds",
                 "reopen_count", "csat", "nps_score", "ces", "agent", "customer_id"],
     {"ticket_id": "ticket_id", "created": "created_at", "resolved": "resolved_at",
      "channel": "channel", "handle_time": "handle_time_seconds", "reopens": "reopen_count",
      "csat": "csat", "nps": "nps_score", "ces": "ces", "agent": "agent",
      "customer": "customer_id"}),
    ("survey tool", ["Date", "Medium", "Likelihood to recommend", "Customer Effort Score",
                     "AHT"],
     {"created": "Date", "channel": "Medium", "nps": "Likelihood to recommend",
      "ces": "Customer Effort Score", "handle_time": "AHT"}),
])
def test_header_detection_by_vendor(vendor, columns, expected):
    assert detect_mapping(columns) == expected, vendor


def test_mapping_report_names_missing_and_unused_columns():
    export = read("Created at,Via,Subject\n2024-01-01,Email,Hello\n")
    assert export.mapping == {"created": "Created at", "channel": "Via"}
    assert export.unmapped == ("Subject",)
    assert set(export.missing) == {"ticket_id", "resolved", "handle_time", "reopens", "csat",
                                   "nps", "ces", "agent", "customer", "created_time",
                                   "wait_time", "outcome", "fcr_flag", "first_response"}
    table = export.mapping_table()
    assert table.loc["created", "column"] == "Created at" and table.loc["csat", "column"] == ""


def test_explicit_mapping_overrides_detection():
    text = ("Created at,Updated at,Via,Team channel,Requester\n"
            "2024-01-01 10:00,2024-01-02 10:00,Email,phone,C1\n")
    export = read(text, mapping={"created": "Updated at", "channel": "team channel",
                                 "customer": None})
    assert export.mapping == {"created": "Updated at", "channel": "Team channel"}
    assert str(export.tickets["created"].iloc[0]) == "2024-01-02 10:00:00+00:00"
    assert list(export.tickets["channel"]) == ["phone"]
    assert "customer" in export.missing and "Requester" in export.unmapped
    with pytest.raises(BaselineError) as err:
        read(text, mapping={"created": "Opened", "chanel": "Via"})
    msg = str(err.value)
    assert "'Opened': no such column" in msg and "did you mean 'channel'" in msg


def test_required_columns():
    with pytest.raises(BaselineError, match="creation date") as err:
        read("When,Channel\n2024-01-01,phone\n")
    assert "“When”" in str(err.value)               # the columns are listed
    with pytest.raises(BaselineError, match="default_channel"):
        read("Created\n2024-01-01\n")


# -- file formats -----------------------------------------------------------------------------

def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["Case Number", "Date/Time Opened", "Date/Time Closed", "Case Origin",
               "Handle Time", "CSAT", "Contact ID"])
    ws.append([1001, dt.datetime(2024, 3, 4, 9, 0), dt.datetime(2024, 3, 4, 10, 30), "Phone",
               dt.time(0, 5, 31), 5, "C1"])
    ws.append([None] * 7)
    ws.append([1002, dt.datetime(2024, 3, 5, 9, 0), None, "Email", 420, None, 77])
    ws.append([1003, "not a date", None, "Web", dt.timedelta(minutes=3), 6, "C1"])
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    export = read_export(path, timezone="Europe/Berlin")
    assert export.source == "cases.xlsx"
    assert export.mapping["created"] == "Date/Time Opened"
    assert list(export.tickets.index) == [2, 4] and export.n_blank == 1
    assert list(export.tickets["ticket_id"]) == ["1001", "1002"]
    assert list(export.tickets["customer"]) == ["C1", "77"]
    assert list(export.tickets["handle_time_s"]) == [331.0, 420.0]
    assert str(export.tickets["created"].iloc[0]) == "2024-03-04 09:00:00+01:00"
    assert problems(export) == [(5, "created", "date_unparseable"), (5, "csat", "score_off_scale")]
    assert read_export(path.read_bytes(), filename="x.xlsx", sheet="Cases").n_valid == 2
    with pytest.raises(BaselineError, match="no sheet “Other”"):
        read_export(path, sheet="Other")


def test_gzip_semicolons_and_windows_text(tmp_path):
    text = "sep=;\nCreated;Canal;Channel;AHT (min)\n2024-01-05 10:00;x;Téléphone;5,5\n"
    path = tmp_path / "export.csv.gz"
    path.write_bytes(gzip.compress(text.encode("cp1252")))
    export = read_export(path)
    assert export.n_valid == 1 and export.tickets["handle_time_s"].iloc[0] == 330
    assert list(export.tickets["channel"]) == ["phone"]
    assert export.tickets.index[0] == 3          # "sep=;" is row 1, the header row 2
    assert "gzip" in export.notes[0] and "Windows-1252" in export.notes[0]


def test_gzip_expansion_is_capped():
    text = FIXTURE.encode()
    packed = gzip.compress(text)
    assert read(packed, max_expanded_bytes=len(text)).n_valid == 10   # exactly at the cap
    with pytest.raises(BaselineError, match="expands to more than"):
        read(packed, max_expanded_bytes=len(text) - 1)
    # several gzip members (concatenated files) are read, and counted, together
    assert read(packed + gzip.compress(b"")).n_valid == 10
    assert MAX_EXPANDED_BYTES >= 200 * 1024 * 1024    # an app upload's size, uncompressed


def test_a_gzip_bomb_is_refused_quickly_in_bounded_memory():
    bomb = gzip.compress(b"0,0\n" * 12_500_000, compresslevel=9)   # ~50 KB → 50 MB
    assert len(bomb) < 200_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(BaselineError) as info:
            read(bomb, max_expanded_bytes=4_000_000)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.problems[0].startswith(
        "the gzip-compressed file expands to more than 4 MB")
    assert seconds < 2
    assert peak < 12_000_000        # the cap and a 1 MB step, not the 50 MB
    # the upload preview expands only the start of the file
    from supportroi import baseline
    start = time.perf_counter()
    _, columns, _ = baseline.preview(bomb, "bomb.csv.gz", max_expanded_bytes=4_000_000)
    assert time.perf_counter() - start < 1 and len(columns) == 2
    with pytest.raises(ValueError, match="max_expanded_bytes"):
        read(bomb, max_expanded_bytes=0)


def test_unreadable_files():
    with pytest.raises(BaselineError, match="not a readable gzip"):
        read(gzip.compress(FIXTURE.encode())[:-30])

    with pytest.raises(BaselineError, match="empty"):
        read(b"")
    with pytest.raises(BaselineError, match="cannot read as CSV"):
        read(b'Created,Channel\n"2024-01-01,phone\n')
    with pytest.raises(BaselineError, match="not a valid .xlsx"):
        read_export(b"Created,Channel\n", filename="x.xlsx")
    with pytest.raises(BaselineError, match="cannot read the file"):
        read_export("/nonexistent/export.csv")


def test_dataframe_and_file_object_sources():
    frame = pd.DataFrame({"Created": ["2024-01-01 10:00"], "Channel": ["chat"]})
    assert read_export(frame).n_valid == 1
    assert read_export(io.BytesIO(FIXTURE.encode()), filename="f.csv").n_valid == 10


# -- the shipped sample -----------------------------------------------------------------------

def _generator():
    spec = importlib.util.spec_from_file_location("make_sample_tickets",
                                                  ROOT / "data" / "make_sample_tickets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample():
    gen = _generator()
    path = gen.SAMPLE_PATH
    text, defects = gen.make_tickets()
    return gen, path, text, defects, read_export(path, timezone=gen.TIMEZONE)


def test_sample_is_what_the_generator_makes(sample):
    gen, path, text, _, _ = sample
    assert path.read_bytes() == text.encode("utf-8"), "run python data/make_sample_tickets.py"
    assert path.stat().st_size < 10_000_000


def test_sample_rejects_exactly_the_deliberate_defects(sample):
    gen, _, _, defects, export = sample
    assert problems(export) == sorted(zip(defects["row"], defects["field"], defects["reason"]))
    # every class is represented (the sample is a ticket export: no call outcomes or flags)
    assert set(export.summary.index) == set(REASONS) - {"outcome_unknown", "flag_invalid"}
    assert export.n_rows == gen.SAMPLE_ROWS and export.n_blank == 1
    assert export.n_valid == gen.SAMPLE_ROWS - defects["row"].nunique()
    assert export.mapping["created"] == "Created at" and export.unmapped == ("Priority", "Status")


def test_sample_kpis_are_plausible(sample):
    *_, export = sample
    k = compute_kpis(export)
    assert k.covered_days == 366 and k.n_contacts >= 50_000
    assert k.by_weekday_hour.loc["Monday"].sum() > 2 * k.by_weekday_hour.loc["Sunday"].sum()
    assert k.by_weekday_hour[10].sum() > 10 * k.by_weekday_hour[3].sum()
    assert 5 < k.aht_min["phone"] < k.aht_min["email"] < k.aht_min["chat"] < 12
    assert 0.6 < k.fcr < 0.8 and 0.85 < k.fcr_reopens < 0.95
    assert k.csat_n < 0.2 * k.n_contacts and k.nps_n < k.csat_n
    assert k.by_month["total"].idxmax() == pd.Period("2024-12")
    assert set(k.channel_shares.index) == set(CHANNELS)


# -- scenario ---------------------------------------------------------------------------------

def test_to_scenario_fills_the_catalog(kpis):
    s = to_scenario(kpis, title="Fixture")
    v = s.values
    assert v["annual_contacts"] == 92              # 10 contacts × 366 days / 40 days = 91.5
    assert (v["share_phone"], v["share_chat"], v["share_email"], v["share_self_service"]) == (
        0.4, 0.3, 0.2, 0.1)
    assert (v["aht_phone_min"], v["aht_chat_min"], v["aht_email_min"]) == (5.5, 10.0, 9.5)
    assert v["fcr"] == 0.6 and v["repeat_contacts_per_unresolved"] == 1.5
    assert s.title == "Fixture" and "10 contacts" in s.description
    assert to_scenario(kpis, annualise=False).values["annual_contacts"] == 10


def test_a_full_year_is_not_rescaled(sample):
    *_, export = sample
    k = compute_kpis(export)
    assert k.annual_contacts() == k.n_contacts     # 366 days of 2024 make a year


def test_to_scenario_round_trips_through_a_file(kpis, tmp_path):
    s = kpis.to_scenario(title="Fixture baseline", currency="€")
    again = load_scenario(save_scenario(s, tmp_path / "baseline.yaml"))
    assert again == s
    assert again.values["aht_email_min"] == 9.5 and again.currency == "EUR"  # the old symbol, read as its code


def test_to_scenario_keeps_a_base_scenario():
    base = Scenario.from_values({"agent_fte": 40, "aht_chat_min": 12.0}, title="Client",
                                currency="GBP")
    k = compute_kpis(read("Created,Channel,AHT (s)\n2024-01-01 10:00,phone,300\n"))
    s = to_scenario(k, base=base)
    assert s.values["agent_fte"] == 40 and s.values["aht_chat_min"] == 12.0   # not measured
    assert s.values["aht_phone_min"] == 5.0 and s.values["share_phone"] == 1.0
    assert s.currency == "GBP"


def test_out_of_bounds_values_are_refused_not_clamped():
    k = compute_kpis(read("Created,Channel,AHT (s)\n2024-01-01 10:00,chat,6\n"))
    with pytest.raises(ScenarioError) as err:
        to_scenario(k)
    (p,) = err.value.problems
    assert p.key == "aht_chat_min" and "measured from the export" in p.message
    assert "0.1 is out of bounds" in p.message
