"""The canonical fields of an export, the names vendors give them, channels, limits and
reasons for setting a row aside; column-name matching (:func:`detect_mapping`) and
channel labels (:func:`channel_of`)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from .messages import Message

FIELDS: dict[str, str] = {
    "ticket_id": "Ticket, case or call identifier (text).",
    "created": "When the contact was created or the call started (date-time; required).",
    "resolved": "When the ticket was solved, resolved or closed, or the call ended (date-time).",
    "channel": "Contact channel: phone, chat, email or self_service (required unless "
               "default_channel is given).",
    "handle_time": "Agent handle time of the contact [s once parsed].",
    "reopens": "Times the ticket was reopened [count].",
    "csat": "Satisfaction answer [1–5].",
    "nps": "Likelihood-to-recommend answer [0–10].",
    "ces": "Customer-effort answer [1–7, 7 = very easy].",
    "agent": "Agent, assignee or owner (text).",
    "customer": "Customer, requester, contact or caller identifier (text).",
    "created_time": "Time of day of ``created`` when the export gives it in its own column "
                    "(clock time).",
    "wait_time": "Time the caller waited in the queue before an answer or hanging up "
                 "[s once parsed].",
    "outcome": "Whether the call was answered or abandoned (text: answered, abandoned, ...).",
    "fcr_flag": "Whether the contact was resolved at the first contact (yes/no).",
    "first_response": "Time to the first agent reply of a ticket (duration, or the date-time "
                      "of the reply) [s once parsed].",
    "talk_time": "Time the agent talked with the caller [s once parsed].",
    "hold_time": "Time the caller was on hold during the call, after the answer "
                 "[s once parsed].",
    "wrap_time": "After-call work (wrap-up) time [s once parsed].",
}
REQUIRED = ("created", "channel")

#: Column names each field is recognised by, best first, as vendors write them
#: (Zendesk, Freshdesk, Salesforce Service Cloud, ServiceNow, Genesys, Five9,
#: Intercom and generic exports). Matching ignores case, spaces and
#: punctuation (see :func:`normalise_header`).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "created": (
        "created", "created at", "created date", "created time", "created on", "creation date",
        "creation time", "date created", "time created", "createddate", "sys created on",
        "opened", "opened at", "opened date", "opened on", "date opened", "date time opened",
        "open date", "open time", "submitted", "submitted at", "received at", "date received",
        "start time", "started at", "start", "start date", "call start", "call start time",
        "conversation start", "interaction start", "timestamp", "date time", "date",
        "дата создания", "создан", "создано", "создана", "дата и время создания",
        "время создания", "дата обращения", "дата и время", "дата звонка", "начало звонка",
        "время начала", "начало", "дата поступления", "дата регистрации",
        "创建时间", "创建日期", "日期", "开始时间", "来电时间", "呼入时间", "提交时间", "日期时间"),
    "resolved": (
        "solved", "solved at", "solved date", "solved time", "date solved", "resolved",
        "resolved at", "resolved date", "resolved time", "resolved on", "date resolved",
        "resolution date", "closed", "closed at", "closed date", "closed time", "closed on",
        "date closed", "date time closed", "closeddate", "close date", "completed",
        "completed at", "end time", "ended at", "end", "end date", "call end", "call end time",
        "conversation end", "interaction end",
        "дата решения", "решено", "решен", "дата закрытия", "закрыто", "закрыт",
        "время закрытия", "время решения", "окончание", "конец звонка", "время окончания",
        "解决时间", "关闭时间", "结束时间", "完成时间", "挂机时间"),
    "channel": (
        "channel", "via", "source", "medium", "origin", "case origin", "contact type",
        "media type", "mediatype", "media", "channel type", "ticket channel",
        "communication channel", "contact channel", "contact method", "interaction type",
        "queue type", "канал", "канал обращения", "канал связи", "источник", "тип обращения",
        "渠道", "来源", "渠道类型", "接入渠道", "联系渠道"),
    "handle_time": (
        "handle time", "handling time", "aht", "average handle time", "total handle time",
        "handle duration", "talk time", "talk duration", "work time", "agent time",
        "time spent", "time tracked", "duration", "call duration", "conversation duration",
        "interaction duration", "время обработки", "длительность", "длительность разговора",
        "продолжительность", "время разговора", "длительность обработки", "处理时长",
        "通话时长", "时长", "处理时间", "平均处理时长"),
    "reopens": (
        "reopens", "reopen count", "reopened count", "number of reopens", "times reopened",
        "reopen", "reopened", "reopen times", "переоткрытия", "число переоткрытий",
        "повторные открытия", "重开次数", "重新打开次数"),
    "csat": (
        "csat", "csat score", "csat rating", "satisfaction", "satisfaction score",
        "satisfaction rating", "customer satisfaction", "customer satisfaction score",
        "satisfaction survey", "survey rating", "conversation rating", "rating",
        "оценка", "оценка клиента", "удовлетворенность", "满意度", "评分", "满意度评分"),
    "nps": (
        "nps", "nps score", "net promoter score", "likelihood to recommend", "likely to recommend",
        "recommend score", "recommendation score", "ltr", "recommend",
        "готовность рекомендовать", "индекс nps", "推荐值", "推荐意愿", "净推荐值"),
    "ces": (
        "ces", "ces score", "customer effort score", "effort score", "customer effort", "effort",
        "ease score", "оценка усилий", "усилия", "费力度", "客户费力度"),
    "agent": (
        "agent", "agent name", "agent id", "agent email", "assignee", "assignee name",
        "assignee id", "assigned to", "owner", "owner name", "owner id", "case owner",
        "handled by",
        "responder", "user name", "оператор", "агент", "сотрудник", "исполнитель",
        "ответственный", "客服", "坐席", "处理人", "客服人员", "座席", "坐席工号"),
    "customer": (
        "customer id", "customer", "customer number", "customer name", "customer email",
        "requester id", "requester", "requester email", "requester name", "requestor",
        "contact id", "contact", "contact name", "contact email", "caller id", "caller", "ani",
        "client id", "client", "end user", "from", "id клиента", "клиент", "номер клиента",
        "телефон клиента", "абонент", "номер телефона", "客户id", "客户", "客户编号",
        "来电号码", "主叫号码", "用户id"),
    "ticket_id": (
        "ticket id", "id", "ticket number", "ticket", "ticket no", "case number", "case id",
        "number", "incident number", "incident id", "issue key", "issue id", "call id",
        "interaction id", "conversation id", "session id", "reference", "номер обращения",
        "id обращения", "номер заявки", "номер", "id звонка", "工单号", "工单编号", "编号",
        "通话id", "呼叫id"),
    "created_time": (
        "time", "time of day", "call time", "created time of day", "start time of day",
        "время", "время звонка", "время обращения", "时刻", "来电时刻"),
    "wait_time": (
        "wait time", "waiting time", "queue time", "time in queue", "queue duration",
        "wait duration", "speed of answer", "time to answer", "wait", "hold time before answer",
        "время ожидания", "ожидание", "время в очереди", "等待时长", "排队时长", "等待时间",
        "排队时间"),
    "outcome": (
        "outcome", "call outcome", "call result", "result", "disposition", "call status",
        "call state", "answered", "abandoned", "результат", "результат звонка", "статус звонка",
        "исход", "通话结果", "呼叫结果", "接通状态", "是否接通", "通话状态"),
    "fcr_flag": (
        "resolved at first contact", "first contact resolution", "fcr", "first call resolution",
        "resolved first contact", "resolved on first contact", "fcr flag", "one touch",
        "решено с первого обращения", "решено при первом обращении", "решено с первого раза",
        "首次解决", "一次解决", "首次联系解决", "一次性解决"),
    "first_response": (
        "first response time", "first reply time", "time to first response",
        "time to first reply", "first response", "first reply", "first response at",
        "first reply at", "frt", "время первого ответа", "первый ответ", "首次响应时间",
        "首次回复时间", "首响时长"),
    # Parts of a call's handle time (handle = talk + hold + wrap-up). A lone talk-time
    # column is the handle time (matched by handle_time's names above); with a hold or
    # wrap-up column beside it, it is the talk time (see detect_mapping).
    "talk_time": (
        "talk time", "talk duration", "talking time", "time talking", "conversation time",
        "время разговора", "длительность разговора", "разговор", "通话时长", "通话时间"),
    "hold_time": (
        "hold time", "hold duration", "time on hold", "on hold", "hold", "held time",
        "время удержания", "удержание", "длительность удержания", "保持时长", "保持时间",
        "等待保持时长"),
    "wrap_time": (
        "wrap time", "wrap up time", "wrapup time", "wrap up", "wrapup", "wrap",
        "after call work", "after call work time", "acw", "acw time", "wrap up duration",
        "время постобработки", "постобработка", "поствызывная обработка",
        "время поствызывной обработки", "话后处理时长", "话后时长", "话后处理时间",
        "整理时长"),
}

#: Leading words a column name may add (``"Ticket created at"``, ``"Call duration"``).
_PREFIXES = ("ticket", "case", "call", "incident", "conversation", "interaction", "chat",
             "request", "total", "average", "avg", "agent")
_UNITS = {"s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
          "seconds": "seconds", "m": "minutes", "min": "minutes", "mins": "minutes",
          "minute": "minutes", "minutes": "minutes", "h": "hours", "hr": "hours",
          "hrs": "hours", "hour": "hours", "hours": "hours", "ms": "milliseconds",
          "msec": "milliseconds", "millis": "milliseconds", "milliseconds": "milliseconds",
          # Russian and Chinese
          "с": "seconds", "сек": "seconds", "секунд": "seconds", "секунды": "seconds",
          "секунда": "seconds", "мин": "minutes", "минут": "minutes", "минуты": "minutes",
          "минута": "minutes", "ч": "hours", "час": "hours", "часов": "hours", "часы": "hours",
          "мс": "milliseconds", "秒": "seconds", "秒钟": "seconds", "分钟": "minutes",
          "分": "minutes", "小时": "hours", "时": "hours", "毫秒": "milliseconds"}
_UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "milliseconds": 0.001}

#: Channels of the assumption catalog, in its order.
CHANNELS = ("phone", "chat", "email", "self_service")
#: Words and phrases that name each channel. The longest phrase found in a
#: label wins, so "voice message" is phone and "web chat" is chat.
_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "self_service": ("self service", "selfservice", "self serve", "self help", "portal",
                     "help center", "help centre", "helpcenter", "knowledge base", "faq",
                     "bot", "chatbot", "chat bot", "answer bot", "answerbot", "virtual agent",
                     "ivr", "community", "forum"),
    "chat": ("chat", "live chat", "livechat", "web chat", "webchat", "messaging", "message",
             "messages", "messenger", "whatsapp", "sms", "text", "text message", "social",
             "facebook", "twitter", "instagram", "wechat", "telegram", "in app", "mobile sdk"),
    "email": ("email", "e mail", "mail", "web form", "webform", "form", "web", "contact form",
              "outbound email", "inbound email"),
    "phone": ("phone", "voice", "call", "calls", "telephone", "telephony", "voicemail",
              "voice mail", "voice message", "callback", "call back", "inbound", "outbound",
              "phone call",
              # Russian and Chinese
              "телефон", "звонок", "звонки", "входящий звонок", "исходящий звонок",
              "голос", "телефония", "电话", "来电", "呼入", "呼出", "语音", "热线"),
}
#: Labels in Russian and Chinese, by channel (matched like the English ones; Chinese
#: phrases also inside a longer label, since Chinese does not separate words).
_CHANNEL_WORDS["chat"] += ("чат", "онлайн чат", "мессенджер", "сообщение", "смс", "вацап",
                           "телеграм", "聊天", "在线客服", "在线聊天", "微信", "短信", "即时通讯",
                           "在线")
_CHANNEL_WORDS["email"] += ("почта", "электронная почта", "эл почта", "емейл", "имейл",
                            "письмо", "веб форма", "форма", "邮件", "电子邮件", "邮箱",
                            "网页表单", "表单")
_CHANNEL_WORDS["self_service"] += ("портал", "самообслуживание", "личный кабинет", "бот",
                                   "чат бот", "база знаний", "自助", "自助服务", "机器人",
                                   "智能客服", "知识库", "门户")

#: Score scales: field → (lowest, highest) whole-number answer.
SCALES: dict[str, tuple[int, int]] = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
#: Longest plausible handle time of one contact: a full 8-hour shift. [s]
MAX_HANDLE_TIME_S = 8 * 3600
#: Most reopens one ticket can plausibly have; more is a data error. [count]
MAX_REOPENS = 100
#: Most bytes a gzip-compressed file may expand to. Decompression is streamed
#: and stops with a :class:`BaselineError` once the output passes this, so a
#: small "gzip bomb" (265 KB of zeros expand to 260 MB) cannot exhaust memory.
#: 1 GB of CSV is millions of tickets, far more than an app upload
#: (``MAX_UPLOAD_BYTES``, 200 MB) of real exports expands to; reading it already
#: needs several GB in pandas. ``read_export(..., max_expanded_bytes=)`` changes
#: it. [bytes]
MAX_EXPANDED_BYTES = 1_000_000_000
#: Bytes decompressed per step while streaming a gzip file.
_GZIP_CHUNK = 1 << 20
#: Dates outside [start, end) are placeholders or typos. [UTC]
DATE_RANGE = (pd.Timestamp("1990-01-01"), pd.Timestamp("2100-01-01"))
#: Days within which a customer's next contact counts as a repeat of the same issue.
DEFAULT_REPEAT_WINDOW_DAYS = 7

#: Why a row is set aside, in report order.
REASONS: dict[str, str] = {
    "malformed_line": "the line has more fields than the header (often an unquoted comma)",
    "date_missing": "no creation date (required)",
    "date_unparseable": "not a recognisable date",
    "date_out_of_range": f"date before {DATE_RANGE[0]:%Y} or from {DATE_RANGE[1]:%Y} on",
    "resolved_before_created": "resolved before it was created",
    "duration_unparseable": "not a recognisable duration",
    "duration_negative": "negative duration",
    "duration_too_long": "duration longer than its limit (8 h for a handle time unless "
                         "changed)",
    "score_off_scale": "score not a whole number on its scale",
    "channel_unknown": "channel empty or not recognised",
    "reopens_invalid": f"reopen count not a whole number from 0 to {MAX_REOPENS}",
    "duplicate_id": "ticket id already on an earlier row",
    "outcome_unknown": "call outcome not recognised as answered or abandoned",
    "flag_invalid": "not yes or no",
}

_CSAT_WORDS = {"good": 5.0, "bad": 1.0}
_NOT_ANSWERED = {"offered", "unoffered", "not offered", "not answered", "no rating"}
#: Yes/no words of flag columns (resolved at first contact), in English, Russian, Chinese.
_FLAG_WORDS = {"true": 1.0, "yes": 1.0, "y": 1.0, "false": 0.0, "no": 0.0, "n": 0.0,
               "да": 1.0, "нет": 0.0, "是": 1.0, "否": 0.0, "resolved": 1.0,
               "not resolved": 0.0, "решено": 1.0, "не решено": 0.0, "已解决": 1.0,
               "未解决": 0.0}
#: Words of a call's outcome: answered (1) or abandoned (0).
_OUTCOME_WORDS = {
    1.0: ("answered", "handled", "completed", "complete", "connected", "accepted", "served",
          "transferred", "success", "successful", "ok", "answer", "отвечен", "отвечено",
          "принят", "принято", "обслужен", "обслужено", "соединен", "успешно",
          "接通", "已接通", "已接听", "接听", "成功", "已处理"),
    0.0: ("abandoned", "abandon", "missed", "unanswered", "not answered", "no answer",
          "dropped", "hung up", "lost", "abandoned in queue", "caller abandoned",
          "пропущен", "пропущенный", "потерян", "потерянный", "брошен", "не отвечен",
          "сброшен", "未接通", "未接", "放弃", "呼损", "未接听", "挂断"),
}
_OUTCOME_LOOKUP = {w: v for v, words in _OUTCOME_WORDS.items() for w in words}
#: Ids that stand for "no id" (after case folding).
PLACEHOLDER_IDS = frozenset({
    "0", "00", "000", "0000", "-1", "-", "--", "n/a", "na", "n.a.", "none", "null", "nil",
    "nan", "unknown", "anonymous", "anon", "not available", "no id", "guest", "?", "x",
    "неизвестно", "неизвестен", "аноним", "нет", "未知", "匿名", "无", "空"})
_BOOL = {"true": 1.0, "yes": 1.0, "y": 1.0, "false": 0.0, "no": 0.0, "n": 0.0}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SAMPLE = 2000


class BaselineError(ValueError):
    """An export that cannot be used at all; ``problems`` lists every reason.

    Row-level problems never raise: they are set aside in the
    :class:`TicketExport`.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(f"{source}: {n} problem{'s' if n != 1 else ''}:\n"
                         + "\n".join(f"  {p}" for p in self.problems))


