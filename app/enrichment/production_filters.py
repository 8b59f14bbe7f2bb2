"""Context checks on production cues: a production verb needs an object ("makes small
amounts"), a production noun must be current production of a mineral (not planned, not
of cars, not the world's, not a company's).
"""

from __future__ import annotations

import re

from app.enrichment.context import Ctx

_PRODUCTION_NOT_RE = re.compile(
    r"\s+(?:technolog\w*|facilit\w*|lines?|costs?|methods?|process(?:es)?|tax|agreement|"
    r"targets?|cuts?|quotas?\s+for\s+\d|forecasts?|guidance|history|sharing|waste)\b",
    re.IGNORECASE,
)

# Production yet to come is no current production (guideline: hedged future statements are
# not claims): "first output expected next year", "planned production of 40,000 t".
_FUTURE_BEFORE_RE = re.compile(
    r"\b(?:future|planned|expected|potential|eventual|proposed|projected|targeted|targeting|"
    r"scheduled\s+for|expects?|expecting|enters?|entering|paving\s+the\s+way\s+for|"
    r"start\s+of|ahead\s+of|approved\s+for|toward|towards)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_FUTURE_AFTER_RE = re.compile(
    r"[^.;,]{0,25}?\b(?:is\s+|are\s+)?(?:expected|slated|scheduled|due|planned|targeted|"
    r"forecast|anticipated|set\s+to|will|would|"
    r"(?:could|may|might|should)\s+(?:\w+\s+)?(?:begin|start|commence|resume))\b",
    re.IGNORECASE,
)

_OBJECT_RE = re.compile(
    r"^\W*(?:\w+\s+){0,4}?(?:(?:it|them|these|this|those|ore|concentrates?|amounts|"
    r"quantities|volumes|tonnes|tons)\b|\d)",
    re.IGNORECASE,
)

_AMOUNT_OBJECT_RE = re.compile(
    r"\s+(?:only\s+|just\s+|some\s+)?(?:small|smaller|large|larger|modest|tiny|significant)?"
    r"\s*(?:amounts|quantities|volumes)\b",
    re.IGNORECASE,
)

_MINES_VERB_RE = re.compile(
    r"\b(?:also|still|only|currently|now|it|which|that|company|firm|group|miner|operator)\s+$",
    re.IGNORECASE,
)

_PASSIVE_RE = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:\w+\s+)?$", re.IGNORECASE)

# "Polar Nickel's output": the producer is the possessor (a company), not the sentence subject
_NAME_POSSESSOR_RE = re.compile(r"(?P<name>[A-Z][\w&.-]*)['\u2019]s\s+(?:[\w-]+\s+)?$")

_ORE_BEFORE_RE = re.compile(r"\b(?:ore|ores|concentrates?|material|metal|sands?)\s+$", re.I)

_PARTICIPLES = frozenset(["produced", "mined", "refined", "extracted", "smelted", "recovered"])
_BY_OR_IN_RE = re.compile(r"\s+(?:by|in)\b")


def produce_object(ctx: Ctx, m: re.Match[str]) -> bool:
    word = m.group().lower()
    if word in {"makes", "made", "make"}:
        return bool(_AMOUNT_OBJECT_RE.match(ctx.text, m.end()))
    if any(m.end() <= x.start <= m.end() + 50 for x in ctx.minerals):
        return True
    if word == "mines":
        before = ctx.text[max(0, m.start() - 40) : m.start()]
        if not (
            _MINES_VERB_RE.search(before) or any(0 <= m.start() - c.end <= 2 for c in ctx.countries)
        ):
            return False  # "has mines in ..." is the noun
    for x in ctx.minerals:
        if 0 <= m.start() - x.end <= 40 and _PASSIVE_RE.search(ctx.text, x.end, m.start()):
            return True  # passive: "titanium is produced in ..."
    if word in {"mined", "produced", "extracted"} and _ORE_BEFORE_RE.search(
        ctx.text, max(0, m.start() - 20), m.start()
    ):
        return True  # "ore mined near a town in Chile"
    if (
        word in _PARTICIPLES
        and _BY_OR_IN_RE.match(ctx.text, m.end())
        and any(0 <= m.start() - x.end <= 25 for x in ctx.minerals)
    ):
        return True  # a reduced relative: "nickel produced by Russia", "tin mined in Peru"
    return bool(_OBJECT_RE.match(ctx.text[m.end() : m.end() + 50]))


# Production that has come to nothing is none: "its output has collapsed".
_COLLAPSED_AFTER_RE = re.compile(
    r"\s+(?:has|have|had)\s+(?:\w+\s+)?(?:collapsed|dried\s+up|ceased|ended|stopped|vanished)\b",
    re.IGNORECASE,
)


_OF_RE = re.compile(r"\s+of\s+(?:[\w-]+\s+){0,3}?(?P<head>[\w-]+)\b")
# What "production of ..." may name besides a mineral: the metal itself, its ores, a pronoun.
_MATERIAL_RE = re.compile(
    r"(?:it|them|these|those|metals?|ores?|concentrates?|minerals?|elements?|oxides?|"
    r"materials?|earths?|magnets?|alloys?|salts?|chemicals?|carbonate|hydroxide|sulfate|"
    r"sulphate|compounds?|products?)$",
    re.IGNORECASE,
)


def _of_another_product(ctx: Ctx, end: int) -> bool:
    """ "production of electric cars": what is produced is named, and it is no mineral."""
    of = _OF_RE.match(ctx.text, end)
    if of is None or _MATERIAL_RE.match(of.group("head")):
        return False
    return not any(end <= x.start < of.end() for x in ctx.minerals)


# "battery production", "steel output": the production of a product made from minerals.
_PRODUCT_BEFORE_RE = re.compile(
    r"\b(?:battery|batteries|car|cars|vehicle|vehicles|ev|steel|chip|chips|semiconductor|"
    r"semiconductors|electronics|solar|panel|turbine|food|power|electricity|oil|gas|"
    r"industrial|manufacturing|cell|cathode|anode)\s+$",
    re.IGNORECASE,
)


# "the global output of tin" is the world's; "lacking smelting capacity" is none
_WORLD_OR_LACK_BEFORE_RE = re.compile(
    r"\b(?:global|world|worldwide|lack(?:s|ed|ing)?)\s+(?:[\w-]+\s+)?$"
    r"|\bhistory\s+of\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


def production_noun(ctx: Ctx, m: re.Match[str]) -> bool:
    if _PRODUCTION_NOT_RE.match(ctx.text, m.end()) or _COLLAPSED_AFTER_RE.match(ctx.text, m.end()):
        return False
    if _PRODUCT_BEFORE_RE.search(ctx.text, max(0, m.start() - 20), m.start()):
        return False
    if _WORLD_OR_LACK_BEFORE_RE.search(ctx.text, max(0, m.start() - 30), m.start()):
        return False
    if _of_another_product(ctx, m.end()):
        return False
    if _FUTURE_BEFORE_RE.search(ctx.text, max(0, m.start() - 30), m.start()):
        return False
    if _FUTURE_AFTER_RE.match(ctx.text, m.end()):
        return False
    owner = _NAME_POSSESSOR_RE.search(ctx.text, max(0, m.start() - 40), m.start())
    return not (owner and not any(c.end == owner.end("name") for c in ctx.countries))
