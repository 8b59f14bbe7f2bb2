"""Who wrote an article: bylines and credit lines as news pages print them.

Header bylines ("By Jane Doe", "By: Jane Doe and John Roe", "By Jane Doe | 02/24/2025 12:00 PM
EST", "by | 15. May 2025 - 11:05 | Politics" with no name), wire-service credits at the end
("(Reporting by Jane Doe; Editing by John Roe)", "- Jane Doe, (c) 2025 Bloomberg LP") and a
header line that is only names ("Jane Doe and John Roe"). A name is a run of capitalised
words: "By the numbers" and "By country, ..." are not bylines, "By The Daily Planet" is an
outlet, "By Reuters" an agency, and neither is a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.enrichment.dates import MONTH_NUM, MONTHS

# A capitalised name word: "Jane", "O'Neil", "Dela", "J.", "Mary-Ann"; particles may be lower
_NAME_WORD = r"(?>[A-Z][a-z]*\.|[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*|[A-Z]{1,2}\.?)"
_PARTICLE = r"(?:de|da|del|della|van|von|der|den|bin|al|la|le|du|dos|do)"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{1,3}}"
# "Jane Doe", "Jane Doe and John Roe", "Ann Lee, Bo Ray and Cy Tam", "Ann Lee, Bo Ray, Cy Tam"
_PEOPLE = rf"{_PERSON}(?:\s*,\s*{_PERSON})*(?:,?\s+(?:and|&)\s+{_PERSON})?"
_PEOPLE_RE = re.compile(_PEOPLE)

_BYLINE_LABEL_RE = re.compile(
    r"^(?:by|written by|words by|story by|text by|reporting by|authors?|byline)\s*:?\s*",
    re.IGNORECASE,
)
# What may follow the names on a byline: a separator and a date or section, an outlet
_AFTER_NAMES_RE = re.compile(
    r"^\s*(?:$|[|\u2013\u2014\u2022\u00b7]|-\s|,|;|\bfor\b|\bin\b|\bat\b|\bon\b|\bupdated\b|"
    rf"\bpublished\b|\bposted\b|\d|{MONTHS}\s+\d)",
    re.IGNORECASE,
)
# Wire credits: "(Reporting by A and B; Editing by C)", "(By A; Editing by C)",
# "(Reporting and writing by A, B, C; editing by D)", "Reporting by A in City; ..."
_CREDIT_RE = re.compile(
    r"(?:^|\()\s*(?:(?:reporting|writing|written)(?:\s+and\s+(?:writing|editing|reporting))?"
    r"\s+by|by)\s+(?P<names>[^;()\n]+?)\s*(?:;|\)|,\s*(?:[a-z]+\s+)?(?:editing|writing|compiled)\b|$)",
    re.IGNORECASE,
)
# "- Jane Doe, (c) 2025 Bloomberg LP", "\u2014 Jane Doe, \u00a9 Example News"
_SIGNED_COPYRIGHT_RE = re.compile(
    rf"[\u2014\u2013-]\s*(?P<names>{_PEOPLE})\s*,?\s*(?:\([cC]\)|\u00a9|(?i:copyright))"
)
_AGENCIES = frozenset(
    ["reuters", "ap", "afp", "bloomberg", "xinhua", "tass", "pti", "ians", "ani", "dpa", "efe"]
)
_AGENCY_LINE_RE = re.compile(
    r"^[\w .'\u2019-]{1,30}?\s*(?:[-\u2013\u2014\u2022|:]\s*\(?|\()(?P<a>[A-Za-z]{2,10})\)?"
    r"\s*[-\u2013\u2014:]?$"
)
# Capitalised function words: "Notes From the Road and Other Essays" is no list of names
_TITLE_WORDS = frozenset(
    {"On", "In", "Of", "The", "A", "An", "And", "For", "To", "At", "With", "From", "As"}
    | {"Is", "Are", "How", "Why", "What", "When", "New", "Not", "No"}
)
_ORG_WORDS_RE = re.compile(
    r"\b(?:news|staff|team|desk|editors?|reporters?|correspondents?|agency|agencies|press|"
    r"media|group|service|services|newsroom|bureau|online|magazine|times|post|journal|"
    r"communications|inc|ltd|llc|plc)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline found on a line: the people (None when it names none) and the rest of
    the line after them (a date, a section, an outlet), for the date finder."""

    author: str | None
    rest: str


# "JANE DOE" as some sites print bylines: checked as "Jane Doe", kept as printed
_CAPS_NAMES_RE = re.compile(r"\s*(?P<names>[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){1,3})\b")


def _without_trailing_month(names: str) -> str:
    """ "Jane Doe September": a date follows the name on the same line."""
    words = names.split()
    while len(words) > 2 and words[-1].lower().strip(".") in MONTH_NUM:
        words.pop()
    return " ".join(words)


def _caps_people(text: str) -> str | None:
    """Names printed in capitals, as printed, when they read as names in title case."""
    m = _CAPS_NAMES_RE.match(text)
    if not m:
        return None
    names = m.group("names")
    titled = _people(names.title(), lists=False)
    return names if titled is not None and titled == names.title() else None


