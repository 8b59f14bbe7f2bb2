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
  capitalised name are people;
- a country word right before a noun of food, dishes, plants, animals or household things
  ("Swiss cheese", "Brazil nuts", "Guinea pig", "Dutch oven") names a kind of thing;
- a country name that is also another place or a common word ("Georgia" the US state,
  "Turkey" the bird) counts only when the text corroborates it: another name of the same
  country (its capital, its adjective, another form of its name), a list of countries, or,
  for the food words, a sentence without a kitchen context.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from app.enrichment.gazetteer import AliasHit, Gazetteer
from app.enrichment.homographs import (
    AMBIGUOUS_NAMES,
    GIVEN_NAME_COUNTRIES,
    THING_NOUNS,
    corroborated_countries,
    is_kitchen_text,
    uncorroborated_homograph,
)
from app.enrichment.sentences import Sentence


def _words(text: str) -> list[str]:
    return text.split()


_WORD_RE = re.compile(r"[\w'\u2019.-]+")
_LEAD_NOUNS = frozenset(
    _words(
        """ore ores mine mines mining miner miners smelter smelters smelting production output
        concentrate concentrates exports export imports import prices price reserves
        deposits acid batteries battery poisoning pipes pipe paint content ingot ingots
        metal bullion market producer producers refinery refineries contamination exposure
        levels emissions supply supplies recycling alloy alloys"""
    )
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
            "dial",
            "dials",
            "finish",
            "colour",
            "color",
            "coloured",
            "colored",
            "grey",
            "gray",
            "tone",
            "toned",
            "lining",
            "award",
        ]
    ),
    "platinum": frozenset(
        [
            "grey",
            "gray",
            "blonde",
            "blond",
            "finish",
            "colour",
            "color",
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
            "support",
            "tier",
            "package",
            "membership",
            "subscription",
            "service",
            "partner",
            "disc",
            "discs",
            "award",
        ]
    ),
    "chromium": frozenset(["browser", "os", "project", "engine"]),
    "tin": frozenset(["foil"]),
    "copper": frozenset(["mountain"]),
    "cobalt": frozenset(["blue", "blues", "green", "violet", "colour", "color"]),
}
_PLACE_PREPS = frozenset(
    ["in", "at", "near", "outside", "around", "across", "visiting", "visited", "via"]
)
_CAPITALISED_FUNCTION_WORDS = frozenset(
    _words(
        """in at on for from with and but the to by of as while after before since like than
        about over under into across including said says"""
    )
)
# "won silver", "went platinum": awards, not the metal.
_AWARD_VERBS = frozenset(
    _words(
        """won win wins winning took take takes taking claimed claim claims grabbed earned
        bagged clinched snatched go goes going went gone turned turn certified"""
    )
)
# "a copper for thirty years", "flipping a nickel to decide": a count noun (police, coin).
_COUNT_USE_NEXT = frozenset(
    _words(
        """for to had has have was is were who that and or with from in on at of as after
        before while ,"""
    )
)
_COUNT_USE_METALS = frozenset(["copper", "coppers", "nickel", "nickels", "tin", "lead"])
_MOTION_WORDS = frozenset(
    _words(
        """travel travels travelled traveled travelling trip trips visit visits flew fly flies
        flight flights return returns returned moved move head heads headed headed go goes
        went arrive arrives arrived tour relocated"""
    )
)
_US_PRONOUN_BEFORE = frozenset(
    _words(
        """LET HELP GIVE TELL SHOW JOIN SAVE LEAVE MAKE BRING ASK THANK CALL FOR WITH ABOUT
        AMONG BETWEEN OF TO"""
    )
)
_US_PRONOUN_SAFE = frozenset(["FOR", "WITH", "OF", "TO", "ABOUT", "AMONG", "BETWEEN"])
_MODIFIER_ENDINGS = ("ing", "ed", "ly", "ern", "ful", "ous", "al", "ic", "ive")
# "my neighbor Chad", "cousin Jordan": a person
_PERSON_BEFORE = frozenset(
    _words(
        """my our his her their your neighbor neighbour cousin friend brother sister son daughter
        husband wife uncle aunt nephew niece colleague coach boss partner chef dad mom mum
        grandson granddaughter boyfriend girlfriend teammate guard forward center"""
    )
)
# A capital in a sports report is the team ("Washington trailed 88-71").
_SPORTS_RE = re.compile(
    r"\b(?:\d{1,3}-\d{1,3}|quarter|inning|innings|halftime|season|rebounds|assists|"
    r"touchdowns?|playoffs?|trailed|scored|games|standings|division)\b",
    re.IGNORECASE,
)
_SUBDIVISION_NOUN_RE = re.compile(
    r"\s+(?:province|state|region|prefecture|department|territory|oblast)\b", re.IGNORECASE
)
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
    corroborated = corroborated_countries(hits)
    kitchen = is_kitchen_text(text)
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
        if hit.text in AMBIGUOUS_NAMES:
            pending_given.append((mention, hit, sent))
            continue
        countries.append(mention)
    # Names that are also a person, a place or a food: kept in a list with other countries,
    # otherwise only when corroborated and not a person.
    for mention, hit, sent in pending_given:
        in_list = any(
            _LIST_GAP.match(text[min(c.end, hit.end) : max(c.start, hit.start)])
            for c in countries
            if abs(c.start - hit.start) < 60 and c.alias_kind != "place"
        )
        if in_list:
            countries.append(mention)
            continue
        if uncorroborated_homograph(hit.text, sent, mention.iso2 in corroborated, kitchen):
            continue
        if hit.text not in GIVEN_NAME_COUNTRIES or not _looks_like_person(text, hit, sent):
            countries.append(mention)
    countries = _corroborated_places(text, countries)
    countries.sort(key=lambda c: c.start)
    return Mentions(tuple(countries), tuple(minerals))


