"""Sentence context and discourse state shared by the role and modality rules."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from app.enrichment.linking import CountryMention, MineralMention
from app.enrichment.sentences import Sentence
from app.enrichment.trace import Trace

_CLAUSE_RE = re.compile(
    r";\s|:\s|,\s+(?=(?:while|whereas|although|though|but|as|because|since|which|who|where|when|"
    r"so|yet|even though|mostly|most of it|much of it|most of them)\b)"
    r"|,\s+(?:and|but)\s+(?=(?:none|no|it|its|they|their|this|these|those|several|some|many)\b)"
    r"|\s+(?=(?:while|whereas|although|because|but)\s)"
)

_WORDS_RE = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class State:
    """Discourse state carried from sentence to sentence."""

    focus: str | None = None
    focus_age: int = 99  # sentences since the focus was last set
    last_minerals: tuple[tuple[str, ...], bool] = ((), False)
    last_actor: dict[str, str] = field(default_factory=dict)
    magnet_slug: str | None = None
    project: str | None = None  # the country of the last located mine, plant or project
    project_age: int = 99  # sentences since it was named
    ref_year: int | None = None
    latest_year: int | None = None  # the latest year the article names (when undated)
    trace: Trace | None = None  # collects dropped candidates for --explain


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