def _people(text: str, *, lists: bool) -> str | None:
    """The leading names of `text`, or None when it does not start with a person's name.

    Without `lists`, a comma ends the names unless "and" closes a list ("A, B and C"):
    "Jane Doe, Mining Editor" is one person with a job title."""
    m = _PEOPLE_RE.match(text)
    if not m:
        return None
    names = m.group(0)
    if not lists and "," in names and not re.search(r"\s(?:and|&)\s", names):
        names = names.split(",")[0]
    names = _without_trailing_month(names.strip())
    first = names.split()[0]
    if first.lower() in {"the", "a", "an", "our", "staff"} or _ORG_WORDS_RE.search(names):
        return None  # "By The Daily Planet", "By Staff Reporter": an outlet, not a person
    return names


def parse_byline(line: str) -> Byline | None:
    """A byline at the start of `line` ("By ..."), or None. `author` is None when the
    byline names nobody ("by | 15. May 2025") or only an agency or outlet."""
    m = _BYLINE_LABEL_RE.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    names = _people(rest, lists=False) or _caps_people(rest)
    if names is None:
        # an empty author ("by | ...") or an outlet/agency; anything else is prose
        if re.match(r"^\s*(?:[|\u2013\u2014-]|$)", rest):
            return Byline(None, rest)
        word = re.match(r"[\w.&' -]{1,40}?(?=\s*(?:[|,\u2013\u2014]|$))", rest)
        if word and _TEAM_RE.fullmatch(word.group(0).strip()):
            # "By The Mining Desk Team", "By Agency Staff": the byline credits a team
            return Byline(word.group(0).strip(), rest[word.end() :])
        if word and (word.group(0).split()[0] in {"The"} or _ORG_WORDS_RE.search(word.group(0))):
            return Byline(None, rest[word.end() :])
        if word and word.group(0).strip().lower() in _AGENCIES:
            return Byline(None, rest[word.end() :])
        return None
    after = rest[rest.find(names) + len(names) :]
    if not _AFTER_NAMES_RE.match(after):
        return None  # "By Friday, officials said ...": prose starting with "By"
    return Byline(names, after)


# A team credited on a byline or after a dateline's time, as printed.
_TEAM_RE = re.compile(r"(?:The\s+)?(?:[A-Z][\w&'-]*\s+){1,3}(?:Team|Staff|Desk|Newsroom)")
# "14 May 2024 - 09:10 Wire Staff", "02/24/2025 12:00 PM EST Jane Doe": who follows the time
_AFTER_TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?\s+(?P<who>[A-Z][^|]{2,60})$"
)


def credit_after_time(line: str) -> str | None:
    """The person or team a dateline credits after its time, or None."""
    m = _AFTER_TIME_RE.search(line)
    if m is None:
        return None
    who = m.group("who").strip()
    if _TEAM_RE.fullmatch(who):
        return who
    names = _people(who, lists=True)
    return names if names == who else None


def names_line(line: str) -> str | None:
    """A header line that is only people's names joined by "and" ("Jane Doe and John Roe")."""
    m = _PEOPLE_RE.fullmatch(line.strip())
    if not m or not re.search(r"\s(?:and|&)\s", line):
        return None
    if any(w in _TITLE_WORDS for w in line.split()):
        return None
    return _people(line.strip(), lists=True)


def credit(line: str) -> str | None:
    """The reporters of a wire credit line at the end of an article, or None."""
    for m in _CREDIT_RE.finditer(line):
        names = _people(m.group("names").strip(), lists=True)
        if names and not re.match(r"\s*additional\b", line[max(0, m.start() - 12) : m.start()]):
            return names
    signed = _SIGNED_COPYRIGHT_RE.search(line)
    return _people(signed.group("names"), lists=True) if signed else None


# "Jane Doe is a senior fellow at ...": an author's note opening or closing the piece
_BIO_RE = re.compile(
    rf"^(?P<names>{_PERSON}) (?:is|was) an? (?:[\w-]+ ){{0,3}}?(?:fellow|researcher|analyst|"
    r"reporter|correspondent|journalist|writer|editor|columnist|professor|lecturer|student|"
    r"economist|consultant|contributor|director|partner)\b"
)


def bio_line(line: str) -> str | None:
    """The author an author's note names ("Jane Doe is a research fellow at ..."), or None."""
    m = _BIO_RE.match(line)
    return _people(m.group("names"), lists=False) if m else None


def agency_line(line: str) -> bool:
    """ "Dublin - AFP", "Santiago (AFP) -", "Kyiv \u2022 UNN": a place and a wire service."""
    m = _AGENCY_LINE_RE.match(line)
    return bool(m and (m.group("a").lower() in _AGENCIES or m.group("a").isupper()))


def agency(text: str) -> str | None:
    """ "BEIJING (Reuters) -", "(AP) -": the wire service credited in a dateline."""
    m = re.search(r"\((?P<a>[A-Za-z]{2,10})\)\s*[-\u2013\u2014]", text)
    if m and m.group("a").lower() in _AGENCIES:
        return m.group("a")
    return None


__all__ = [
    "Byline",
    "agency",
    "agency_line",
    "bio_line",
    "credit",
    "names_line",
    "parse_byline",
]
