"""Entity linking: gazetteer hits filtered by context rules for false friends.

Rules (all general, none keyed to a particular text):
- a mineral word capitalised inside a proper name ("Toho Titanium", "... Magnesium Plant")
  is a company or place name, not the substance; title-case headlines are exempt;
- "lead" is the metal only next to other metals or before a metal noun ("lead ore",
  "lead-acid", "zinc and lead"); short all-caps forms ("TIN", "LEAD") in running text are
  acronyms; fixed phrases ("silver medal", "platinum album", "Chromium browser") are not;
- capitals stand for governments, except as a dateline ("BEIJING -") or a place
  ("a conference in Beijing");
- country names that are also given names (Jordan, Chad, Georgia, ...) next to another
  capitalised name are people; "Georgia" needs support for the country (other Georgian
  mentions, or a list of countries).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from app.enrichment.gazetteer import AliasHit, Gazetteer
from app.enrichment.sentences import Sentence

_WORD_RE = re.compile(r"[\w'\u2019.-]+")
_LEAD_NOUNS = frozenset(
    [
        "ore",
        "ores",
        "mine",
        "mines",
        "mining",
        "miner",
        "miners",
        "smelter",
        "smelters",
        "smelting",
        "production",
        "output",
        "concentrate",
        "concentrates",
        "exports",
        "export",
        "imports",
        "import",
        "prices",
        "price",
        "reserves",
        "deposits",
        "acid",
        "batteries",
        "battery",
        "poisoning",
        "pipes",
        "pipe",
        "paint",
        "content",
        "ingot",
        "ingots",
        "metal",
        "bullion",
        "market",
        "producer",
        "producers",
        "refinery",
        "refineries",
        "contamination",
        "exposure",
        "levels",
        "emissions",
        "supply",
        "supplies",
        "recycling",
        "alloy",
        "alloys",
    ]
)
_FIXED_FALSE = {
    "silver": frozenset(
        [
            "medal",
            "medals",
            "lining",
            "screen",
            "bullet",
            "anniversary",
            "jubilee",
            "spoon",
            "haired",
            "fox",
            "platter",
            "surfer",
            "medallist",
            "medalist",
        ]
    ),
    "platinum": frozenset(
        [
            "album",
            "albums",
            "record",
            "records",
            "jubilee",
            "card",
            "cards",
            "status",
            "selling",
            "certified",
            "member",
            "members",
            "sponsor",
            "sponsors",
            "level",
            "edition",
            "plan",
        ]
    ),
    "chromium": frozenset(["browser", "os", "project", "engine"]),
    "tin": frozenset(["foil"]),
    "nickel": frozenset(["and"]),
    "copper": frozenset(["mountain"]),
}
_PLACE_PREPS = frozenset(
    ["in", "at", "near", "outside", "around", "across", "visiting", "visited", "via"]
)
_GIVEN_NAME_COUNTRIES = frozenset(
    [
        "Jordan",
        "Chad",
        "Georgia",
        "Israel",
        "Kenya",
        "Chile",
        "India",
        "Jamaica",
        "Cuba",
        "Lebanon",
        "Niger",
        "Washington",
        "Malaysia",
        "Paris",
        "Brazil",
        "Panama",
    ]
)
_CAPITALISED_FUNCTION_WORDS = frozenset(
    [
        "in",
        "at",
        "on",
        "for",
        "from",
        "with",
        "and",
        "but",
        "the",
        "to",
        "by",
        "of",
        "as",
        "while",
        "after",
        "before",
        "since",
        "like",
        "than",
        "about",
        "over",
        "under",
        "into",
        "across",
        "including",
        "said",
        "says",
    ]
)
_GEORGIA_SUPPORT = re.compile(r"\b(?:Tbilisi|Georgian|Caucasus|Abkhazia|Ossetia)\b")
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|&|/|, and|, or)\s*$")


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    iso2: str
    alias_kind: str
    text: str


@dataclass(frozen=True, slots=True)
class MineralMention:
    start: int
    end: int
    slugs: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Mentions:
    countries: tuple[CountryMention, ...]
    minerals: tuple[MineralMention, ...]


def _prev_word(text: str, pos: int, floor: int) -> str:
    seg = text[max(floor, pos - 40) : pos]
    words = _WORD_RE.findall(seg)
    return words[-1] if words else ""


def _next_word(text: str, pos: int, ceil: int) -> str:
    seg = text[pos : min(ceil, pos + 40)]
    m = re.match(r"^(?:['\u2019]s)?[\s-]*([\w'\u2019.]+)", seg)
    return m.group(1) if m else ""


def _titlecase_ratio(sentence: str) -> float:
    words: list[str] = [w for w in re.findall(r"[A-Za-z][\w'-]*", sentence) if len(w) > 3]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _at_sentence_start(text: str, start: int, sent: Sentence) -> bool:
    return not re.search(r"[A-Za-z0-9]", text[sent.start : start].lstrip("\"'\u201c\u2018(-"))


def _is_cap_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.lower() not in {"the", "a", "an"}


def link(text: str, sentences: list[Sentence], gazetteer: Gazetteer) -> Mentions:
    hits = gazetteer.scan(text)
    starts = [s.start for s in sentences]
    countries: list[CountryMention] = []
    minerals: list[MineralMention] = []
    georgia_ok = bool(_GEORGIA_SUPPORT.search(text))
    pending_given: list[tuple[CountryMention, AliasHit, Sentence]] = []
    for idx, hit in enumerate(hits):
        si = bisect.bisect_right(starts, hit.start) - 1
        if si < 0 or hit.start >= sentences[si].end:
            continue  # outside any sentence (should not happen on clean text)
        sent = sentences[si]
        kinds = {e.kind for e in hit.entries}
        if "block" in kinds:
            continue
        if "mineral" in kinds:
            if _mineral_ok(text, hit, sent, hits, idx):
                slugs = tuple(e.key for e in hit.entries if e.kind == "mineral")
                minerals.append(MineralMention(hit.start, hit.end, slugs, hit.text))
            continue
        entry = hit.entries[0]
        mention = CountryMention(hit.start, hit.end, entry.key, entry.alias_kind, hit.text)
        if not _country_ok(text, hit, entry.alias_kind, sent):
            continue
        if hit.text in _GIVEN_NAME_COUNTRIES:
            pending_given.append((mention, hit, sent))
            continue
        countries.append(mention)
    # Given-name countries: keep when in a list with other countries, or supported.
    for mention, hit, sent in pending_given:
        in_list = any(
            _LIST_GAP.match(text[min(c.end, hit.end) : max(c.start, hit.start)])
            for c in countries
            if abs(c.start - hit.start) < 60
        )
        if in_list:
            countries.append(mention)
            continue
        if mention.iso2 == "GE" and not georgia_ok:
            continue
        if not _looks_like_person(text, hit, sent):
            countries.append(mention)
    countries.sort(key=lambda c: c.start)
    return Mentions(tuple(countries), tuple(minerals))


def _looks_like_person(text: str, hit: AliasHit, sent: Sentence) -> bool:
    """ "Michael Jordan", "Chad Smith": a capitalised word right before or after the name."""
    if text[hit.end : hit.end + 2] in ("'s", "\u2019s"):
        return False
    prev = _prev_word(text, hit.start, sent.start)
    nxt = _next_word(text, hit.end, sent.end)
    at_start = _at_sentence_start(text, hit.start, sent)
    if sent.heading and _titlecase_ratio(sent.text) > 0.6:
        return False
    before = _is_cap_word(prev) and not at_start and prev.lower() not in _PLACE_PREPS
    before = before and prev.lower() not in _CAPITALISED_FUNCTION_WORDS
    return before or (_is_cap_word(nxt) and text[hit.end : hit.end + 1] == " ")


def _country_ok(text: str, hit: AliasHit, alias_kind: str, sent: Sentence) -> bool:
    prev = _prev_word(text, hit.start, sent.start)
    nxt = _next_word(text, hit.end, sent.end)
    after = text[hit.end : hit.end + 3]
    possessive = after[:2] in ("'s", "\u2019s")
    _at_sentence_start(text, hit.start, sent)
    if alias_kind == "capital":
        if hit.text.isupper() and len(hit.text) > 3:
            # An all-caps dateline ("BANGKOK (AP) -", "BEIJING -") or a shouting headline.
            tail = text[hit.end : hit.end + 8]
            if re.match(r"^\s*(?:\(|[-\u2013\u2014,])", tail) and not sent.heading:
                return False
        if prev.lower() in _PLACE_PREPS and not possessive:
            return False
        if not possessive and _is_cap_word(nxt) and text[hit.end : hit.end + 1] == " ":
            return False  # "Beijing Olympics", "Moscow Exchange"
    return True


def _mineral_ok(text: str, hit: AliasHit, sent: Sentence, hits: list[AliasHit], idx: int) -> bool:
    word = hit.text
    low = word.lower()
    prev = _prev_word(text, hit.start, sent.start)
    nxt = _next_word(text, hit.end, sent.end)
    at_start = _at_sentence_start(text, hit.start, sent)
    shouting = sent.text.isupper()
    if word.isupper() and len(word) <= 4 and not shouting and low in {"lead", "tin"}:
        return False
    fixed = _FIXED_FALSE.get(low)
    if fixed and nxt.lower().strip(".") in fixed:
        return False
    if word[:1].isupper() and not word.isupper() and not at_start and not shouting:
        headline = sent.heading and _titlecase_ratio(sent.text) > 0.6
        if not headline:
            prev_cap = _is_cap_word(prev) and prev not in {"I"}
            next_cap = _is_cap_word(nxt) and not _is_mineral_word(hits, idx + 1, hit.end, text)
            if prev_cap or next_cap:
                return False  # inside a proper name: "Toho Titanium", "Magnesium Plant"
    if low == "lead":
        return _lead_is_metal(text, hit, hits, idx, nxt)
    return True


def _is_mineral_word(hits: list[AliasHit], j: int, end: int, text: str) -> bool:
    if j >= len(hits):
        return False
    nxt = hits[j]
    return nxt.start - end <= 6 and any(e.kind == "mineral" for e in nxt.entries)


def _lead_is_metal(text: str, hit: AliasHit, hits: list[AliasHit], idx: int, nxt: str) -> bool:
    if nxt.lower() in _LEAD_NOUNS:
        return True
    for j in (idx - 1, idx + 1):
        if 0 <= j < len(hits) and any(e.kind == "mineral" for e in hits[j].entries):
            other = hits[j]
            gap = text[min(other.end, hit.end) : max(other.start, hit.start)]
            if _LIST_GAP.match(gap):
                return True
    return False
