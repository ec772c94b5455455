"""Scenario files: the catalog defaults overridden by a flat YAML file.

A scenario file maps assumption names to values and may set only a few::

    title: 50-agent e-commerce team adds training
    description: ...
    currency: EUR
    exchange_rates: {USD: 1.10}
    intangibles: [Agent morale, Brand reputation]
    discount_rate: 0.08
    agent_fte: 50

``title``, ``description``, ``currency``, ``exchange_rates``, ``intangibles`` and
``sources`` (where each figure comes from: ``{agent_salary: "Rosstat 2024"}``, or
"your estimate") describe the scenario; every other key must be an assumption from
:data:`~supportroi.assumptions.CATALOG`. A bad file is refused with every
problem listed at once, each naming the file, line and key. Nothing is
clamped, converted or guessed.

``currency`` is an ISO 4217 code of :data:`supportroi.currency.CURRENCIES` (USD, EUR,
GBP, RUB, CNY); the symbols ``$ € £ ₽ ¥`` of older files are read as those codes.
``exchange_rates`` (optional) overrides the shipped annual-average rates used to put
benchmarks into the scenario's currency: units of each currency for 1 euro.

``not_measured`` (optional) lists the assumptions the data behind the scenario could not
give (a baseline made from a client's export: team size, salaries, ...): the ROI dashboard
asks for them, marked "still needed", instead of using their defaults unsaid.
``confirmed`` (optional) lists those of ``not_measured`` whose value in the file someone has
given: entered on the dashboard, or confirmed there as right for the client ("the shown value
is right for us"); they are no longer asked for. Each must be listed in ``not_measured``.
``initiatives`` (optional, only with ``not_measured``) lists the initiatives the case is
about, keys of :data:`~supportroi.initiatives.INITIATIVES` (``[chatbot, crm]``): the
dashboard's step opens with them picked. Each may be named once; they are kept in the
order of :data:`~supportroi.initiatives.INITIATIVES`.

``arrival_profile`` (optional) names a weekly arrival profile CSV (the format of
``data/arrival_profile_weekly.csv``, e.g. the baseline app's profile download),
relative to the scenario file's folder; Erlang staffing then spreads the calls over
the week by it instead of the shipped profile. It is read and checked when the
scenario loads (errors name the CSV, its row and field) and kept on the scenario as
336 shares. A scenario given as text with no folder (an upload) cannot point at a
file: it is refused with a plain message.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .assumptions import CATALOG, Message, Phrase, Problem, defaults, note, suggest, validate
from .currency import DEFAULT_CURRENCY, currency_code, currency_problem, kind_of, rates_problems
from .i18n import DEFAULT_LANGUAGE
from .initiatives import INITIATIVES

__all__ = ["Scenario", "ScenarioError", "load_scenario", "parse_scenario", "profile_csv", "save_scenario",
           "shipped_scenarios", "SCENARIO_DIR"]

#: Where the shipped scenarios live.
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "data" / "scenarios"
#: Keys that describe a scenario rather than set an assumption, with their types.
META_KEYS = {"title": str, "description": str, "currency": str, "intangibles": list,
             "exchange_rates": dict, "sources": dict, "arrival_profile": str,
             "not_measured": list, "confirmed": list, "initiatives": list}
MAX_BYTES = 1_000_000
#: File name :func:`save_scenario` gives a profile that has none.
DEFAULT_PROFILE_NAME = "arrival-profile.csv"


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``problems`` lists every reason (in English in
    ``str()``; :meth:`lines` in any language)."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(f"{file}: {n} problem{'s' if n != 1 else ''}:\n"
                         + "\n".join(f"  {p}" for p in self.problems))

    def lines(self, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """Each problem with its file, line and key, for a person reading ``lang``."""
        return [p.describe(lang) for p in self.problems]


def _problem(key: str, message: Message | Phrase | Callable[[str], str], file: str | None = None,
             line: int | None = None) -> Problem:
    """A problem saying ``message`` (a :class:`Message`, or ``message(lang)``: the text in
    a language) in any language; its English is :attr:`Problem.message`."""
    said = message if isinstance(message, Message | Phrase) else Phrase(message)
    return Problem(key, said.text(DEFAULT_LANGUAGE), file, line, note=said)


def _each(problems: Callable[..., list[str]], *args) -> list[Callable[[str], str]]:
    """The messages ``problems(*args, lang)`` gives, one per problem, each in any language."""
    return [functools.partial(_nth, problems, args, i)
            for i in range(len(problems(*args, DEFAULT_LANGUAGE)))]


def _nth(problems, args, i: int, lang: str) -> str:
    return problems(*args, lang)[i]


@dataclass(frozen=True)
class Scenario:
    """A named set of overrides of the catalog defaults."""

    overrides: dict = field(default_factory=dict)
    title: str = ""
    description: str = ""
    #: ISO 4217 code (an old symbol such as "€" is read as its code).
    currency: str = DEFAULT_CURRENCY
    intangibles: tuple[str, ...] = ()
    #: The user's exchange rates, replacing shipped ones: units of a currency per 1 EUR.
    exchange_rates: dict = field(default_factory=dict)
    #: Where the scenario's figures come from: assumption name → source text.
    sources: dict = field(default_factory=dict)
    #: Weekly arrival profile for Erlang staffing: 336 shares of the week's calls,
    #: Monday 00:00 first; None for the shipped profile. [fraction]
    arrival_profile: tuple[float, ...] | None = None
    #: The profile's file name, as the scenario file names it (for display and saving).
    arrival_profile_source: str = ""
    #: Assumptions the data behind the scenario could not give (a baseline from an
    #: export), by name: the dashboard asks for them.
    not_measured: tuple[str, ...] = ()
    #: Those of :attr:`not_measured` someone has given (entered, or confirmed as right for
    #: the client), by name: the dashboard no longer asks for them.
    confirmed: tuple[str, ...] = ()
    #: The initiatives the case is about (keys of
    #: :data:`~supportroi.initiatives.INITIATIVES`, in their order); only with
    #: :attr:`not_measured`.
    initiatives: tuple[str, ...] = ()
    #: File it came from, if any (not part of equality).
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self):
        problems = validate(self.overrides, self.currency if not currency_problem(
            self.currency) else DEFAULT_CURRENCY)
        if currency_problem(self.currency):
            problems.append(_problem("currency", functools.partial(currency_problem,
                                                                   self.currency)))
        else:
            object.__setattr__(self, "currency", currency_code(self.currency))
        problems += [_problem("exchange_rates", m) for m in _each(
            _rates_problems, self.exchange_rates or {})]
        object.__setattr__(self, "exchange_rates", dict(self.exchange_rates or {}))
        problems += [_problem("sources", m) for m in _each(_sources_problems, self.sources or {})]
        object.__setattr__(self, "sources", dict(self.sources or {}))
        problems += [_problem("not_measured", m) for m in _each(_names_problems,
                                                                self.not_measured)]
        object.__setattr__(self, "not_measured", tuple(self.not_measured or ()))
        problems += [_problem("confirmed", m) for m in _each(_confirmed_problems,
                                                             self.confirmed, self.not_measured)]
        object.__setattr__(self, "confirmed", tuple(self.confirmed or ()))
        problems += [_problem("initiatives", m) for m in _each(
            _initiatives_problems, self.initiatives, self.not_measured)]
        if isinstance(self.initiatives, list | tuple):
            object.__setattr__(self, "initiatives", tuple(
                k for k in INITIATIVES if k in self.initiatives))
        if self.arrival_profile is not None:
            from .queueing import _shares

            try:
                shares = _shares(self.arrival_profile)
            except ValueError as exc:
                problems.append(_problem("arrival_profile", _said(exc)))
            else:
                object.__setattr__(self, "arrival_profile", tuple(float(x) for x in shares))
                if not self.arrival_profile_source:
                    object.__setattr__(self, "arrival_profile_source", DEFAULT_PROFILE_NAME)
        elif self.arrival_profile_source:
            problems.append(_problem("arrival_profile", note("files.scenario.profile_unnamed")))
        if problems:
            raise ScenarioError(str(self.path or "scenario"), problems)

    @property
    def values(self) -> dict:
        """Every assumption's value: defaults, overridden."""
        return defaults() | self.overrides

    @property
    def name(self) -> str:
        """The file's stem, or "custom"."""
        return self.path.stem if self.path else "custom"

    @classmethod
    def from_values(cls, values: Mapping[str, object], **meta) -> "Scenario":
        """A scenario holding only the values that differ from the defaults."""
        base = defaults()
        return cls({k: v for k, v in values.items() if k not in base or base[k] != v}, **meta)

    def with_values(self, **changes) -> "Scenario":
        """A copy with some assumptions changed (validated)."""
        return Scenario.from_values(self.values | changes, title=self.title,
                                    description=self.description, currency=self.currency,
                                    intangibles=self.intangibles,
                                    exchange_rates=self.exchange_rates, sources=self.sources,
                                    arrival_profile=self.arrival_profile,
                                    arrival_profile_source=self.arrival_profile_source,
                                    not_measured=self.not_measured,
                                    confirmed=self.confirmed,
                                    initiatives=self.initiatives)


