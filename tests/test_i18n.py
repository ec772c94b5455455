"""Languages: every message in every language, no stale keys, local number formats."""

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportroi.apps.pages import PAGES
from supportroi.assumptions import CATALOG, GROUPS
from supportroi.i18n import LANGUAGES, LOCALE_DIR, catalog, language_problem, translator

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "supportroi"


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


def _plural_forms(lang: str) -> set[str]:
    return set(translator(lang).locale.plural_form.tags) | {"other"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_exists_in_every_language(lang):
    english, other = catalog("en"), catalog(lang)
    assert sorted(set(english) - set(other)) == [], f"missing in {lang}.yaml"
    assert sorted(set(other) - set(english)) == [], f"not in en.yaml (stale?) in {lang}.yaml"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_files(lang):
    names = {p.name for p in (LOCALE_DIR / lang).glob("*.yaml")}
    assert names == {p.name for p in (LOCALE_DIR / "en").glob("*.yaml")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_keep_their_fields_and_plural_forms(lang):
    for key, en in catalog("en").items():
        msg = catalog(lang)[key]
        if isinstance(en, dict):
            assert isinstance(msg, dict), key
            assert _plural_forms(lang) <= set(msg), (key, lang)  # every form the language has
            texts_en, texts = list(en.values()), list(msg.values())
        else:
            assert isinstance(msg, str) and msg.strip(), key
            texts_en, texts = [en], [msg]
        fields = {f for t in texts_en for f in re.findall(r"{(\w+)}", t)}
        for text in texts:
            assert set(re.findall(r"{(\w+)}", text)) == fields, (key, lang)


def _catalog_keys() -> set[str]:
    """The keys the assumption catalog reads (labels, help, groups, units, choices)."""
    keys = {f"assumptions.{a.name}.{part}" for a in CATALOG.values() for part in ("label", "help")}
    keys |= {f"groups.{key}" for key, _ in GROUPS}
    keys |= {f"unit_{kind}.{a.unit}" for a in CATALOG.values() if a.unit != "choice"
             for kind in ("labels", "names")}
    return keys | {f"choices.{a.name}.{c}" for a in CATALOG.values() for c in a.choices}


#: Messages looked up by a computed key (``f"results.lines.{key}"``): family → its members.
def _families() -> dict[str, set[str]]:
    from supportroi.apps.charts import LINE_GROUPS
    from supportroi.model import LINES
    return {"results.lines": {line.key for line in LINES},
            "formulas.lines": {line.key for line in LINES},
            "results.kind": {line.kind for line in LINES},
            "results.groups": {group for group, *_ in LINE_GROUPS}}


def test_no_key_is_unused():
    source = _source()
    used_by_pages = {f"pages.{p.key}.{part}" for p in PAGES for part in ("title", "purpose")}
    used_by_pages |= _catalog_keys()  # the assumption catalog's texts, by name
    sections = {"pages.apps", "pages.lessons"}  # index_html adds ".heading" / ".intro"
    used_by_families = {f"{family}.{m}" for family, members in _families().items()
                        for m in members}
    unused = [k for k in catalog("en") if k not in used_by_pages and k not in used_by_families
              and f'"{k}"' not in source and f"'{k}'" not in source
              and not any(k.startswith(s + ".") and f'"{s}"' in source for s in sections)]
    assert unused == []


@pytest.mark.parametrize("family", ["results.lines", "formulas.lines", "results.kind",
                                    "results.groups"])
def test_every_line_and_group_has_its_message(family):
    members = _families()[family]
    assert f'"{family}.' in _source()  # the code looks them up by computed key
    assert {k for k in catalog("en") if k.startswith(family + ".")} == {
        f"{family}.{m}" for m in members}


def test_english_line_names_are_the_models():
    # The model's line labels name the lines in the workbooks and reports; the pages must
    # call them the same in English.
    from supportroi.model import LINES
    t = translator("en")
    assert {line.key: t(f"results.lines.{line.key}") for line in LINES} == {
        line.key: line.label for line in LINES}


def test_unknown_language_is_refused():
    assert language_problem("de")
    with pytest.raises(ValueError, match="en, ru, zh"):
        translator("de")


@pytest.mark.parametrize("lang, currency, expected, compact", [
    ("en", "USD", "$1,234,567", "$12.3M"),
    ("ru", "RUB", "1\u00a0234\u00a0567\u00a0₽", "12,3\u00a0млн\u00a0₽"),
    ("zh", "CNY", "¥1,234,567", "¥1235万"),
    ("ru", "EUR", "1\u00a0234\u00a0567\u00a0€", "12,3\u00a0млн\u00a0€"),
])
def test_money_in_local_format(lang, currency, expected, compact):
    t = translator(lang)
    assert t.money(1_234_567.4, currency) == expected
    assert t.money(12_345_678, currency, compact=True) == compact
    assert t.money(-1_234_567, currency).startswith("−") or "−" in t.money(-1_234_567, currency)


@pytest.mark.parametrize("lang, amount, expected", [
    ("en", 169.99999999999994, "$170"), ("ru", 169.99999999999994, "170\u00a0$"),
    ("zh", 9_999.4, "US$9,999"), ("zh", 10_000, "US$1万"), ("en", 1_000, "$1K")])
def test_compact_money_below_the_first_short_form_is_whole_units(lang, amount, expected):
    # Babel leaves amounts below a locale's first compact form (1,000; 10,000 in Chinese)
    # unformatted, with every binary digit of the float.
    assert translator(lang).money(amount, "USD", compact=True) == expected


def test_percent_and_dates():
    assert translator("en").percent(0.083) == "8.3%"
    assert translator("ru").percent(0.083) == "8,3\u00a0%"
    assert translator("zh").percent(0.5, digits=0) == "50%"
    day = dt.date(2026, 12, 1)
    assert translator("ru").date(day) == "1 декабря 2026\u202fг."
    assert translator("zh").date(day) == "2026年12月1日"


@pytest.mark.parametrize("lang, text, value", [
    ("ru", "0,08", 0.08), ("ru", "1 234,5", 1234.5), ("ru", "1\u00a0234,5", 1234.5),
    ("ru", "−5", -5.0), ("ru", "1e6", 1e6), ("ru", "０，５", 0.5),
    ("en", "1,234.5", 1234.5), ("en", "0.08", 0.08), ("zh", "1,234.5", 1234.5),
])
def test_numbers_typed_as_each_language_writes_them(lang, text, value):
    assert translator(lang).parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("lang, text", [
    ("ru", "1,234.5"), ("en", "0,08"), ("en", "12 345"), ("zh", "1.234,5"), ("en", "abc"),
    ("en", ""), ("en", "1e999"), ("en", "nan"), ("en", "inf"), ("ru", "1" * 60),
])
def test_ambiguous_or_wrong_numbers_are_refused_with_a_reason(lang, text):
    with pytest.raises(ValueError) as info:
        translator(lang).parse_number(text)
    message = str(info.value)
    assert translator(lang).number(1234.5, digits=1) in message  # shows how to write it
    assert "Error" not in message and "Decimal" not in message


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(LANGUAGES))
def test_a_shown_number_reads_back(x, lang):
    t = translator(lang)
    assert t.parse_number(t.number(x, digits=2)) == pytest.approx(x, abs=0.0051)  # within half a cent


def test_russian_plurals():
    t = translator("ru")
    assert [t.plural("units.agents", n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 агент", "2 агента", "5 агентов", "11 агентов", "21 агент", "22 агента"]
    assert translator("zh").plural("units.agents", 5) == "5 名坐席"


def test_this_machine_can_draw_chinese():
    # `make test` / `make app` install Debian's fonts-noto-cjk; without a CJK font, Chinese
    # pages and charts show empty boxes.
    import subprocess
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts, "no CJK font: run `make fonts` (Debian fonts-noto-cjk)"


def test_chinese_messages_have_no_spaces_between_chinese_characters():
    # A YAML line break inside a folded Chinese message becomes a stray space.
    for key, msg in catalog("zh").items():
        for text in (msg.values() if isinstance(msg, dict) else [msg]):
            assert not re.search(r"[\u3000-\u9fff\uff00-\uffef] [\u3000-\u9fff]", text), key


def test_charts_and_pdfs_draw_chinese_cyrillic_and_the_rouble_sign(recwarn):
    import io

    from matplotlib.figure import Figure
    from pypdf import PdfReader

    from supportroi import evaluate
    from supportroi.apps.charts import cumulative_chart, lines_chart, printable
    from supportroi.reports.pdf import pdf_report

    assert printable("服务 Сервис ₽") == "服务 Сервис ₽"  # no "?" for any of them
    for lang in ("ru", "zh"):
        figure = Figure()
        left, right = figure.subplots(1, 2)
        cumulative_chart(left, evaluate({}), currency="RUB", lang=lang)
        lines_chart(right, evaluate({}), currency="RUB", lang=lang)
        png = io.BytesIO()
        figure.savefig(png, format="png")
        assert png.getvalue().startswith(b"\x89PNG")
    title = "客户服务投资回报 — окупаемость ₽"
    pdf = pdf_report(evaluate({}), title=title)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "客户服务投资回报" in text and "окупаемость" in text
    glyphs = [w for w in recwarn if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    assert glyphs == []


def test_the_fast_yaml_loader_reads_the_same_catalogs():
    """The catalogs and the rates table read by libyaml (when PyYAML has it) are what the
    pure-Python safe loader reads."""
    import yaml

    from supportroi import currency, i18n
    files = sorted(i18n.LOCALE_DIR.glob("*/*.yaml")) + [currency.RATES_FILE]
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert i18n.load_yaml(text) == yaml.safe_load(text), path.name
