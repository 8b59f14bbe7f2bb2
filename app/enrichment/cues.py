"""Lexical cues for the eight claim statuses, in the order they are tried.

Each cue is a regular expression over one sentence (supply_cues.py, change_cues.py). The
roles (who is the actor, which minerals) are resolved in claims.py; these modules only say
where a status is expressed.
"""

from __future__ import annotations

import re

from app.enrichment.change_cues import CHANGE_CUES
from app.enrichment.cue_patterns import IGNORE_CASE, Cue
from app.enrichment.cue_triggers import TRIGGERS
from app.enrichment.supply_cues import SUPPLY_CUES

__all__ = ["CUES", "IMPORT_OBJECT_RE", "TECHNOLOGY_RE", "Cue", "active_cues"]

CUES: tuple[Cue, ...] = (*SUPPLY_CUES, *CHANGE_CUES)

TECHNOLOGY_RE = re.compile(r"\btechnolog(?:y|ies)\b|\bknow-how\b|\bequipment\b", IGNORE_CASE)
IMPORT_OBJECT_RE = re.compile(
    r"\b(?:imports?|imported|foreign|overseas|external|suppliers?|supplies|sources?|"
    r"supply\s+from|shipments)\b",
    IGNORE_CASE,
)


def _trigger_index() -> tuple[tuple[tuple[str, frozenset[int]], ...], frozenset[int]]:
    words: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, cue in enumerate(CUES):
        trig = TRIGGERS.get(cue.name)
        if not trig:
            always.add(i)
            continue
        for w in trig:
            words.setdefault(w, set()).add(i)
    # A word containing another trigger with a superset of its cues adds nothing.
    kept = {
        w: idx
        for w, idx in words.items()
        if not any(o != w and o in w and words[o] >= idx for o in words)
    }
    # Substring tests in C are cheaper than one regex per cue (or one big alternation).
    return tuple((w, frozenset(idx)) for w, idx in kept.items()), frozenset(always)


_TRIGGER_WORDS, _ALWAYS = _trigger_index()


def active_cues(lowered: str) -> list[Cue]:
    """The cues that may match a lowercased sentence, in CUES order."""
    active = set(_ALWAYS)
    for word, idx in _TRIGGER_WORDS:
        if word in lowered and not idx <= active:
            active |= idx
    return [CUES[i] for i in sorted(active)]