# -- names ------------------------------------------------------------------------------------

def normalise_header(name) -> str:
    """A column name reduced to lower-case words: case, punctuation and camelCase ignored.

    >>> [normalise_header(x) for x in ("Created at", "created_at", "CreatedAt")]
    ['created at', 'created at', 'created at']
    >>> normalise_header("Date/Time Opened"), normalise_header("Handle Time (sec)")
    ('date time opened', 'handle time sec')
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", _ascii(name))
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def _ascii(text) -> str:
    """Accents folded, letters of every script kept: "Téléphone" → "Telephone",
    "Телефон" stays, full-width "（秒）" → "(秒)"."""
    text = str(text)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _header_unit(name) -> str | None:
    """The unit a column name names (``"AHT (min)"`` → ``"minutes"``), or None."""
    for token in reversed(normalise_header(name).split()):
        if token in _UNITS:
            return _UNITS[token]
    return None


def _header_variants(name) -> list[tuple[str, int]]:
    """Forms of a column name to look up, with a penalty for each step away from it."""
    full = normalise_header(name)
    bare = normalise_header(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(name)))
    out = [(full, 0), (bare, 1)]
    for text, pen in list(out):
        words = text.split()
        while words and words[-1] in _UNITS:  # "handle time seconds", "aht in minutes"
            words = words[:-1]
            if words and words[-1] == "in":
                words = words[:-1]
            out.append((" ".join(words), pen + 1))
    for text, pen in list(out):
        words = text.split()
        if len(words) > 1 and words[0] in _PREFIXES:
            out.append((" ".join(words[1:]), pen + 2))
    return [(t, p) for t, p in out if t]


_NAME_RANK = {f: {normalise_header(n): i for i, n in enumerate(names)}
              for f, names in HEADER_NAMES.items()}
#: Handle-time names that are a talk time (see :func:`detect_mapping`).
_TALK_NAMES = frozenset(normalise_header(n) for n in HEADER_NAMES["talk_time"])


def detect_mapping(columns, mapping: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Which column holds each canonical field: ``{field: column}``.

    ``mapping`` entries win; ``None`` leaves a field out. Other fields are
    matched by name (:data:`HEADER_NAMES`), the best-ranked name first, each
    column used once. Raises :class:`BaselineError` for unknown fields or
    columns in ``mapping``.

    >>> detect_mapping(["Ticket ID", "Created at", "Solved at", "Via", "Satisfaction Score"])
    {'ticket_id': 'Ticket ID', 'created': 'Created at', 'resolved': 'Solved at', \
'channel': 'Via', 'csat': 'Satisfaction Score'}
    >>> detect_mapping(["CALL ID", "START TIME", "HANDLE TIME", "ANI"], {"ticket_id": None})
    {'created': 'START TIME', 'handle_time': 'HANDLE TIME', 'customer': 'ANI'}
    """
    columns = [str(c) for c in columns]
    mapping = dict(mapping or {})
    problems, out = [], {}
    for key, col in mapping.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), list(FIELDS), n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"mapping: unknown field {key!r}{hint}; fields are "
                            + ", ".join(FIELDS))
        elif col is not None:
            found = _find_column(str(col), columns)
            if found is None:
                close = difflib.get_close_matches(str(col), columns, n=1, cutoff=0.5)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(Message("baseline.read.no_such_column",
                                        f"mapping: {key} → {col!r}: no such column{hint}",
                                        field=key, column=str(col)))
            else:
                out[key] = found
    if problems:
        raise BaselineError("mapping", problems)
    used = set(out.values())
    best: dict[str, tuple[int, str]] = {}
    variants = {c: _header_variants(c) for c in columns}
    for f in HEADER_NAMES:
        if f in mapping:
            continue
        ranks = _NAME_RANK[f]
        scores = [(ranks[t] * 10 + p, i, c) for i, c in enumerate(columns) if c not in used
                  for t, p in variants[c] if t in ranks]
        if scores:
            _, _, col = min(scores)
            best[f] = col
            used.add(col)
    out.update(best)
    if ("handle_time" in best and "talk_time" not in out
            and ("hold_time" in out or "wrap_time" in out)
            and any(t in _TALK_NAMES for t, _ in variants[best["handle_time"]])):
        out["talk_time"] = out.pop("handle_time")  # handle time = talk + hold + wrap-up
    return {f: out[f] for f in FIELDS if f in out}