def _read(path: Path) -> tuple[str | None, Problem | None]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, _problem("", note("files.scenario.unreadable",
                                       reason=exc.strerror or str(exc)), str(path))
    if len(data) > MAX_BYTES:
        return None, _problem("", note("files.scenario.too_large", limit=MAX_BYTES), str(path))
    return _decode(data, str(path))


def _decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    if b"\x00" in data:
        return None, _problem("", note("files.scenario.binary"), file)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, _problem("", note("files.scenario.not_utf8", byte=exc.start), file)


def _check_meta(key, value, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why ``value`` cannot be the scenario's ``key`` (one of :data:`META_KEYS`), in
    ``lang``; None if it can."""
    want = META_KEYS[key]
    t = _t(lang)
    if key == "intangibles":
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            return t("files.scenario.intangibles")
        return None
    if key == "exchange_rates":
        return "; ".join(_rates_problems(value, lang)) or None
    if key == "sources":
        return "; ".join(_sources_problems(value, lang)) or None
    if key in ("not_measured", "confirmed"):
        return "; ".join(_names_problems(value, lang)) or None
    if key == "initiatives":
        return "; ".join(_initiatives_problems(value, (), lang, alone=False)) or None
    if not isinstance(value, want):
        return t("files.scenario.not_text", kind=kind_of(value, lang))
    if key == "currency":
        return currency_problem(value, lang)
    return None


def _t(lang: str):
    from .i18n import translator

    return translator(lang)


def _rates_problems(value, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    return rates_problems(value, lang=lang)


def _sources_problems(value, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    t = _t(lang)
    if not isinstance(value, Mapping):
        return [t("files.scenario.sources_mapping")]
    out = []
    for key, text in value.items():
        if key not in CATALOG:
            out.append(t("files.scenario.not_an_assumption", name=repr(key),
                         hint=suggest(str(key), lang=lang)))
        elif not isinstance(text, str) or not text.strip():
            out.append(t("files.scenario.source_text", name=key))
    return out


def _names_problems(value, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    t = _t(lang)
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
        return [t("files.scenario.names_list")]
    return [t("files.scenario.not_an_assumption", name=repr(x), hint=suggest(x, lang=lang))
            for x in value if x not in CATALOG]


def _confirmed_problems(value, not_measured, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Why ``value`` cannot be a scenario's ``confirmed`` given its ``not_measured``."""
    named = _names_problems(value, lang)
    if named:
        return named
    listed = set(not_measured) if isinstance(not_measured, list | tuple) else set()
    return [_t(lang)("workshop.file.confirmed_not_listed", name=x)
            for x in value if x not in listed]


def _initiatives_problems(value, not_measured, lang: str = DEFAULT_LANGUAGE,
                          alone: bool = True) -> list[str]:
    """Why ``value`` cannot be a scenario's ``initiatives`` given its ``not_measured``
    (``alone=False``: the list by itself, whatever ``not_measured`` is).

    >>> _initiatives_problems(["chatbot", "chatbott", "crm", "crm"], ["agent_fte"])[0]
    "'chatbott' is not an initiative (did you mean 'chatbot'?); the initiatives: chatbot, \
training, crm, staffing, retention"
    >>> _initiatives_problems(["crm", "crm"], ["agent_fte"])
    ['crm is listed more than once']
    >>> _initiatives_problems(["crm"], [])
    ['initiatives can be listed only with not_measured (a case made from a client export)']
    """
    t = _t(lang)
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
        return [t("workshop.file.initiatives_list", choices=", ".join(INITIATIVES))]
    out = [t("workshop.file.unknown_initiative", name=repr(x), choices=", ".join(INITIATIVES),
             hint=suggest(x, INITIATIVES, lang)) for x in value if x not in INITIATIVES]
    twice = sorted({x for x in value if value.count(x) > 1}, key=list(value).index)
    out += [t("workshop.file.initiative_twice", name=x) for x in twice]
    if alone and value and not out and not not_measured:
        out.append(t("workshop.file.initiatives_alone"))
    return out


def _said(exc: Exception) -> Callable[[str], str]:
    """What ``exc`` says, in any language if it can (a profile's problems), else as it is."""
    text = getattr(exc, "text", None)
    return text if callable(text) else (lambda lang, words=str(exc): words)


#: Deepest nesting of lists and mappings a scenario file may have (a scenario is flat:
#: the file's mapping and the intangibles list make 2).
MAX_DEPTH = 8


def _check_size_and_depth(text: str | bytes, file: str) -> None:
    """Refuse text over :data:`MAX_BYTES` or nested deeper than :data:`MAX_DEPTH`
    before it is parsed: PyYAML's pure-Python parser takes time quadratic in the
    nesting (5,000 levels: ~16 s of CPU, then a RecursionError). The events are
    read lazily, so a deep file is refused after its first few levels."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_BYTES:
        raise ScenarioError(file, [_problem("", note("files.scenario.too_large",
                                                     limit=MAX_BYTES), file)])
    if isinstance(text, bytes):
        return  # checked again once decoded
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(file, [_problem(
                        "", note("files.scenario.too_deep", depth=MAX_DEPTH), file,
                        event.start_mark.line + 1)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # reported with its line by the parse that follows


def _read_profile(value: str, folder: Path | None) -> tuple[tuple | None, Message | None]:
    """The shares of the profile CSV ``value`` names (relative to ``folder``), or why not."""
    if folder is None:
        return None, note("files.scenario.profile_upload")
    if not value.strip():
        return None, note("files.scenario.profile_empty")
    from .queueing import load_profile

    try:
        frame = load_profile(Path(folder) / value)
    except ValueError as exc:
        return None, Phrase(_said(exc))
    return tuple(frame["share"].to_numpy(float).tolist()), None


def parse_scenario(text: str | bytes, file: str = "<scenario>",
                   folder: str | Path | None = None) -> Scenario:
    """Build a :class:`Scenario` from YAML text (``file`` names it in messages).

    ``folder`` is where a file ``arrival_profile`` names is looked for (the
    scenario file's folder); without it (an upload) such a line is refused."""
    _check_size_and_depth(text, file)
    if isinstance(text, bytes):
        text, problem = _decode(text, file)
        if problem:
            raise ScenarioError(file, [problem])
        _check_size_and_depth(text, file)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):  # *refs can nest into huge values
                line = event.start_mark.line + 1
                raise ScenarioError(file, [_problem("", note("files.scenario.alias"), file, line)])
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError(file, [_problem("", note(
            "files.scenario.syntax", what=_parser_words(what, "files.scenario.syntax_words")),
            file, line)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(file, [_problem("", note(
            "files.scenario.yaml_error", what=_parser_words(str(exc),
                                                            "files.scenario.yaml_error_words")),
            file)]) from None
    if node is None:
        return Scenario(path=Path(file) if file and not file.startswith("<") else None)
    if not isinstance(node, yaml.MappingNode):
        kind = {"SequenceNode": "files.scenario.kind_list",
                "ScalarNode": "files.scenario.kind_value"}.get(type(node).__name__,
                                                               "files.scenario.kind_other")
        raise ScenarioError(file, [_problem("", note("files.scenario.not_mapping",
                                                     kind=note(kind)),
                                            file, node.start_mark.line + 1)])

    constructor = yaml.SafeLoader("")
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    overrides: dict = {}
    meta: dict = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        try:
            key = constructor.construct_object(key_node, deep=True)
            value = constructor.construct_object(value_node, deep=True)
        except yaml.YAMLError as exc:
            problems.append(_problem("", note("files.scenario.yaml_error", what=_parser_words(
                str(exc), "files.scenario.yaml_error_words")), file, line))
            continue
        if not isinstance(key, str):
            problems.append(_problem(str(key), note("files.scenario.key_not_text"), file, line))
            continue
        if key in seen:
            problems.append(_problem(key, note("files.scenario.twice", first=seen[key]), file,
                                     line))
            continue
        seen[key] = lines[key] = line
        if key in META_KEYS:
            msg = _check_meta(key, value)
            if msg:
                problems.append(_problem(key, functools.partial(_check_meta, key, value), file,
                                         line))
            else:
                meta[key] = tuple(value) if key in ("intangibles", "not_measured",
                                                    "confirmed", "initiatives") else value
                if key == "currency":
                    meta[key] = currency_code(value)
                if key == "arrival_profile":
                    del meta[key]
                    shares, msg = _read_profile(value, None if folder is None else Path(folder))
                    if msg:
                        problems.append(_problem(key, msg, file, line))
                    else:
                        meta |= {"arrival_profile": shares, "arrival_profile_source": value}
        elif key not in CATALOG:
            problems.append(_problem(key, note("files.scenario.unknown", hint=Phrase(
                functools.partial(suggest, key, [*CATALOG, *META_KEYS]))), file, line))
        else:
            overrides[key] = value
    if meta.get("confirmed") and ("not_measured" in meta or "not_measured" not in seen):
        # The names are assumptions (checked above); each must be one the data lacked (a
        # not_measured line with its own problem is reported on its line, not here again).
        problems += [_problem("confirmed", m, file, lines["confirmed"]) for m in _each(
            _confirmed_problems, list(meta["confirmed"]), list(meta.get("not_measured", ())))]
    if meta.get("initiatives") and not meta.get("not_measured") and (
            "not_measured" in meta or "not_measured" not in seen):
        # A case made of initiatives is a baseline's (a not_measured line with its own
        # problem is reported on its line, not here again).
        problems.append(_problem("initiatives", note("workshop.file.initiatives_alone"), file,
                                 lines["initiatives"]))
    for p in validate(overrides, meta.get("currency", DEFAULT_CURRENCY)):
        first = p.key.split(" + ")[0]
        problems.append(Problem(p.key, p.message, file, lines.get(first), note=p.note))
    if problems:
        problems.sort(key=lambda p: (p.line or 0))
        raise ScenarioError(file, problems)
    path = Path(file) if file and not file.startswith("<") else None
    return Scenario(overrides, path=path, **meta)


def _parser_words(words: str, plain: str) -> Phrase:
    """The YAML parser's own (English) ``words`` in English, the message ``plain`` in
    other languages."""
    return Phrase(functools.partial(_english_or, words, plain))


def _english_or(words: str, plain: str, lang: str) -> str:
    return words if lang == DEFAULT_LANGUAGE else _t(lang)(plain)


def load_scenario(path) -> Scenario:
    """Read a scenario file; raise :class:`ScenarioError` listing every problem."""
    path = Path(path)
    text, problem = _read(path)
    if problem:
        raise ScenarioError(str(path), [problem])
    return parse_scenario(text, str(path), folder=path.parent)


def _plain(value):
    """Python scalars for YAML (numpy scalars are not safe-dumpable)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"cannot save a non-finite value ({f})")
        return f
    return value


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text; :func:`parse_scenario` reads it back equal."""
    doc: dict = {}
    for key in ("title", "description", "currency"):
        value = getattr(scenario, key)
        if value != Scenario.__dataclass_fields__[key].default:
            doc[key] = value
    if scenario.exchange_rates:
        doc["exchange_rates"] = {k: _plain(v) for k, v in scenario.exchange_rates.items()}
    if scenario.intangibles:
        doc["intangibles"] = list(scenario.intangibles)
    if scenario.sources:
        doc["sources"] = {k: scenario.sources[k] for k in CATALOG if k in scenario.sources}
    if scenario.arrival_profile is not None:
        doc["arrival_profile"] = scenario.arrival_profile_source
    if scenario.not_measured:
        doc["not_measured"] = list(scenario.not_measured)
    if scenario.confirmed:
        doc["confirmed"] = list(scenario.confirmed)
    if scenario.initiatives:
        doc["initiatives"] = list(scenario.initiatives)
    for name in CATALOG:  # catalog order, so files diff well
        if name in scenario.overrides:
            doc[name] = _plain(scenario.overrides[name])
    if not doc:
        return "{}\n"
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=88)
    if yaml.safe_load(text) != doc:  # PyYAML mangles rare breaks (U+0085) in unicode mode
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=False, width=88)
    return text


def profile_csv(shares) -> bytes:
    """336 shares (Monday 00:00 first) as the bytes of a profile CSV in the format
    of ``data/arrival_profile_weekly.csv``, written exactly (shortest round-trip
    decimals), so :func:`~supportroi.queueing.load_profile` reads them back equal."""
    starts = [f"{i // 2:02d}:{30 * (i % 2):02d}" for i in range(48)]
    rows = [f"{i // 48},{starts[i % 48]},{float(x)!r}" for i, x in enumerate(shares)]
    return ("weekday,interval_start,share\n" + "\n".join(rows) + "\n").encode("utf-8")


def save_scenario(scenario: Scenario, path) -> Path:
    """Write ``scenario`` to ``path`` as YAML; returns the path. A scenario with an
    arrival profile also gets its profile CSV written beside it, under the name the
    YAML's ``arrival_profile`` line gives (unless a file there already holds it)."""
    path = Path(path)
    if scenario.arrival_profile is not None:
        csv = path.parent / scenario.arrival_profile_source
        if not _holds(csv, scenario.arrival_profile):
            csv.parent.mkdir(parents=True, exist_ok=True)
            csv.write_bytes(profile_csv(scenario.arrival_profile))
    path.write_text(dump_scenario(scenario), encoding="utf-8")
    return path


def _holds(csv: Path, shares) -> bool:
    """Whether ``csv`` is a profile file with exactly ``shares``."""
    from .queueing import load_profile

    try:
        return tuple(load_profile(csv)["share"].to_numpy(float).tolist()) == tuple(shares)
    except ValueError:
        return False


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios in ``data/scenarios/``, by name (file stem), sorted."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.yaml"))}
