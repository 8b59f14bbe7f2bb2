"""Roles of a status cue: who is the actor country, which minerals are meant.

The actor is the nearest country before the cue in the same clause (with the countries
coordinated with it), else a country after it behind a locative/source preposition
("production in Kazakhstan", "a mine in Western Australia", "in British Columbia, Canada"),
else an anaphor ("it", "the country") resolved to the discourse focus. A company's
nationality ("an Australian company", "Chinese refiners") is never an actor (resolution 4).
Minerals are those of the clause, else of the sentence, else - when the sentence refers back
("these materials", "the metal", "ore") - those of the last sentence naming minerals. A
generic phrase ("critical minerals", "every mineral") near the cue adds mineral null.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from app.enrichment.linking import CountryMention, MineralMention
from app.enrichment.sentences import Sentence


def _words(text: str) -> list[str]:
    return text.split()


_CLAUSE_RE = re.compile(
    r";\s|:\s|,\s+(?=(?:while|whereas|although|though|but|as|because|since|which|who|when|"
    r"so|yet|even though|mostly|most of it|much of it|most of them)\b)"
    r"|,\s+(?:and|but)\s+(?=(?:none|no|it|its|they|their|this|these|those|several|some|many)\b)"
    r"|\s+(?=(?:while|whereas|although|because|but)\s)"
)
GENERIC_RE = re.compile(
    r"\b(?:critical|strategic|key|vital|rare|raw|essential|important|precious|valuable|"
    r"battery|green|energy[- ]transition|all)\s+(?:raw\s+)?(?:minerals|raw\s+materials)\b"
    r"(?!\s+(?:regulator|regulators|authority|agency|ministry|minister|office|company|firm|"
    r"group|council|board|committee|law|code|deal|agreement|pact|fund|list|whose))"
    r"|\bmineral[- ](?:wealth|resources|riches|deposits|reserves|rich)\b"
    r"|\b(?:every|each|any)\s+mineral\b"
    r"|(?<!these )(?<!those )(?<!the )(?<!such )\bminerals\b"
    r"(?!\s+(?:deal|agreement|pact|accord|partnership|fund|ministry|minister|policy|strategy|"
    r"list|security|trade|sector|regulator|regulators|authority|agency|body|office|company|"
    r"firm|group|council|board|committee|law|code|whose))",
    re.IGNORECASE,
)
_GENERIC_LOW_RE = re.compile(GENERIC_RE.pattern)  # for lowercased text: no IGNORECASE
_NUMBER_BEFORE_RE = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|several|"
    r"dozens? of|a list of)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_MINERAL_ANAPHOR_RE = re.compile(
    r"\b(?:these|those|this|that|such|the)\s+(?:[\w-]+\s+){0,2}?(?:materials?|minerals?|metals?|"
    r"elements|resources|inputs?|commodit(?:y|ies)|sector|ores?)\b|\bit\b|\bthem\b"
    r"|\b(?:mines?|mined|mining|ships?|produces?)\s+(?:the\s+)?(?:ore|concentrates?)\b"
    r"|\bsmaller\s+amounts\b",
    re.IGNORECASE,
)
_COUNTRY_ANAPHOR_RE = re.compile(
    r"\b(?:it|its|the\s+(?:[\w-]+\s+){0,2}?(?:country|nation)(?:['\u2019]s)?)\b", re.IGNORECASE
)
ACCORDING_RE = re.compile(r"\baccording\s+to\b[^,;]*", re.IGNORECASE)
_MAGNET_RE = re.compile(r"\bmagnets?\b", re.IGNORECASE)
# A country adjective followed by one of these is not an actor: the market, the army, or
# a company whose nationality says nothing about where it operates (resolution 4).
NON_ACTOR_NOUNS = frozenset(
    _words(
        """market markets consumers consumer buyers buyer customers demand importers tariffs
        tariff sanctions invasion troops military army aid support officials policymakers
        lawmakers leader leaders president counterparts talking allies war forces company
        companies firm firms group groups miner miners refiner refiners processor processors
        producer producers smelter smelters developer developers investor investors
        investment investments conglomerate corporation giant major owner owners operator
        operators partner partners"""
    )
)
_COMPANY_NOUNS = frozenset(
    _words(
        """company companies firm firms group groups miner miners refiner refiners processor
        processors producer producers developer developers conglomerate corporation giant
        major operator operators owner owners"""
    )
)
# "New Caledonia, a French Pacific territory": a description of another place
_DEPENDENCY_NOUNS = frozenset(["territory", "territories", "colony", "dependency", "overseas"])
_INDUSTRY_NOUNS = frozenset(["miners", "refiners", "processors", "producers", "smelters"])
_TARGET_WORDS = frozenset(
    _words(
        """to into against than with toward towards versus vs overtaken overtook overtake
        surpassed surpass outpaced behind"""
    )
)
_AFTER_PREPS = frozenset(["in", "from", "of", "by", "at", "within", "across"])
_LOCATIVE_PREPS = frozenset(["in", "at", "within", "across"])
_AGENT_OK = frozenset(["export_restricted", "dominant", "producing"])
# "in Western Australia", "in northern Myanmar", "in British Columbia, Canada"
_LOCATIVE_RE = re.compile(
    r"\b(?P<prep>in|at|within|across|from|of|by)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w-]*|northern|southern|eastern|western|central|north|south|east|west|"
    r"north-eastern|north-western|south-eastern|south-western|rural|remote)\s+){0,3}?"
    r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2},\s+)?$"
)
_RANKED_AFTER_RE = re.compile(
    r"(?:producers?|suppliers?|miners?|refiners?|sources?|largest|biggest|second|third)"
    r"\s+after\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_COORD_RE = re.compile(r"^\s*(?:,|and|or|&|, and|, or)\s*$")
_WORDS_RE = re.compile(r"[A-Za-z]+")
_NEXT_WORDS_RE = re.compile(r"^(?:['\u2019]s)?(?:\s+[\w-]+){1,4}")


@dataclass(slots=True)
class State:
    """Discourse state carried from sentence to sentence."""

    focus: str | None = None
    last_minerals: tuple[tuple[str, ...], bool] = ((), False)
    last_actor: dict[str, str] = field(default_factory=dict)
    magnet_slug: str | None = None
    ref_year: int | None = None


@dataclass(slots=True)
class Ctx:
    """One sentence with its mentions (offsets relative to the sentence)."""

    sent: Sentence
    text: str
    countries: list[CountryMention]
    minerals: list[MineralMention]
    excluded: list[tuple[int, int]]  # "according to ..." spans
    clauses: list[tuple[int, int]]
    generics: list[tuple[int, int]] | None = None  # generic mineral phrases (lazy)


def clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _CLAUSE_RE.finditer(text)] + [len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def clause_of(ctx: Ctx, pos: int) -> tuple[int, int]:
    for a, b in ctx.clauses:
        if a <= pos < b:
            return a, b
    return 0, len(ctx.text)


def word_before(text: str, pos: int) -> str:
    words = _WORDS_RE.findall(text[max(0, pos - 40) : pos])
    while words and words[-1].lower() in {"the", "a", "an"}:
        words.pop()
    return words[-1].lower() if words else ""


def _locative_prep(ctx: Ctx, c: CountryMention) -> str:
    """The preposition governing a country mention, skipping place modifiers."""
    prev = word_before(ctx.text, c.start)
    if prev in _AFTER_PREPS:
        return prev
    m = _LOCATIVE_RE.search(ctx.text, max(0, c.start - 60), c.start)
    return m.group("prep") if m else ""


def is_company_nationality(ctx: Ctx, c: CountryMention) -> bool:
    """ "an Australian company", "Chinese refiners" - but "Chinese titanium producers" is
    the country's industry for that mineral."""
    if c.alias_kind not in {"adjective", "demonym"}:
        return False
    nxt = _NEXT_WORDS_RE.match(ctx.text[c.end : c.end + 60])
    if not nxt:
        return False
    words = [w.lower() for w in nxt.group().split()]
    if words[0].endswith("-owned") or any(w in _DEPENDENCY_NOUNS for w in words[:3]):
        return True
    for i, w in enumerate(words[:4]):
        if w in _COMPANY_NOUNS:
            industry = w in _INDUSTRY_NOUNS and any(
                c.end < x.start < c.end + 40 for x in ctx.minerals
            )
            return not industry and i < 4
    return False


