"""What every cue is made of: the Cue record and the pattern pieces the cue lists share
(shares, superlatives, producer nouns)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.claim_status import ClaimStatus

IGNORE_CASE = re.IGNORECASE
NUM = r"\d+(?:[.,]\d+)?"
PCT_NUM = rf"(?:{NUM})\s*(?:%|per ?cent\b|percent\b|pc\b)"
# Word fractions count as shares: "three-quarters of", "half of", "a third of" ("more than"
# before the match is read by share_of).
FRACTION = r"(?:(?:a|one|two|three)[- ])?(?:half|thirds?|quarters?|fifths?|tenths?)\b"
PCT = rf"(?:{PCT_NUM}|{FRACTION})"
SUPER = (
    r"(?:largest|biggest|top|leading|dominant|main|major|no\.?\s?1|number[- ]one|"
    r"(?:second|third|fourth|fifth)[- ](?:largest|biggest)|foremost|premier|principal)"
)
PRODUCER_NOUN = (
    r"(?:producers?|processors?|refiners?|suppliers?|sources?|miners?|exporters?|"
    r"(?:producing|mining|smelting|refining|processing)\s+(?:nations?|countr(?:y|ies)))"
)


@dataclass(frozen=True, slots=True)
class Cue:
    status: ClaimStatus
    name: str
    pattern: re.Pattern[str]
    needs_object: bool = False  # a verb whose object must be a mineral, pronoun or quantity
    nominal_control: bool = False  # needs a possessor/subject country right next to it
    definite: bool = False  # a definite reference ("the curbs") to an earlier claim
    # The same expression without IGNORECASE, for the lowercased sentence (twice as fast).
    lowered: re.Pattern[str] | None = None

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Matches in text; spans are the same in both (lowered is used when lengths agree)."""
        if self.lowered is not None and len(lowered) == len(text):
            return self.lowered.finditer(lowered)
        return self.pattern.finditer(text)


def cue(status: ClaimStatus, name: str, pattern: str, **kw: bool) -> Cue:
    return Cue(status, name, re.compile(pattern, IGNORE_CASE), lowered=re.compile(pattern), **kw)
