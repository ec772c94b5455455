"""Realistic client exports made in code (issue 12): a cp1251 ``;`` export with Russian headers
and decimal commas, a GBK export with Chinese headers, an XLSX with title rows on its second
sheet, a call log with abandoned calls, mixed date formats. Each KPI is checked against an
independent pandas computation on the frame the fixture was made from (never on the reader's
own output)."""

import gzip
import io
import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from supportroi import queueing
from supportroi.baseline import (
    BaselineError, arrival_profile, compute_kpis, list_sheets, not_measured, read_export,
    to_scenario, write_arrival_profile,
)
from supportroi.baseline import reading

RNG_SEED = 20240301


def _frame(n: int, seed: int = RNG_SEED, start="2024-03-01") -> pd.DataFrame:
    """The truth behind every fixture: one row per contact."""
    rng = np.random.default_rng(seed)
    created = (pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, 60 * 24 * 3600, n), "s")
               ).sort_values()
    return pd.DataFrame({
        "id": np.arange(1, n + 1),
        "created": created,
        "channel": rng.choice(["phone", "chat", "email"], n, p=[0.5, 0.3, 0.2]),
        "aht_s": np.round(rng.gamma(4, 80, n), 1),
        "csat": rng.choice([1, 2, 3, 4, 5], n),
        "customer": rng.integers(1, n // 3, n),
    })


def _ref_aht_min(df, mask=None) -> dict:
    d = df if mask is None else df[mask]
    return (d.groupby("channel")["aht_s"].mean() / 60).to_dict()


def _ref_csat(df) -> float:
    return float((df["csat"] >= 4).mean() * 100)


# -- a Russian export: Windows-1251, semicolons, decimal commas, dd.mm.yyyy ----------------

RU_CHANNELS = {"phone": "Телефон", "chat": "Чат", "email": "Электронная почта"}


@pytest.fixture(scope="module")
def russian():
    df = _frame(600)
    lines = ["Дата создания;Канал;Длительность, сек;Оценка;Клиент;Номер обращения"]
    for r in df.itertuples():
        lines.append(f"{r.created:%d.%m.%Y %H:%M:%S};{RU_CHANNELS[r.channel]};"
                     f"{str(r.aht_s).replace('.', ',')};{r.csat};К{r.customer};{r.id}")
    return df, ("\r\n".join(lines) + "\r\n").encode("cp1251")


def test_russian_cp1251_export(russian):
    df, data = russian
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")                          # really not UTF-8
    export = read_export(data, filename="обращения.csv", timezone="Europe/Moscow")
    assert export.n_rejected == 0 and export.n_valid == len(df)
    assert export.layout.encoding == "cp1251" and export.layout.delimiter == ";"
    assert export.mapping == {"ticket_id": "Номер обращения", "created": "Дата создания",
                              "channel": "Канал", "handle_time": "Длительность, сек",
                              "csat": "Оценка", "customer": "Клиент"}
    k = compute_kpis(export)
    assert k.by_channel.to_dict() == {**df["channel"].value_counts().to_dict(),
                                      "self_service": 0}
    for ch, ref in _ref_aht_min(df).items():
        assert k.aht_min[ch] == pytest.approx(ref, rel=1e-9), ch
    assert k.csat == pytest.approx(_ref_csat(df))
    # dd.mm.yyyy: day-first decided from values like 15.03
    first = df["created"].iloc[0]
    assert export.tickets["created"].iloc[0].tz_localize(None) == first
    assert any("сек" in n or "seconds (named by the column)" in n for n in export.notes)


def test_russian_export_with_a_wrong_encoding_override_is_visible(russian):
    _, data = russian
    export = read_export(data, filename="x.csv", encoding="cp1252", mapping={
        "created": 0 and None or "Äàòà ñîçäàíèÿ", "channel": "Êàíàë"})
    assert export.layout.encoding == "cp1252"   # as chosen, even if wrong: the names show it


# -- a Chinese export: GBK, commas, Chinese headers and channel labels -------------------

ZH_CHANNELS = {"phone": "电话", "chat": "在线客服", "email": "邮件"}


@pytest.fixture(scope="module")
def chinese():
    df = _frame(500, seed=7)
    lines = ["工单编号,创建时间,渠道,处理时长(秒),满意度,客户编号"]
    for r in df.itertuples():
        lines.append(f"{r.id},{r.created:%Y/%m/%d %H:%M},{ZH_CHANNELS[r.channel]},"
                     f"{r.aht_s},{r.csat},{r.customer}")
    return df, ("\n".join(lines) + "\n").encode("gbk")


def test_chinese_gbk_export(chinese):
    df, data = chinese
    export = read_export(data, filename="工单.csv", timezone="Asia/Shanghai")
    assert export.n_rejected == 0, export.summary
    assert export.layout.encoding == "gb18030"   # GB18030 decodes every GBK file
    assert export.mapping["created"] == "创建时间" and export.mapping["channel"] == "渠道"
    assert export.mapping["handle_time"] == "处理时长(秒)"
    assert export.channel_labels == {"电话": "phone", "在线客服": "chat", "邮件": "email"}
    k = compute_kpis(export)
    for ch, ref in _ref_aht_min(df).items():
        assert k.aht_min[ch] == pytest.approx(ref, rel=1e-9), ch
    assert k.csat == pytest.approx(_ref_csat(df))
    counts = df["channel"].value_counts()
    assert k.channel_shares["chat"] == pytest.approx(counts["chat"] / len(df))


def test_non_latin_labels_do_not_collapse_onto_one_channel():
    text = "Created,Channel\n2024-01-01,Телефон\n2024-01-01,Чат\n2024-01-01,Факс\n"
    export = read_export(text.encode(), "t.csv", channel_map={"Факс": "email"})
    assert list(export.tickets["channel"]) == ["phone", "chat", "email"]
    unknown = read_export("Created,Channel\n2024-01-01,Телефон\n2024-01-01,Голубь\n".encode(),
                          "t.csv")
    assert unknown.n_rejected == 1
    assert any("“Голубь” (1 row)" in w for w in unknown.warnings)


# -- an XLSX workbook: a cover sheet, then title rows above the table on sheet 2 -----------

@pytest.fixture(scope="module")
def workbook():
    openpyxl = pytest.importorskip("openpyxl")
    df = _frame(300, seed=11)
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Quarterly service report"])
    ws = wb.create_sheet("Cases")
    ws.append(["Case export, March–April 2024"])
    ws.append(["Generated 2024-05-02"])
    ws.append([])
    ws.append(["Case Number", "Date/Time Opened", "Case Origin", "Handle Time (min)", "CSAT"])
    for r in df.itertuples():
        ws.append([r.id, r.created.to_pydatetime(), r.channel.title(), r.aht_s / 60, r.csat])
    buf = io.BytesIO()
    wb.save(buf)
    return df, buf.getvalue()


def test_xlsx_title_rows_on_the_second_sheet(workbook):
    df, data = workbook
    assert list_sheets(data, "cases.xlsx") == ["Cover", "Cases"]
    export = read_export(data, filename="cases.xlsx")
    assert export.layout.sheet == "Cases" and export.layout.header_row == 4
    assert export.n_rejected == 0 and export.n_valid == len(df)
    assert export.tickets.index[0] == 5          # the first data row, as Excel numbers it
    k = compute_kpis(export)
    for ch, ref in _ref_aht_min(df).items():
        assert k.aht_min[ch] == pytest.approx(ref, rel=1e-9), ch
    assert k.csat == pytest.approx(_ref_csat(df))
    again = read_export(data, filename="cases.xlsx", sheet="Cases", header_row=4)
    assert again.n_valid == len(df)


# -- a call log: outcome, wait and talk times, abandoned calls -----------------------------

@pytest.fixture(scope="module")
def call_log():
    rng = np.random.default_rng(5)
    n = 2000
    df = _frame(n, seed=5)
    df["wait_s"] = np.round(rng.exponential(40, n))
    df["abandoned"] = rng.random(n) < 0.12
    df.loc[df["abandoned"], "aht_s"] = 0.0
    lines = ["Call ID,Start Time,Wait Time (sec),Talk Time (sec),Result,Caller"]
    for r in df.itertuples():
        lines.append(f"{r.id},{r.created:%Y-%m-%d %H:%M:%S},{r.wait_s:g},{r.aht_s:g},"
                     f"{'Abandoned' if r.abandoned else 'Answered'},+49{r.customer}")
    return df, ("\n".join(lines) + "\n").encode()


def test_call_log_with_abandoned_calls(call_log):
    df, data = call_log
    export = read_export(data, filename="calls.csv", default_channel="phone")
    assert export.mapping["outcome"] == "Result" and export.mapping["wait_time"] == "Wait Time (sec)"
    k = compute_kpis(export, service_level_s=20)
    answered = df[~df["abandoned"]]
    assert (k.offered, k.answered, k.abandoned) == (len(df), len(answered), int(df["abandoned"].sum()))
    assert k.abandonment_rate == pytest.approx(df["abandoned"].mean())
    # AHT over answered calls only: the zero-second "handles" of abandoned calls are not handles
    assert k.aht_min["phone"] == pytest.approx(answered["aht_s"].mean() / 60)
    assert k.aht_min["phone"] > df["aht_s"].mean() / 60 * 1.1
    assert k.wait_mean_s == pytest.approx(df["wait_s"].mean())
    assert k.wait_p90_s == pytest.approx(df["wait_s"].quantile(0.9))
    assert k.asa_s == pytest.approx(answered["wait_s"].mean())
    assert k.service_level == pytest.approx((answered["wait_s"] <= 20).sum() / len(df))
    assert k.patience_s == pytest.approx(df["wait_s"].mean() / df["abandoned"].mean())
    # without an outcome column, a call with no talk time and a wait is abandoned
    no_outcome = read_export(data, filename="calls.csv", default_channel="phone",
                             mapping={"outcome": None})
    assert compute_kpis(no_outcome).abandoned == int(df["abandoned"].sum())


def test_fcr_flag_and_first_response():
    text = ("Ticket,Created,Channel,Resolved at first contact,First response time (min)\n"
            "1,2024-01-01 10:00,email,Yes,30\n2,2024-01-02 10:00,email,No,90\n"
            "3,2024-01-03 10:00,chat,yes,\n4,2024-01-04 10:00,chat,Да,1500\n")
    k = compute_kpis(read_export(text.encode(), "t.csv"), response_target_h=1)
    assert k.fcr_method == "flag" and k.fcr == pytest.approx(3 / 4)
    assert k.frt_median_h == pytest.approx(1.5) and k.response_attainment == pytest.approx(1 / 3)


def test_per_agent_kpis():
    text = ("Created,Channel,Agent,Handle time,CSAT\n2024-01-01,phone,ann,60,5\n"
            "2024-01-01,phone,ann,120,2\n2024-01-01,chat,bob,300,4\n")
    k = compute_kpis(read_export(text.encode(), "t.csv"))
    assert k.by_agent.loc["ann", "contacts"] == 2 and k.by_agent.loc["ann", "aht_min"] == 1.5
    assert k.by_agent.loc["ann", "csat"] == 50 and k.by_agent.loc["bob", "aht_min"] == 5


@pytest.fixture(scope="module")
def multichannel_calls():
    """Phone and chat contacts with agents, outcomes, waits and talk/hold/wrap-up times (no
    handle-time column), and a resolved-first-time flag, in a Russian layout."""
    rng = np.random.default_rng(11)
    n = 3000
    df = _frame(n, seed=11)
    df["channel"] = rng.choice(["phone", "chat"], n, p=[0.7, 0.3])
    df["agent"] = rng.choice(["anna", "boris", "chen", "dara"], n)
    df["wait_s"] = np.round(rng.exponential(30, n))
    df["abandoned"] = rng.random(n) < 0.1
    df["talk_s"] = np.round(rng.gamma(4, 60, n))
    df["hold_s"] = np.where(rng.random(n) < 0.4, np.round(rng.exponential(40, n)), np.nan)
    df["wrap_s"] = np.round(rng.gamma(2, 20, n))
    df["fcr"] = rng.random(n) < 0.7
    for c in ("talk_s", "hold_s", "wrap_s"):
        df.loc[df["abandoned"], c] = np.nan
    labels = {"phone": "Звонок", "chat": "Чат"}
    lines = ["Дата звонка;Канал;Оператор;Ожидание, сек;Время разговора, сек;"
             "Время удержания, сек;Постобработка, сек;Результат;Решено с первого раза"]

    def num(v):
        return "" if np.isnan(v) else f"{v:g}"

    for r in df.itertuples():
        lines.append(f"{r.created:%d.%m.%Y %H:%M:%S};{labels[r.channel]};{r.agent};"
                     f"{r.wait_s:g};{num(r.talk_s)};{num(r.hold_s)};{num(r.wrap_s)};"
                     f"{'Пропущен' if r.abandoned else 'Отвечен'};{'да' if r.fcr else 'нет'}")
    return df, ("\n".join(lines) + "\n").encode("cp1251")


def test_talk_hold_wrap_and_kpis_per_channel_and_agent(multichannel_calls):
    df, data = multichannel_calls
    export = read_export(data, filename="звонки.csv")
    assert export.n_rejected == 0
    assert {f: export.mapping.get(f) for f in ("talk_time", "hold_time", "wrap_time")} == {
        "talk_time": "Время разговора, сек", "hold_time": "Время удержания, сек",
        "wrap_time": "Постобработка, сек"}
    assert "handle_time" not in export.mapping  # handle = talk + hold + wrap-up
    k = compute_kpis(export, service_level_s=20)
    ans = df[~df["abandoned"]]
    assert k.talk_mean_s == pytest.approx(ans["talk_s"].mean())
    assert k.hold_mean_s == pytest.approx(ans["hold_s"].mean())  # calls put on hold
    assert k.wrap_mean_s == pytest.approx(ans["wrap_s"].mean())
    handle = ans["talk_s"] + ans["hold_s"].fillna(0) + ans["wrap_s"]
    ref_aht = (handle.groupby(ans["channel"]).mean() / 60)
    assert k.aht_min["phone"] == pytest.approx(ref_aht["phone"])

    def reference(g):
        a = g[~g["abandoned"]]
        h = a["talk_s"] + a["hold_s"].fillna(0) + a["wrap_s"]
        return pd.Series({
            "contacts": len(g), "aht_min": h.mean() / 60, "offered": len(g),
            "abandonment_rate": g["abandoned"].mean(), "asa_s": a["wait_s"].mean(),
            "service_level": (a["wait_s"] <= 20).sum() / len(g), "fcr": g["fcr"].mean(),
            "csat": np.nan, "talk_s": a["talk_s"].mean(), "hold_s": a["hold_s"].mean(),
            "wrap_s": a["wrap_s"].mean()})

    for by, table in (("channel", k.by_channel_kpis), ("agent", k.by_agent)):
        ref = df.groupby(by).apply(reference, include_groups=False)
        got = table.loc[ref.index, ref.columns]
        pd.testing.assert_frame_equal(got.astype(float), ref.astype(float), check_names=False,
                                      rtol=1e-9)
    assert k.by_channel_kpis.loc["email", "contacts"] == 0
    assert np.isnan(k.by_channel_kpis.loc["email", "aht_min"])
    assert k.by_channel_kpis["share"].sum() == pytest.approx(1.0)


def test_fcr_per_channel_follows_the_fcr_method():
    # reopens: the share of tickets never reopened, per channel
    text = ("Created,Channel,Reopens\n2024-01-01,phone,0\n2024-01-02,phone,1\n"
            "2024-01-03,email,0\n2024-01-04,email,0\n2024-01-05,email,2\n")
    k = compute_kpis(read_export(text.encode(), "t.csv"))
    assert k.fcr_method == "reopens"
    assert k.by_channel_kpis.loc["phone", "fcr"] == 0.5
    assert k.by_channel_kpis.loc["email", "fcr"] == pytest.approx(2 / 3)
    assert np.isnan(k.by_channel_kpis.loc["phone", "abandonment_rate"])  # tickets, not calls


# -- mixed date formats --------------------------------------------------------------------

def test_mixed_date_formats_are_read_per_value_and_refused_when_undecidable():
    df = _frame(200, seed=3)
    fmt = np.where(np.arange(len(df)) % 2, "%d.%m.%Y %H:%M", "%m/%d/%Y %H:%M")
    text = "Created,Channel\n" + "".join(
        f"{t.strftime(f)},{c}\n" for t, f, c in zip(df["created"], fmt, df["channel"]))
    export = read_export(text.encode(), "mixed.csv")
    assert export.n_rejected == 0
    got = export.tickets["created"].dt.tz_localize(None).reset_index(drop=True)
    assert (got == df["created"].dt.floor("min").reset_index(drop=True)).all()
    # one system writing both orders with slashes: the ambiguous ones cannot be guessed
    bad = "Created,Channel\n13/03/2024,phone\n03/14/2024,phone\n03/04/2024,phone\n"
    with pytest.raises(BaselineError, match="could be either"):
        read_export(bad.encode(), "bad.csv")


def test_explicit_date_format_and_date_plus_time_columns():
    text = "Date,Time,Channel\n03/04/2024,09:15:00,phone\n03/04/2024,10:45:00 PM,phone\n"
    export = read_export(text.encode(), "t.csv", date_format="%d/%m/%Y %H:%M:%S")
    assert export.mapping["created_time"] == "Time"
    assert str(export.tickets["created"].iloc[0]) == "2024-04-03 09:15:00+00:00"
    assert export.n_rejected == 1                      # "10:45:00 PM" does not fit the format
    mixed = read_export(text.encode(), "t.csv", dayfirst=True)
    assert [str(t) for t in mixed.tickets["created"]] == [
        "2024-04-03 09:15:00+00:00", "2024-04-03 22:45:00+00:00"]


def test_excel_durations_decimal_commas_and_thousands():
    text = ("Created;Channel;AHT;CSAT\n2024-01-01;phone;12:02:23 AM;5\n"
            "2024-01-01;phone;0:05:10;4\n2024-01-01;phone;1 234,5;3\n2024-01-01;phone;12,5;3\n")
    export = read_export(text.encode(), "t.csv")
    assert list(export.tickets["handle_time_s"]) == [143, 310, 1234.5, 12.5]
    dots = read_export("Created,Channel,AHT\n2024-01-01,phone,\"1,234.5\"\n".encode(), "t.csv")
    assert dots.tickets["handle_time_s"].iloc[0] == 1234.5


def test_units_in_russian_and_chinese_headers():
    for header, value, seconds in (("Длительность, мин", "2", 120), ("Время обработки (сек)", "90",
                                                                       90),
                                   ("通话时长(分钟)", "3", 180), ("处理时长（秒）", "45", 45)):
        export = read_export(f"Created;Channel;{header}\n2024-01-01;phone;{value}\n".encode(),
                             "t.csv")
        assert export.tickets["handle_time_s"].iloc[0] == seconds, header


# -- no silent misreads ------------------------------------------------------------------------

def test_a_yes_no_resolved_column_is_not_a_date():
    text = "Created,Channel,Resolved\n2024-01-01,phone,Y\n2024-01-02,phone,N\n"
    export = read_export(text.encode(), "t.csv")
    assert "resolved" not in export.mapping and export.n_rejected == 0
    assert any("yes/no answers, not dates" in n for n in export.notes)


def test_placeholder_customer_ids_do_not_merge_customers():
    rows = "".join(f"2024-01-{1 + i % 28:02d} 10:00,phone,{'0' if i % 2 else 'unknown'}\n"
                   for i in range(400))
    export = read_export(("Created,Channel,Customer ID\n" + rows).encode(), "t.csv")
    assert export.tickets["customer"].isna().all()
    k = compute_kpis(export)
    assert k.n_customers is None and k.fcr is None


def test_many_rows_set_aside_warn_and_the_scenario_says_so():
    rows = "".join(f"2024-01-{1 + i % 28:02d} 10:00,{'phone' if i % 3 == 0 else 'fax'}\n"
                   for i in range(90))
    export = read_export(("Created,Channel\n" + rows).encode(), "t.csv")
    assert export.set_aside_share == pytest.approx(60 / 90)
    assert "rows (67%) are set aside, more than 20%" in export.warnings[0]
    k = compute_kpis(export)
    s = to_scenario(k)
    assert "WARNING" in s.description and "set aside" in s.description


def test_a_short_export_warns_before_it_is_annualised():
    k = compute_kpis(read_export(b"Created,Channel\n2024-01-01,phone\n2024-01-05,chat\n", "t.csv"))
    assert any("covers only 5 days" in w for w in k.warnings)
    assert "covers only 5 days" in to_scenario(k).description


def test_bad_optional_values_are_blanked_and_the_row_kept_by_default():
    text = "Created,Channel,Handle time,CSAT\n2024-01-01,phone,soon,9\n2024-01-02,phone,60,5\n"
    strict = read_export(text.encode(), "t.csv", bad_values="set aside")
    kept = read_export(text.encode(), "t.csv")
    assert strict.n_valid == 1 and kept.n_valid == 2 and kept.n_rejected == 0
    assert kept.n_blanked == 1 and np.isnan(kept.tickets["handle_time_s"].iloc[0])
    assert set(kept.rejections["action"]) == {"value left blank"}
    assert any("1 row kept with a bad optional value left blank" in n for n in kept.notes)
    # a row set aside for its channel has its bad optional values set aside with it
    both = read_export(b"Created,Channel,CSAT\n2024-01-01,fax,9\n2024-01-02,phone,5\n", "t.csv")
    assert both.n_rejected == 1 and both.n_blanked == 0
    assert set(both.rejections["action"]) == {"row set aside"}


def test_the_scenario_names_what_the_data_could_not_give(call_log):
    _, data = call_log
    k = compute_kpis(read_export(data, filename="calls.csv", default_channel="phone"))
    s = to_scenario(k)
    gaps = not_measured(k)
    assert "agent_fte" in gaps and "agent_salary" in gaps and "fcr" not in gaps
    assert "Not in the data, to enter" in s.description and "salary" in s.description
    assert "caller patience" in s.description and "abandonment" in s.description


# -- the arrival profile ------------------------------------------------------------------------

def test_arrival_profile_feeds_the_staffing_module(call_log, tmp_path):
    df, data = call_log
    export = read_export(data, filename="calls.csv", default_channel="phone")
    path = write_arrival_profile(export, tmp_path / "profile.csv")
    profile = queueing.load_profile(path)                 # the staffing module's own reader
    ref = df.groupby([df["created"].dt.day_of_week,
                      df["created"].dt.hour * 2 + df["created"].dt.minute // 30]).size()
    ref = ref / ref.sum()
    got = profile.set_index([profile["weekday"], profile.index % 48])["share"]
    assert got.loc[ref.index].to_numpy() == pytest.approx(ref.to_numpy(), abs=1e-9)
    assert float(got.drop(ref.index).sum()) == 0
    with pytest.raises(BaselineError, match="at least"):
        arrival_profile(export, channel="chat")


# -- bounded imports (issue 16) -----------------------------------------------------------------

def test_a_gzip_file_of_many_short_rows_is_refused_in_bounded_memory():
    # Scaled down: 300,000 valid rows (7 MB expanded, under the byte cap) against a cap of
    # 50,000 rows. Before the cap the whole file was parsed (hundreds of MB in pandas).
    row = b"2024-01-01 10:00,phone\n"
    packed = gzip.compress(b"Created,Channel\n" + row * 300_000)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(BaselineError) as info:
            read_export(packed, "many.csv.gz", max_rows=50_000)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 50,000 rows" in info.value.problems[0]
    assert seconds < 2 and peak < 8_000_000
    assert reading.MAX_ROWS == 2_000_000            # the default cap of every import
    small = gzip.compress(b"Created,Channel\n" + row * 1000)
    assert read_export(small, "ok.csv.gz", max_rows=50_000).n_valid == 1000
    with pytest.raises(BaselineError, match="longer than"):
        read_export(b"Created,Channel\n" + b"x" * 2_000_000, "long.csv")