def eligible(ctx: Ctx, c: CountryMention, status: str) -> bool:
    if any(a <= c.start < b for a, b in ctx.excluded):
        return False
    prev = word_before(ctx.text, c.start)
    if ctx.text[c.end : c.end + 2] in ("'s", "\u2019s"):
        prev = ""  # a possessor ("due to China's dominance") is never a target
    if prev in _TARGET_WORDS and status != "disrupted":
        return False
    if prev == "after" and _RANKED_AFTER_RE.search(ctx.text, max(0, c.start - 40), c.start):
        return False  # "the second-largest producer after Australia"
    if prev == "by" and status not in _AGENT_OK:
        return False  # "occupied by Russia": the occupier is not the disrupted country
    if status == "import_dependent" and prev in {"on", "upon", "from", "off"}:
        return False
    if status == "export_restricted" and prev == "on":
        return False
    if is_company_nationality(ctx, c):
        return False
    if c.alias_kind in {"adjective", "demonym", "abbreviation", "name", "short"}:
        nxt = re.match(r"^(?:['\u2019]s)?\s+([\w-]+)", ctx.text[c.end :])
        if nxt and nxt.group(1).lower() in NON_ACTOR_NOUNS:
            return False
    return True


def _coordinated(ctx: Ctx, chosen: CountryMention, pool: list[CountryMention]) -> list[str]:
    out = [chosen.iso2]
    idx = pool.index(chosen)
    j, cur = idx - 1, chosen
    while j >= 0 and _COORD_RE.match(ctx.text[pool[j].end : cur.start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j -= 1
    j, cur = idx + 1, chosen
    while j < len(pool) and _COORD_RE.match(ctx.text[cur.end : pool[j].start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j += 1
    return out


def actor(
    ctx: Ctx, status: str, cs: int, ce: int, state: State, definite: bool
) -> tuple[list[str], int, bool]:
    """(countries, end offset of the actor or -1, resolved-by-anaphora)."""
    a, b = clause_of(ctx, cs)
    pool = [c for c in ctx.countries if a <= c.start < b and eligible(ctx, c, status)]
    before = [c for c in pool if c.end <= cs]
    after = [(c, _locative_prep(ctx, c)) for c in pool if c.start >= ce]
    after = [(c, p) for c, p in after if p]
    located = [c for c, p in after if p in _LOCATIVE_PREPS]
    if status in {"developing", "disrupted"} and located:
        # The place of the operation beats a subject ("Syrah ... its mine in Mozambique").
        nationals = [
            c for c in ctx.countries if a <= c.start < cs and is_company_nationality(ctx, c)
        ]
        if status == "developing" or nationals or not before:
            return _coordinated(ctx, located[0], pool), located[0].end, False
    if status == "developing":
        before = [
            c
            for c in before
            if c.alias_kind not in {"adjective", "demonym"}
            or ctx.text[c.end : c.end + 2] in ("'s", "\u2019s")
        ]
    if before:
        return _coordinated(ctx, before[-1], pool), before[-1].end, False
    if after and status != "import_dependent":
        first = after[0][0]
        return _coordinated(ctx, first, pool), first.end, False
    anaphor = None
    for m in _COUNTRY_ANAPHOR_RE.finditer(ctx.text, a, cs):
        anaphor = m
    if anaphor is not None and state.focus:
        return [state.focus], anaphor.end(), True
    if ctx.text[a:b].lstrip().lower().startswith(("which", "who", "that")):
        prev = [c for c in ctx.countries if c.end <= a and a - c.end <= 4]
        if prev:
            return [prev[-1].iso2], prev[-1].end, False
    if definite and status in state.last_actor:
        return [state.last_actor[status]], -1, True
    return [], -1, False


def generic_mentions(ctx: Ctx, start: int, end: int) -> list[tuple[int, int]]:
    """Generic mineral phrases in [start, end), not counted ones ("a list of five minerals")."""
    if ctx.generics is None:
        ctx.generics = []
        lowered = ctx.text.lower()
        finder = _GENERIC_LOW_RE if len(lowered) == len(ctx.text) else GENERIC_RE
        for g in finder.finditer(lowered if finder is _GENERIC_LOW_RE else ctx.text):
            if any(m.start <= g.start() < m.end for m in ctx.minerals):
                continue
            if _NUMBER_BEFORE_RE.search(ctx.text, max(0, g.start() - 30), g.start()):
                continue
            ctx.generics.append(g.span())
    return [g for g in ctx.generics if start <= g[0] < end]


def minerals(
    ctx: Ctx, cs: int, ce: int, state: State, allow_back: bool
) -> tuple[list[str | None], bool]:
    a, b = clause_of(ctx, cs)
    found = [m for m in ctx.minerals if a <= m.start < b]
    scope = (a, b)
    if not found:
        found = list(ctx.minerals)
        scope = (0, len(ctx.text))
    slugs: list[str | None] = []
    for m in found:
        for s in m.slugs:
            if s not in slugs:
                slugs.append(s)
    generic = False
    for gs, ge in generic_mentions(ctx, *scope):
        if min(abs(gs - ce), abs(cs - ge)) <= 60 or a <= gs < ce:
            generic = True
    if slugs or generic:
        return [*slugs, *([None] if generic else [])], False
    if state.magnet_slug and _MAGNET_RE.search(ctx.text, a, b):
        return [state.magnet_slug], True
    if allow_back or _MINERAL_ANAPHOR_RE.search(ctx.text):
        prev, prev_generic = state.last_minerals
        return [*prev, *([None] if prev_generic else [])], True
    return [], False
