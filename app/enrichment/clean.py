"""Turn a raw page (plain text or HTML) into clean article text.

Plain text goes through a line filter that drops page chrome: menus and social links,
language switches ("ru", "arm", "EN"), copyright lines, view counters, share prompts, photo
credits, cookie banners. Metadata lines (bylines, date lines) are taken out of the text and
handed to metadata.py as `header` lines. HTML goes through trafilatura (favor_precision) and
then through the same filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.enrichment.dates import MONTHS
from app.enrichment.errors import ExtractionError

_CHROME_WORDS = frozenset(
    [
        "twitter",
        "youtube",
        "instagram",
        "facebook",
        "telegram",
        "whatsapp",
        "linkedin",
        "tiktok",
        "vk",
        "viber",
        "reddit",
        "pinterest",
        "email",
        "e-mail",
        "print",
        "search",
        "menu",
        "home",
        "login",
        "logout",
        "sign",
        "subscribe",
        "share",
        "tweet",
        "ads",
        "advertisement",
        "loading",
        "close",
        "open",
        "more",
        "next",
        "previous",
        "prev",
        "back",
        "top",
        "copy",
        "link",
        "apple",
        "store",
        "play",
        "market",
        "google",
        "night_theme",
        "theme",
        "en",
        "ru",
        "arm",
        "az",
        "ua",
        "de",
        "fr",
        "es",
        "ar",
        "zh",
        "english",
        "a+",
        "a-",
        "comments",
        "comment",
        "reply",
        "like",
        "likes",
        "follow",
        "related",
        "tags",
        "tag",
    ]
)
_CHROME_LINE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:views?|reads?|comments?|shares?)\s*:?\s*[\d,. ]+k?$",
        r"^[\d,. ]+k?\s+(?:views?|reads?|comments?|shares?)$",
        r"\u00a9|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved",
        r"^any use of (?:the )?materials?\b",
        r"\bcookies?\b.*\b(?:accept|consent|privacy|policy|use)\b",
        r"^(?:accept|reject)(?: all)?(?: cookies)?$",
        r"\bshare (?:it |this )?(?:on|via)\b|share-line|\bliked the story\b",
        r"^follow us\b|^subscribe\b|^sign up\b|^newsletter\b|^download (?:the|our) app\b",
        r"^(?:read|see) (?:more|also)\b|^related(?: articles| news| stories)?:?$|^more from\b",
        r"^credit\s*:|^photo\s*:|^image\s*:|\((?:ap|afp|reuters|getty)[^)]*photo|getty images",
        r"^file\s+[-\u2013\u2014]\s|^watch\s*\||^listen\s*\||^advertisement$",
        r"^updated\s+\d+\s+\w+\s+ago$|^published\s+\d+\s+\w+\s+ago$|^\d+\s+min(?:ute)?s? read$",
        r"^(?:latest|top|breaking|world|business|nation & world|more)\s+news$",
        r"^what are you looking for\s*\??$|^skip to (?:main )?content$",
        r"^[\w-]+\.(?:az|com|net|org|ru|ua|io|co|uk|info|news)$",
        r"^\(?source:\s*[\w .&-]{1,40}\)?$",
    )
]


def _anchored(pattern: str) -> bool:
    """Every top-level alternative starts with ^."""
    depth, parts, cur = 0, [], ""
    for i, ch in enumerate(pattern):
        escaped = i > 0 and pattern[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        if ch == "|" and depth == 0 and not escaped:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return all(p.startswith("^") for p in parts)


# Anchored patterns are tried with match() (one position), the others with search().
_CHROME_START_RE = re.compile(
    "|".join(f"(?:{r.pattern})" for r in _CHROME_LINE_RES if _anchored(r.pattern)), re.I
)
# searched in the lowercased line, without IGNORECASE (faster)
_CHROME_ANY_RE = re.compile(
    "|".join(f"(?:{r.pattern})" for r in _CHROME_LINE_RES if not _anchored(r.pattern))
)
_NON_LATIN_RE = re.compile(r"[\u0400-\u04ff\u0530-\u058f\u0600-\u06ff\u4e00-\u9fff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2009\u200a\u202f]+")
_BYLINE_RE = re.compile(
    r"^(?:by|written by|words by|author:|authors:|reporting by)\s+"
    r"(?P<name>[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&|de|van|von|bin|al)){0,6})"
    r"(?:\s*(?:[-\u2013\u2014|,;]\s*(?P<org>.+)|\s+in\s+\w+.*))?$",
    re.IGNORECASE,
)
# "Kate Miller, Trade Correspondent", "Sipho Dlamini - Mining Editor": a name and a job title
_TITLED_BYLINE_RE = re.compile(
    r"^(?P<name>[A-Z][\w.'\u2019-]+(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|bin|al)){1,3})"
    r"\s*(?:,|[-\u2013\u2014|])\s*(?i:(?:[\w&-]+\s+){0,3}?(?:correspondent|editor|reporter|writer|"
    r"journalist|columnist|contributor|bureau chief|staff writer)s?)$"
)
# A block of links after the article: "Related", "Most read", "More from ..."
_RELATED_RE = re.compile(
    r"^(?:related(?:\s+(?:articles|news|stories|content|coverage|reading))?|read\s+more|"
    r"more\s+(?:from|on|stories|news)\b.*|most\s+(?:read|popular|viewed|shared)|recommended"
    r"(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+like|trending(?:\s+now)?|also\s+read|"
    r"top\s+stories|editor['\u2019]?s\s+picks|latest|what\s+to\s+read\s+next)\s*:?$",
    re.IGNORECASE,
)
_HTML_SNIFF_RE = re.compile(r"^\ufeff?\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.I)
_HONORIFIC_RE = re.compile(r"^(?:dr|prof|mr|mrs|ms|sir|dame)\.?\s+", re.IGNORECASE)
_EDITING_RE = re.compile(r"^(?:editing|additional reporting|writing|compiled)\s+by\b", re.I)
# "Home | Chips | Policy", "Home / News / Cobalt", "Markets > Metals": a breadcrumb or menu
_BREADCRUMB_RE = re.compile(r"^[^|/>\u203a]{1,25}(?:\s+[|/>\u203a]\s+[^|/>\u203a]{1,25}){1,8}$")
_SOURCE_RE = re.compile(r"^\(?source:\s*(?P<org>[\w .&-]{1,40})\)?$", re.IGNORECASE)
_DATE_PREFIX_RE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b\s*")
DATE_TOKEN = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}\s+{MONTHS}\s*,?\s+\d{{4}}"
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}})"
)
_DATE_LINE_RE = re.compile(
    rf"^(?:(?:published|posted|updated|date|last updated)\s*:?\s*(?:on\s+)?)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?(?P<date>{DATE_TOKEN})"
    rf"(?:\s*(?:,|at|-|\|)?\s*\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?"
    rf"(?P<rest>(?:\s+{DATE_TOKEN})*)\s*(?P<tail>.*)$",
    re.IGNORECASE,
)

# "Santiago, 5 February 2025", "JAKARTA, 12 March 2025": a dateline that is only a date
_CITY_DATE_RE = re.compile(
    rf"^[A-Z][A-Za-z.'\u2019 -]{{1,30}},\s+(?P<date>{DATE_TOKEN})\s*$", re.IGNORECASE
)
_ORG_DATE_RE = re.compile(
    rf"(?:(?:published|updated|posted)\s*:?\s*)?(?P<date>{DATE_TOKEN})"
    rf"(?:\s*,?\s*\d{{1,2}}:\d{{2}}.*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """A metadata line removed from the text: kind is byline, date, outlet or source."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    header: tuple[HeaderLine, ...] = ()
    html_meta: dict[str, str] = field(default_factory=dict)
    # the plain text before the filter (for HTML, trafilatura's text): metadata.py reads
    # the page's head and foot from it, where the filter has dropped chrome and bylines
    source: str = ""


