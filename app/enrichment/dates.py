"""Dates as news pages write them: "2025-02-24", "02/24/2025 12:00 PM EST", "15. May 2025",
"21st February 2022", "Mar 4, 2023", "GMT 14:05 2019 Tuesday ,12 March".

Month and weekday names are a closed vocabulary; nothing here depends on the date of today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTH_NAMES = (
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
MONTH_NUM = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAYS = r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|\.)?"
# One date written in full. The day may carry an ordinal or a German-style period
# ("21st February 2022", "15. May 2025"); numeric forms keep their order for parse_date.
DATE_TOKEN = (
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}"
    rf"|{_DAY}\s*(?:of\s+)?{MONTHS}\s*,?\s+\d{{4}}"
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}})"
)
DATE_RE = re.compile(DATE_TOKEN, re.IGNORECASE)
# A clock time and what goes with it: "12:00 PM EST", "14:50", "02:12 pm", "17:24 IST"
TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?P<ampm>[ap]\.?m\.?))?(?:\s*(?P<tz>[A-Z]{2,5}\b))?",
    re.IGNORECASE,
)
# Zones of the countries that write the month first (the United States, Canada)
_MONTH_FIRST_ZONES = frozenset(
    ["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "ET", "PT", "CT"]
)
_TOKEN_RE = re.compile(r"[A-Za-z]+|\d+")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")


def _numeric(a: int, b: int, year: int, month_first: bool) -> date:
    """ "09/05/2025": ambiguous; most of the world writes the day first, the US the month."""
    if a > 12:
        return date(year, b, a)
    if b > 12:
        return date(year, a, b)
    return date(year, a, b) if month_first else date(year, b, a)


def month_first_hint(context: str) -> bool:
    """A 12-hour clock or a North American time zone next to the date: month first."""
    m = TIME_RE.search(context)
    if not m:
        return False
    tz = (m.group("tz") or "").upper()
    return bool(m.group("ampm")) or tz in _MONTH_FIRST_ZONES


def parse_date(token: str, *, month_first: bool = False) -> date | None:
    """One date (a DATE_TOKEN match or a short date line) -> date, or None."""
    token = token.strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", token)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", token)
        if m:
            a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            # dots and hyphens are European ("04.11.2025"); slashes follow the hint
            return _numeric(a, b, y, month_first and m.group(2) == "/")
        return _words_date(token)
    except ValueError:
        return None


def _words_date(text: str) -> date | None:
    """A month name, a day (1-31) and a year (19xx/20xx) in any order, times left out."""
    text = TIME_RE.sub(" ", text)
    words = _TOKEN_RE.findall(text)
    month = next((MONTH_NUM[w.lower()] for w in words if w.lower() in MONTH_NUM), None)
    if month is None:
        return None
    years = [int(w) for w in words if _YEAR_RE.match(w)]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31]
    if len(years) != 1 or not days:
        return None
    try:
        return date(years[0], month, days[0])
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full date written in `text`, with its span."""
    for m in DATE_RE.finditer(text):
        got = parse_date(m.group(0), month_first=month_first_hint(text[m.end() : m.end() + 24]))
        if got:
            return got, m.start(), m.end()
    return None


# Words a date line may hold besides the date: labels, weekdays, zones, separators
_DATE_LABEL_RE = re.compile(
    r"\b(?:published|posted|updated|last|date|dated|on|at|created|modified|first|"
    r"originally|am|pm|a\.m|p\.m|gmt|utc|(?-i:[A-Z]{2,4}T?))\b|" + WEEKDAYS,
    re.IGNORECASE,
)
_UPDATED_RE = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)
_PUBLISHED_RE = re.compile(r"\b(?:published|posted|created|first|released|dated)\b", re.I)
_NOTICE_RE = re.compile(
    rf"\b(?:first|originally)\s+(?:published|appeared|posted|ran)\b[^.\n]{{0,80}}?"
    rf"(?P<date>{DATE_TOKEN})",
    re.IGNORECASE,
)
# "London, June 25, 2020 (WIRE) --", "Paris, 3 March 2025 -": a dateline opening the text
_DATELINE_RE = re.compile(
    rf"^(?-i:[A-Z])[\w .:'\u2019-]{{1,40}},\s+(?P<date>{DATE_TOKEN})\s*(?:\(|--|[-\u2013\u2014:])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateLine:
    """A line that states a date: `kind` is published (labelled so), updated, or plain."""

    value: date
    kind: str


def _leftover_words(text: str) -> int:
    text = TIME_RE.sub(" ", text)
    text = _DATE_LABEL_RE.sub(" ", text)
    return len(re.findall(r"[^\W\d_]{2,}", text))


def date_line(line: str) -> DateLine | None:
    """A short line that is a date and little else: "Published 07/09/2024, 09:41",
    "Posted on 02 Jul 2025", "GMT 14:05 2019 Tuesday ,12 March", "Oct 21, 2023 2 min"."""
    if len(line) > 90:
        return None
    found = find_date(line)
    if found:
        value, start, end = found
        rest = line[:start] + " " + line[end:]
        if _leftover_words(rest) > 2:
            return None
    else:
        if _leftover_words(line) > 1 or len(line.split()) > 8:
            return None
        got = _words_date(line)
        if got is None:
            return None
        value, start = got, len(line)
    label = line[:start]
    if _UPDATED_RE.search(label):
        kind = "updated"
    elif _PUBLISHED_RE.search(label):
        kind = "published"
    else:
        kind = "plain"
    return DateLine(value, kind)


def split_date(lines: list[str]) -> date | None:
    """A date printed one part a line ("27", "Mar", "2024"): the first lines, joined."""
    if len(lines) < 3 or any(len(x.split()) > 1 for x in lines[:3]):
        return None
    return _words_date(" ".join(lines[:3]))


def publication_notice(text: str) -> date | None:
    """ "This report first appeared on June 3, 2022", "originally appeared ... on ..."."""
    m = _NOTICE_RE.search(text)
    return parse_date(m.group("date")) if m else None


def dateline(text: str) -> date | None:
    m = _DATELINE_RE.match(text)
    if not m:
        return None
    after = text[m.end("date") : m.end("date") + 24]
    return parse_date(m.group("date"), month_first=month_first_hint(after))
