"""Roles of a status cue: which minerals are meant (the actor country is in actors.py).

Minerals are those of the clause, else of the sentence, else - when the sentence refers back
("these materials", "the metal", "ore") - those of the last sentence naming minerals. A
generic phrase ("critical minerals", "every mineral") near the cue adds mineral null.
"""

from __future__ import annotations

import re

from app.enrichment.actors import (
    NON_ACTOR_NOUNS,
    actor,
    eligible,
    is_company_nationality,
    is_company_possessive,
    nationality_only,
)
from app.enrichment.context import Ctx, State, clause_of, clauses, word_before

__all__ = [
    "ACCORDING_RE",
    "GENERIC_RE",
    "NON_ACTOR_NOUNS",
    "Ctx",
    "State",
    "actor",
    "clause_of",
    "clauses",
    "eligible",
    "generic_mentions",
    "is_company_nationality",
    "is_company_possessive",
    "minerals",
    "nationality_only",
    "word_before",
]

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

# A few counted minerals are named nearby ("a list of five minerals"); "holds over 30
# critical minerals" speaks of minerals in general.
_NUMBER_BEFORE_RE = re.compile(
    r"\b(?:(?<![\d.,])\d(?![\d.,])|two|three|four|five|six|seven|eight|nine|several|"
    r"a list of)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)

_MINERAL_ANAPHOR_RE = re.compile(
    r"\b(?:these|those|this|that|such|the)\s+(?:[\w-]+\s+){0,2}?(?:materials?|minerals?|metals?|"
    r"elements|resources|inputs?|commodit(?:y|ies)|sector|ores?)\b|\bit\b|\bthem\b"
    r"|\b(?:mines?|mined|mining|ships?|produces?)\s+(?:the\s+)?(?:ore|concentrates?)\b"
    r"|\bsmaller\s+amounts\b",
    re.IGNORECASE,
)

ACCORDING_RE = re.compile(r"\baccording\s+to\b[^,;]*", re.IGNORECASE)

_MAGNET_RE = re.compile(r"\bmagnets?\b", re.IGNORECASE)


_COMPANY_NAME_RE = re.compile(r"\b[A-Z][\w&.-]*\s+(?:Minerals|Metals|Resources)$")


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
            if _COMPANY_NAME_RE.search(ctx.text, max(0, g.start() - 30), g.end()):
                continue  # "First Quantum Minerals": a company's name
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