def _is_chrome(line: str) -> bool:
    low = line.lower()
    words = low.split()
    if len(words) <= 3 and all(w.strip(":|") in _CHROME_WORDS for w in words):
        return True
    if _CHROME_START_RE.match(line) or _CHROME_ANY_RE.search(low):
        return True
    if _BREADCRUMB_RE.match(line) and not line.endswith((".", "!", "?")):
        return True
    if len(words) <= 3 and line == low and not line.endswith((".", "!", "?", '"')):
        return True  # short all-lowercase lines: menu items, language links, widgets
    if len(words) == 1 and line.isupper() and len(line) > 1:
        return True  # section labels such as "WORLD"
    if _NON_LATIN_RE.search(line):
        letters = _LETTER_RE.findall(line)
        foreign = len(_NON_LATIN_RE.findall(line))
        if foreign / len(letters) > 0.5:
            return True  # a line in another script on an English page (widgets, links)
    elif len(line) < 40 and not _LETTER_RE.search(line):
        return True  # punctuation / numbers only
    return False


def is_chrome(line: str) -> bool:
    """A line of page chrome (a menu item, share prompt, counter, copyright line)."""
    return _is_chrome(line)


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)


def clean_plain(raw: str) -> Cleaned:
    header: list[HeaderLine] = []
    kept: list[str] = []
    blank = False
    body_started = related = False
    for raw_line in _normalise(raw).split("\n"):
        line = _SPACES_RE.sub(" ", raw_line).strip()
        if not line:
            blank = bool(kept)
            continue
        if body_started and _RELATED_RE.match(line):
            related = True  # a list of other stories' headlines follows
            continue
        if related:
            if not (line.endswith((".", "!", "?", '"', "\u201d")) and len(line.split()) > 14):
                continue
            related = False
        m = _DATE_PREFIX_RE.match(line)
        if m:
            header.append(HeaderLine("date", m.group("date")))
            line = line[m.end() :].strip()
        cm = _CITY_DATE_RE.match(line)
        if cm:
            header.append(HeaderLine("date", cm.group("date")))
            continue
        if len(line) < 200:
            dm = _DATE_LINE_RE.match(line)
            if dm and (dm.start("date") < 30):
                header.append(HeaderLine("date", dm.group("date")))
                line = dm.group("tail").strip()
                if not line:
                    continue
        bm = _BYLINE_RE.match(line)
        if bm and len(line.split()) <= 12:
            name = _HONORIFIC_RE.sub("", bm.group("name").strip())
            header.append(HeaderLine("byline", name))
            org = (bm.group("org") or "").strip()
            date_m = _ORG_DATE_RE.fullmatch(org) if org else None
            if date_m:
                header.append(HeaderLine("date", date_m.group("date")))
            elif org and not _EDITING_RE.match(org):
                header.append(HeaderLine("outlet", org))
            continue
        tm = _TITLED_BYLINE_RE.match(line) if not body_started else None
        if tm:
            header.append(HeaderLine("byline", tm.group("name")))
            continue
        sm = _SOURCE_RE.match(line)
        if sm:
            header.append(HeaderLine("source", sm.group("org").strip()))
            continue
        if _is_chrome(line):
            if (
                "\u00a9" in line
                or "copyright" in line.lower()
                or re.fullmatch(r"[\w-]+\.\w{2,4}", line)
            ):
                header.append(HeaderLine("outlet", line))
            continue
        if kept and line == kept[-1]:
            continue  # a headline or label printed twice
        if blank and kept:
            kept.append("")
        blank = False
        kept.append(line)
        if line.endswith((".", "!", "?", '"', "\u201d")) and len(line.split()) > 15:
            body_started = True
    return Cleaned("\n".join(kept), tuple(header), source=raw)


def clean_html(raw: str) -> Cleaned:
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise ExtractionError("trafilatura is not installed") from exc
    meta: dict[str, str] = {}
    try:
        doc = trafilatura.bare_extraction(
            raw,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
        )
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        raise ExtractionError("the HTML could not be parsed") from exc
    if doc is None:
        return Cleaned("", ())
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    for key in ("title", "author", "date", "sitename"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    body = data.get("text") or ""
    cleaned = clean_plain(body if isinstance(body, str) else "")
    title = meta.get("title")
    text = cleaned.text
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    return Cleaned(text, cleaned.header, meta, cleaned.source)


def looks_like_html(raw: str) -> bool:
    """A page source, whatever its declared type (scraped HTML saved as .txt)."""
    return bool(_HTML_SNIFF_RE.match(raw[:1024]))


def clean(raw: str, content_type: str = "text/plain") -> Cleaned:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in {"text/html", "application/xhtml+xml", "html"} or looks_like_html(raw):
        return clean_html(raw)
    return clean_plain(raw)