def _corroborated_places(text: str, countries: list[CountryMention]) -> list[CountryMention]:
    """A state or province counts for its country when the text names that country too, or
    calls it a province, state or region ("Shan State"): many such names are also people,
    companies or common words ("Nelson", "Savannah", "Meta")."""
    named = {c.iso2 for c in countries if c.alias_kind != "place"}
    return [
        c
        for c in countries
        if c.alias_kind != "place" or c.iso2 in named or _SUBDIVISION_NOUN_RE.match(text, c.end)
    ]


def _looks_like_person(text: str, hit: AliasHit, sent: Sentence) -> bool:
    """ "Michael Jordan", "Chad Smith": a capitalised word right before or after the name."""
    if text[hit.end : hit.end + 2] in ("'s", "\u2019s"):
        return False
    prev = _prev_word(text, hit.start, sent.start)
    nxt = _next_word(text, hit.end, sent.end)
    at_start = _at_sentence_start(text, hit.start, sent)
    if prev.lower() in _PERSON_BEFORE:
        return True
    if sent.heading and _titlecase_ratio(sent.text) > 0.6:
        return False
    before = _is_cap_word(prev) and not at_start and prev.lower() not in _PLACE_PREPS
    before = before and prev.lower() not in _CAPITALISED_FUNCTION_WORDS
    if before and _at_sentence_start(text, hit.start - len(prev) - 1, sent):
        # "Neighbouring Chile", "Landlocked Bolivia": a sentence-initial modifier
        low = prev.lower()
        before = not (low.endswith(_MODIFIER_ENDINGS) or "-" in low)
    return before or (_is_cap_word(nxt) and text[hit.end : hit.end + 1] == " ")


def _country_ok(text: str, hit: AliasHit, alias_kind: str, sent: Sentence) -> bool:
    prev = _prev_word(text, hit.start, sent.start)
    nxt = _next_word(text, hit.end, sent.end)
    after = text[hit.end : hit.end + 3]
    possessive = after[:2] in ("'s", "\u2019s")
    if hit.text == "US" and sent.text.isupper():
        words = re.findall(r"[A-Z']+", text[max(sent.start, hit.start - 30) : hit.start])
        pronoun = bool(words) and words[-1] in _US_PRONOUN_BEFORE
        if pronoun and (words[-1] not in _US_PRONOUN_SAFE or words[-2:-1] == ["ALL"]):
            return False  # "LET US", "HELP US": the pronoun in a shouted headline
    if alias_kind == "capital":
        if text.startswith("-based", hit.end) or _SPORTS_RE.search(sent.text):
            return False  # "a London-based dealer"; "Washington trailed 88-71"
        if prev.lower() == "to":
            words = re.findall(r"[A-Za-z]+", text[max(sent.start, hit.start - 40) : hit.start])
            if len(words) >= 2 and any(w.lower() in _MOTION_WORDS for w in words[-4:-1]):
                return False  # "will travel to Tokyo": a destination
        if hit.text.isupper() and len(hit.text) > 3:
            # An all-caps dateline ("BANGKOK (AP) -", "BEIJING -") or a shouting headline.
            tail = text[hit.end : hit.end + 8]
            if re.match(r"^\s*(?:\(|[-\u2013\u2014,])", tail) and not sent.heading:
                return False
        if prev.lower() in _PLACE_PREPS and not possessive:
            return False
        if not possessive and _is_cap_word(nxt) and text[hit.end : hit.end + 1] == " ":
            return False  # "Beijing Olympics", "Moscow Exchange"
    return possessive or nxt.lower().rstrip(".") not in THING_NOUNS


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
    if low in {"silver", "platinum", "bronze"} and prev.lower() in _AWARD_VERBS:
        return False
    if low in _COUNT_USE_METALS and prev.lower() in {"a", "an", "another", "each", "every"}:
        tail = text[hit.end : hit.end + 12].lstrip()
        if not tail or not tail[0].isalpha() or nxt.lower() in _COUNT_USE_NEXT:
            return False
    if low == "nickel" and re.match(r"\s*-?\s*and\s*-?\s*dime", text[hit.end : hit.end + 12]):
        return False
    if word[:1].isupper() and not word.isupper() and not at_start and not shouting:
        headline = sent.heading and _titlecase_ratio(sent.text) > 0.6
        if not headline:
            prev_cap = _is_cap_word(prev) and prev not in {"I"}
            next_cap = _is_cap_word(nxt) and not _is_mineral_word(hits, idx + 1, hit.end, text)
            if prev_cap or next_cap:
                return False  # inside a proper name: "Toho Titanium", "Magnesium Plant"
            if word[1:].islower() and (nxt[:1].islower() or not any(ch.isalpha() for ch in nxt)):
                return False  # a capitalised word mid-sentence: "the Platinum support plan"
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
