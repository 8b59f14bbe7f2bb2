"""Article metadata: title, publication date, author, outlet and cited sources.

The page's own lines (Cleaned.source) are read first: the head up to the first body
paragraph and a little beyond it (headline, byline, date lines), and the foot (wire credits,
"first published" notices). The clean filter's header lines and, for HTML, trafilatura's
metadata (og: and article: tags, JSON-LD, htmldate) fill what the text does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.enrichment import bylines, dates
from app.enrichment.clean import Cleaned, is_chrome
from app.enrichment.dates import parse_date
from app.enrichment.titles import body_start, choose_title, is_body_line

_HEAD_LINES = 60  # lines of the page's head read for the headline, byline and date
_AFTER_BODY = 6  # lines past the first body paragraph still read for a byline or date
_FOOT_LINES = 15  # lines at the end read for wire credits
# "Published by Example Review": the publisher, not the author
_PUBLISHER_RE = re.compile(r"^(?:published|posted|distributed|syndicated)\s+(?:by|via)\b", re.I)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w&'\u2019-]*)"
_ACCORDING_RE = re.compile(
    rf"\baccording to (?:the |a |an )?(?P<src>{_NAME_WORD}(?: {_NAME_WORD}| of| for| and){{0,6}})"
)
_OUTLET_COPYRIGHT_RE = re.compile(r"^(?P<name>[\w .&'-]{2,40}?)\s*(?:\u00a9|\(c\)|copyright)", re.I)
_OUTLET_AFTER_RE = re.compile(r"(?:\u00a9|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w .&'-]{1,40})")
_DATELINE_AGENCY_RE = re.compile(r"^[A-Z][A-Z .'-]+\((?P<agency>AP|AFP|Reuters|Bloomberg)\)")
_TRAILING_PUNCT = " .,;:-\u2013\u2014"


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    published: date | None
    author: str | None
    outlet: str | None
    cited_sources: tuple[str, ...]


def _masthead(words: list[str]) -> bool:
    """ "MINING WEEKLY SA", "Trade Policy Watch", "Home & Table": a site name, not a headline."""
    if len(words) > 4:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in {"&", "|", "-", "+"} for w in words)


def _first_line_title(text: str) -> str | None:
    masthead: str | None = None
    for line in text.split("\n")[:8]:
        line = line.strip()
        if not line:
            continue
        words = line.split()
        if len(words) < 3 or line.endswith(":"):
            continue
        ends = line[-1] in ".!?\"'\u201d"
        if len(words) <= 20 and (not ends or len(words) <= 15):
            if masthead is None and _masthead(words):
                masthead = line  # a headline may follow the site name
                continue
            return line
        break  # the article starts with body text: no headline in it
    return masthead


def _author_names(value: str) -> str:
    """ "Priya Raman; Li Wei" (HTML metadata) -> "Priya Raman and Li Wei"."""
    names = [n.strip() for n in value.split(";") if n.strip()]
    if len(names) < 2:
        return value
    return ", ".join(names[:-1]) + " and " + names[-1]


def _outlet(cleaned: Cleaned, text: str) -> str | None:
    for line in cleaned.header:
        if line.kind != "outlet":
            continue
        m = _OUTLET_COPYRIGHT_RE.match(line.value) or _OUTLET_AFTER_RE.search(line.value)
        name = (m.group("name") if m else line.value).strip(_TRAILING_PUNCT)
        if name:
            return name
    for line in cleaned.header:
        if line.kind == "source":
            return line.value
    if cleaned.html_meta.get("sitename"):
        return cleaned.html_meta["sitename"]
    m = _DATELINE_AGENCY_RE.search(text[:2000]) or re.search(
        r"\((?P<agency>AP|AFP|Reuters)\)", text[:3000]
    )
    return m.group("agency") if m else None


@dataclass(slots=True)
class _PageFacts:
    """What the page's head and foot state, before the fallbacks."""

    title: str | None = None
    published: date | None = None
    author: str | None = None
    byline_seen: bool = False  # a byline was printed, even one without a name


def _lines(source: str) -> list[str]:
    out = []
    for raw in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES_RE.sub(" ", raw).strip()
        if line:
            out.append(line)
    return out


