"""The headline of a page given as plain text.

A page often opens with chrome (menus, "Skip to content", the site's name, a promotion, other
stories' headlines) before the headline, and puts a standfirst, byline and date between the
headline and the body. So the headline is looked for backwards from where the body starts:
the nearest line shaped like a headline above the first body paragraph, passing over bylines,
dates, captions, labels and standfirst sentences.
"""

from __future__ import annotations

import re

from app.enrichment.dates import find_date

_MAX_WORDS = 40
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2026")
# "You're reading: <headline>": a reader prompt before the headline (stripped)
_READING_PREFIX_RE = re.compile(r"^(?:you(?:'|\u2019)?re|you are|now)\s+reading\s*:\s*", re.I)
# "Home » News » <headline>", "Home > Markets > Metals": a breadcrumb
_BREADCRUMB_RE = re.compile(r"\s[\u00bb>\u203a/|]\s")
# "Photo by ...", "Image: ...", "(Photo: ...)", "Credit: REUTERS/...": a picture's credit
_CAPTION_RE = re.compile(
    r"^\(?(?:photo|image|picture|credit|source|file photo|pictured|courtesy)\b"
    r"|\bphoto(?:graph)?s?\b"
    r"|\bcourtesy of\b|\bcc[ -]by\b|\b(?:getty images|shutterstock|reuters/|afp/|ap photo)",
    re.IGNORECASE,
)
# a credit anywhere in the line: "Mine site. (Image courtesy of X.)", "Jane Doe, example.de"
_CREDIT_ANYWHERE_RE = re.compile(
    r"\((?:image|photo|picture|file photo)\b|\bcourtesy of\b|\b(?:getty images|shutterstock)\b"
    r"|,\s*[\w-]+\.(?:[a-z]{2,3}|com|org|net|info)$",
    re.IGNORECASE,
)
# "Dublin - AFP", "Santiago (AFP) -", "Kyiv \u2022 UNN": a dateline credit, not a headline
_CREDIT_LINE_RE = re.compile(
    r"^[\w .'\u2019-]{1,30}(?:\s[-\u2013\u2014\u2022|]\s*|\s*\()[A-Z]{2,8}\)?\s*[-\u2013\u2014]?$"
)
_BULLET_RE = re.compile(r"^[\u2022*\u00b7\u25cf\u25aa-]\s")
# "• 3 minutes <headline>", "5 hours ago", "2 min read": a list of other stories or a label
_TIMESTAMPED_RE = re.compile(
    r"^(?:[\u2022*\u00b7-]\s*)?\d+\s*(?:min(?:ute)?s?|hours?|days?|h|m)\b(?:\s+(?:ago|read))?",
    re.I,
)
# a line cut by a fixed-width wrap ends on a word that cannot end a headline
_HANGING_END_RE = re.compile(
    r"\b(?:the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|as|its|their|that|will|is|"
    r"are|was|were|has|have)$",
    re.IGNORECASE,
)


def is_body_line(line: str) -> bool:
    """A paragraph of the article: a sentence of some length, or a long line."""
    n = len(line.split())
    return (n >= 12 and line.endswith(_SENTENCE_END)) or n >= 40


def body_start(lines: list[str]) -> int:
    """The first paragraph of the body: a body line with another one close below it (a
    site's blurb or a long headline stands alone among short lines), else the first."""
    first: int | None = None
    for i, line in enumerate(lines):
        if not is_body_line(line):
            continue
        if first is None:
            first = i
        if i + 1 == len(lines) or any(is_body_line(x) for x in lines[i + 1 : i + 3]):
            return i
    return len(lines) if first is None else first


def headline_shaped(line: str) -> bool:
    """Could be a headline: a few words to a long sentence, not a label or a caption."""
    words = line.split()
    if not 3 <= len(words) <= _MAX_WORDS or line.endswith((":", ",", ";")):
        return False
    if _BREADCRUMB_RE.search(line) or _CAPTION_RE.match(line) or _TIMESTAMPED_RE.match(line):
        return False
    if _CREDIT_ANYWHERE_RE.search(line):
        return False
    if line[:1].islower() or _HANGING_END_RE.search(line) or _BULLET_RE.match(line):
        return False
    if _CREDIT_LINE_RE.match(line) or len(_WORD_RE.findall(line)) < 3:
        return False
    return sum(ch.isalpha() for ch in line) >= len(line) / 2


def masthead(line: str) -> bool:
    """ "MINING WEEKLY SA", "Trade Policy Watch": a site or section name, not a headline."""
    words = line.split()
    return len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def strip_prompt(line: str) -> str:
    """The line without a reader prompt or the dates a page prints before its headline
    ("05/14/2024 May 14, 2024 <headline>")."""
    line = _READING_PREFIX_RE.sub("", line)
    while (found := find_date(line)) is not None and found[1] == 0 and found[2] < len(line):
        line = line[found[2] :].lstrip(" ,|-\u2013\u2014")
    return line


def choose_title(lines: list[str], meta: list[bool], body_start: int) -> str | None:
    """The headline among `lines[:body_start]`. `meta[i]` marks a line already known as
    chrome, a byline or a date. A headline ending with a full stop is taken only when a
    byline or date follows it (otherwise it is a standfirst or a caption)."""
    below_meta = False
    found: str | None = None
    for i in range(body_start - 1, -1, -1):
        line = strip_prompt(lines[i])
        if meta[i]:
            below_meta = True
            continue
        if not headline_shaped(line):
            continue
        if not line.endswith(_SENTENCE_END[:3]) or line.endswith("?"):
            return _upper(lines, meta, i) or line
        if below_meta and _next_is_meta(meta, i) and found is None:
            found = line
    return found


def _upper(lines: list[str], meta: list[bool], i: int) -> str | None:
    """The line right above a headline candidate when it is the headline and the
    candidate its subheading or a breadcrumb ending with it ("Home News <headline>")."""
    if i == 0 or meta[i - 1]:
        return None
    above = strip_prompt(lines[i - 1])
    if not headline_shaped(above) or above.endswith((".", "!")) or masthead(above):
        return None
    return above


def _next_is_meta(meta: list[bool], i: int) -> bool:
    return i + 1 < len(meta) and meta[i + 1]
