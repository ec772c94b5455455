"""The shortcuts the fast baseline path takes give what the plain computations give.

(benchmarks/bench_baseline.py times the path on a million rows; these tests keep it exact.)
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from supportroi.baseline import BaselineError, compute_kpis, read_export, reading, values


@pytest.mark.parametrize("every", [1, 3, 997, 5000])
def test_first_present_values_read_only_the_start_of_a_column(every):
    s = pd.Series([f"v{i}" if i % every == 0 else None for i in range(20_000)], dtype=object)
    for k in (1, 50, 200, 30_000):
        assert values._head_present(s, k) == s.dropna().head(k).tolist()
    assert values._head_present(pd.Series([], dtype=object), 5) == []


def test_a_spread_sample_is_the_one_of_the_present_values():
    rng = np.random.default_rng(7)
    s = pd.Series(np.where(rng.random(10_000) < 0.3, None, "x"), dtype=object)
    s[s.notna()] = [f"d{i}" for i in range(int(s.notna().sum()))]
    mask = s.notna().to_numpy()
    present = s[mask]
    for k in (10, 2000, 50_000):
        pick = (present if len(present) <= k
                else present.iloc[np.linspace(0, len(present) - 1, k).astype(np.int64)])
        assert values._spread(s, mask, k) == [str(v) for v in pick]
    assert values._text_sample(s) == values._text_sample(s, mask)


def test_counting_lines_in_place_matches_counting_copies():
    rng = np.random.default_rng(5)
    data = bytes(rng.choice([10, 44, 65], size=50_000, p=[0.02, 0.1, 0.88]).astype(np.uint8))
    for step in (1, 7, 4096, 100_000):
        copies, in_place = (reading._Limits("t.csv", None, 10**9) for _ in range(2))
        for i in range(0, len(data), step):
            copies.feed(data[i:i + step])
            in_place.feed(data, i, i + step)
            assert (copies.lines, copies.open_line) == (in_place.lines, in_place.open_line)


def test_a_plain_csv_over_the_row_cap_is_refused():
    csv = b"Created,Channel\n" + b"2024-01-01 10:00,phone\n" * 2000
    with pytest.raises(BaselineError, match="more than 1,000 rows"):
        read_export(csv, "many.csv", max_rows=1000)
    assert read_export(csv, "ok.csv", max_rows=2000).n_valid == 2000


def test_agent_and_customer_ids_are_categories_of_the_valid_rows():
    """Ids are text categories (placeholders and ids only on rows set aside are not among
    them); by-agent KPIs are in text order, whatever the order the ids came in."""
    csv = (b"Created,Channel,Agent,Customer,Handle time\n"
           b"2024-01-01 10:00,phone,zoe,C2,60\n"
           b"2024-01-01 11:00,phone,adam,unknown,120\n"
           b"2024-01-01 12:00,fax,mia,C9,30\n"        # unknown channel: set aside
           b"2024-01-01 13:00,chat,adam,C2,180\n"
           b"2024-01-01 14:00,chat,,C3,90\n")
    export = read_export(csv, "ids.csv")
    t = export.tickets
    assert isinstance(t["agent"].dtype, pd.CategoricalDtype)
    assert list(t["agent"].cat.categories) == ["zoe", "adam"]
    assert list(t["customer"].cat.categories) == ["C2", "C3"]
    assert t["agent"].astype(object).where(t["agent"].notna(), None).tolist() == [
        "zoe", "adam", "adam", None]
    assert t["customer"].isna().tolist() == [False, True, False, False]
    by_agent = compute_kpis(export).by_agent
    assert list(by_agent.index) == ["adam", "zoe"]
    assert by_agent.loc["adam", "contacts"] == 2 and by_agent.loc["adam", "aht_min"] == 2.5
    # the same KPIs from text ids (an export built by hand keeps working)
    plain = export.tickets.astype({"agent": object, "customer": object})
    again = compute_kpis(dataclasses.replace(export, tickets=plain))
    pd.testing.assert_frame_equal(again.by_agent, by_agent)
    assert again.fcr_repeat == compute_kpis(export).fcr_repeat