def _read_head(lines: list[str], facts: _PageFacts) -> None:
    body = body_start(lines)
    stop = min(len(lines), body + _AFTER_BODY)
    meta = [False] * stop
    dated: list[dates.DateLine] = []
    for i in range(stop):
        line = lines[i]
        if i >= body and is_body_line(line):
            # a paragraph may open with its byline or dateline: "By X for Y | Text ..."
            by = bylines.parse_byline(line)
            if by and by.author and facts.author is None and "|" in line[:120]:
                facts.author, facts.byline_seen = by.author, True
            if facts.author is None and not facts.byline_seen:
                facts.author = bylines.bio_line(line)
            if facts.published is None and not dated:
                facts.published = dates.dateline(line)
            continue
        by = bylines.parse_byline(line) if len(line.split()) <= 14 else None
        if by is not None:
            meta[i] = True
            if not facts.byline_seen:
                facts.author, facts.byline_seen = by.author, True
            found = dates.date_line(by.rest.strip(" |-\u2013\u2014,;")) if by.rest else None
            if found:
                dated.append(found)
            continue
        found = dates.date_line(line)
        if found is None and i + 2 < stop:
            split = dates.split_date(lines[i : i + 3])
            if split:
                found = dates.DateLine(split, "plain")
                meta[i + 1 : i + 3] = [True, True]
        if found:
            meta[i] = True
            dated.append(found)
            credited = bylines.credit_after_time(line) if not facts.byline_seen else None
            if credited:
                facts.author, facts.byline_seen = credited, True
            continue
        if i < body and not facts.byline_seen and bylines.names_line(line):
            meta[i] = True
            facts.author, facts.byline_seen = bylines.names_line(line), True
            continue
        if is_chrome(line) or _PUBLISHER_RE.match(line) or bylines.agency_line(line):
            meta[i] = True
    if dated:
        # "Published ..." over a bare date over "Updated ..."
        rank = {"published": 0, "plain": 1, "updated": 2}
        facts.published = min(dated, key=lambda d: rank[d.kind]).value
    facts.title = choose_title(lines, meta, min(body, stop))


def _read_foot(lines: list[str], facts: _PageFacts) -> None:
    foot = lines[-_FOOT_LINES:]
    if facts.author is None and not facts.byline_seen:
        for line in reversed(foot):
            name = bylines.credit(line) or bylines.bio_line(line)
            if name is None:
                by = bylines.parse_byline(line) if len(line.split()) <= 8 else None
                name = by.author if by else None
            if name:
                facts.author = name
                break
    if facts.published is None:
        for line in lines[:_FOOT_LINES] + foot:
            facts.published = dates.publication_notice(line)
            if facts.published:
                break


def _person(value: str | None) -> str | None:
    """A fallback byline ("By the numbers" from the filter, "Reuters" from HTML) is kept
    only when it names people."""
    if not value:
        return None
    by = bylines.parse_byline("By " + value)
    return by.author if by else None


def _html_date(value: str | None) -> date | None:
    return parse_date(value[:10]) if value else None


def extract_metadata(cleaned: Cleaned) -> Metadata:
    text = cleaned.text
    html = cleaned.html_meta
    facts = _PageFacts()
    lines = _lines(cleaned.source[:20_000]) if cleaned.source else []
    if lines:
        _read_head(lines[:_HEAD_LINES], facts)
        _read_foot(lines, facts)
    # HTML: the page's structured metadata is more reliable than its text's layout
    title = html.get("title") or facts.title or _first_line_title(text)
    published = _html_date(html.get("date")) or facts.published
    if published is None:
        published = next(
            (d for h in cleaned.header if h.kind == "date" for d in [parse_date(h.value)] if d),
            None,
        )
    author = _person(_author_names(html["author"])) if html.get("author") else None
    if author is None:
        author = facts.author
    if author is None and not facts.byline_seen:
        author = next((_person(h.value) for h in cleaned.header if h.kind == "byline"), None)
    sources: list[str] = []
    for m in _ACCORDING_RE.finditer(text):
        src = m.group("src").strip(_TRAILING_PUNCT)
        if src and src not in sources:
            sources.append(src)
    for h in cleaned.header:
        if h.kind == "source" and h.value not in sources:
            sources.append(h.value)
    return Metadata(title, published, author, _outlet(cleaned, text), tuple(sources))