def _find_column(name: str, columns: list[str]) -> str | None:
    if name in columns:
        return name
    same = [c for c in columns if normalise_header(c) == normalise_header(name)]
    return same[0] if len(same) == 1 else None


def _norm_label(label) -> str:
    """A value reduced to lower-case words (no camelCase split: "WhatsApp" is one word)."""
    return re.sub(r"[\W_]+", " ", _ascii(label)).strip().casefold()


def channel_of(label, channel_map: Mapping[str, str] | None = None) -> str | None:
    """The catalog channel a label names, or None if it names none.

    >>> [channel_of(x) for x in ["Phone call (incoming)", "Web form", "WhatsApp", "Answer Bot"]]
    ['phone', 'email', 'chat', 'self_service']
    >>> channel_of("Fax") is None, channel_of("Walk-in", {"walk in": "phone"})
    (True, 'phone')
    """
    text = _norm_label(label) if label is not None else ""
    if channel_map:
        for key, value in channel_map.items():
            if _norm_label(key) == text:
                return value
    if not text:
        return None
    padded = f" {text} "
    best, best_len = None, 0
    for ch in CHANNELS:
        for phrase in _CHANNEL_PHRASES[ch]:
            if len(phrase) > best_len and (f" {phrase} " in padded
                                           or (_CJK.search(phrase) and phrase in text)):
                best, best_len = ch, len(phrase)
    return best


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CHANNEL_PHRASES = {ch: tuple(_norm_label(p) for p in _CHANNEL_WORDS[ch] + (ch,))
                    for ch in CHANNELS}




def outcome_of(label) -> float:
    """1.0 for an answered call's outcome label, 0.0 for an abandoned one, NaN if neither.

    >>> outcome_of("Answered"), outcome_of("ABANDONED in queue"), outcome_of("Пропущен")
    (1.0, 0.0, 0.0)
    """
    if label is None or (isinstance(label, float) and label != label):
        return float("nan")
    text = _norm_label(label)
    return _OUTCOME_LOOKUP.get(text, float("nan"))


def is_placeholder_id(value) -> bool:
    """Whether an id stands for "no id" (``0``, ``unknown``, ``n/a``, ``неизвестно``, ...)."""
    return value is None or str(value).strip().casefold() in PLACEHOLDER_IDS
