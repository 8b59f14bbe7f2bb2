"""Where a country after a status cue stands: the preposition that governs it.

"production in Kazakhstan", "a mine in Western Australia", "in British Columbia, Canada":
a locative or source preposition, past place modifiers; the members of an enumeration
("in a handful of nations, notably A and B") take the preposition of the noun they
exemplify; the members of a producer noun follow "include" ("producers of cobalt include
A and B"). actors.py decides whether such a country is the actor.
"""

from __future__ import annotations

import re

from app.enrichment.context import Ctx, word_before
from app.enrichment.linking import CountryMention

_FINITE_RE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would)\b", re.IGNORECASE)
# "output is concentrated in ...", "reserves are mostly located in ...": a verb that only
# places its subject, so the place after it is still the producer
_PLACING_VERB_RE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:(?:mostly|mainly|largely|highly|heavily|primarily|chiefly|"
    r"overwhelmingly|still)\s+)?(?:concentrated|located|based|centred|centered|found)\b",
    re.IGNORECASE,
)

_AFTER_PREPS = frozenset(["in", "from", "of", "by", "at", "within", "across"])

LOCATIVE_PREPS = frozenset(["in", "at", "within", "across"])

# "in Western Australia", "in northern Myanmar", "in British Columbia, Canada"
_LOCATIVE_RE = re.compile(
    r"\b(?P<prep>in|at|within|across|from|of|by)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w-]*|northern|southern|eastern|western|central|north|south|east|west|"
    r"north-eastern|north-western|south-eastern|south-western|rural|remote)\s+){0,3}?"
    r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2},\s+)?$"
)

COORD_RE = re.compile(
    r"^\s*(?:,|and|or|nor|&|, and|, or|,?\s*(?:along|together)\s+with|,?\s*as\s+well\s+as)\s*$"
)

# An enumeration's members take the preposition of the noun they exemplify: "mines in
# several African states, notably A and B", "refiners from countries such as A, B and C"
_LIST_OPENER_RE = re.compile(r"\b(?:including|notably|such\s+as|namely|especially)\s*$")
_LIST_PREP_RE = re.compile(r"\b(in|from|across)\b")
_LIST_SPAN = 80  # characters between the preposition and the first member


# "producers of cobalt include Russia and Cuba": the cue noun's members follow the verb
_INCLUDE_RE = re.compile(
    r"(?:\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)?(?:\s+(?:since|in)\s+\d{4})?"
    r"\s+(?:include|includes|included|are|were|have\s+been|has\s+been)\s+(?:the\s+)?$"
)
_RELATIVE_MEMBERS_RE = re.compile(r"\b(?:countries|nations|states)\s+(?:that|which)\s+$", re.I)
_MEMBER_NOUNS_RE = re.compile(r"(?:producers|miners|refiners|suppliers|sources|exporters)$")


def included(ctx: Ctx, cs: int, ce: int, c: CountryMention) -> str:
    """ "include" when the country is named as a member of the plural producer noun, or of
    the countries a relative clause describes ("countries that mine graphite are A, B")."""
    if not (
        _MEMBER_NOUNS_RE.search(ctx.text, max(0, ce - 12), ce)
        or _RELATIVE_MEMBERS_RE.search(ctx.text, max(0, cs - 40), cs)
    ):
        return ""
    return "include" if _INCLUDE_RE.fullmatch(ctx.text, ce, c.start) else ""


def finite_between(text: str, start: int, end: int) -> bool:
    """A finite verb other than a placing one between the cue and a country after it."""
    return bool(_FINITE_RE.search(_PLACING_VERB_RE.sub(" ", text[start:end])))


def _list_prep(ctx: Ctx, c: CountryMention) -> str:
    """The preposition of the noun an enumeration hangs on, for a member of the list."""
    first = c
    for other in reversed([x for x in ctx.countries if x.end <= c.start]):
        if not COORD_RE.match(ctx.text[other.end : first.start]):
            break
        first = other
    before = ctx.text[max(0, first.start - _LIST_SPAN) : first.start]
    opener = _LIST_OPENER_RE.search(before)
    if opener is None:
        return ""
    head = before[: opener.start()]
    head = head[max(head.rfind("."), head.rfind(";"), head.rfind(":")) + 1 :]
    preps = _LIST_PREP_RE.findall(head)
    return preps[-1] if preps else ""


def locative_prep(ctx: Ctx, c: CountryMention) -> str:
    """The preposition governing a country mention, skipping place modifiers."""
    prev = word_before(ctx.text, c.start)
    if prev in _AFTER_PREPS:
        return prev
    m = _LOCATIVE_RE.search(ctx.text, max(0, c.start - 60), c.start)
    if m:
        return m.group("prep")
    return _list_prep(ctx, c)
