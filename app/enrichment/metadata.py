"""Article metadata: title, publication date, author, outlet and cited sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from app.enrichment.clean import DATE_TOKEN, Cleaned

_MONTH_NUM = {
    m: i
    for i, names in enumerate(
        [
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
        ],
        start=1,
    )
    for m in names
}
_DATE_RE = re.compile(DATE_TOKEN, re.IGNORECASE)
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


def parse_date(token: str) -> date | None:
    token = token.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
            return date.fromisoformat(token)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", token):
            d, m, y = (int(x) for x in token.split("."))  # "04.11.2025": day first
            return date(y, m, d)
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", token):
            a, b, y = (int(x) for x in token.split("/"))
            month, day = (a, b) if a <= 12 else (b, a)
            return date(y, month, day)
        words = re.findall(r"[A-Za-z]+|\d+", token)
        nums = [int(w) for w in words if w.isdigit()]
        months = [_MONTH_NUM[w.lower()] for w in words if w.lower() in _MONTH_NUM]
        if len(nums) >= 2 and months:
            year = max(nums)
            day = min(nums)
            return date(year, months[0], day)
    except ValueError:
        return None
    return None


def _masthead(words: list[str]) -> bool:
    """ "MINING WEEKLY SA", "Trade Policy Watch", "Home & Table": a site name, not a headline."""
    if len(words) > 4:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in {"&", "|", "-", "+"} for w in words)


def _title(text: str) -> str | None:
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


def extract_metadata(cleaned: Cleaned) -> Metadata:
    text = cleaned.text
    title = _title(text) or cleaned.html_meta.get("title")
    published: date | None = None
    for line in cleaned.header:
        if line.kind == "date":
            published = parse_date(line.value)
            if published:
                break
    if published is None and cleaned.html_meta.get("date"):
        try:
            published = datetime.fromisoformat(cleaned.html_meta["date"][:10]).date()
        except ValueError:
            published = None
    author = next((h.value for h in cleaned.header if h.kind == "byline"), None)
    if author is None and cleaned.html_meta.get("author"):
        author = _author_names(cleaned.html_meta["author"])
    sources: list[str] = []
    for m in _ACCORDING_RE.finditer(text):
        src = m.group("src").strip(_TRAILING_PUNCT)
        if src and src not in sources:
            sources.append(src)
    for h in cleaned.header:
        if h.kind == "source" and h.value not in sources:
            sources.append(h.value)
    return Metadata(title, published, author, _outlet(cleaned, text), tuple(sources))
