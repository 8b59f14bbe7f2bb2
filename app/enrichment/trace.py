"""What the extractor decided about each candidate claim, and why, for `--explain`.

A candidate is one cue match in one sentence. It becomes claims, or one named rule drops
it; claims can still be dropped after the sentence (a duplicate, a production claim in a
clause that reports a halt). Tracing is off unless a list is passed to collect decisions,
so the normal path pays nothing for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.claim_status import ClaimStatus

if TYPE_CHECKING:  # noun_claims imports the context, which imports this module
    from app.enrichment.noun_claims import Claim


class Veto(StrEnum):
    """The rules that can drop a candidate, each right by definition or by the guideline."""

    UNREADABLE_SHARE = "unreadable_share"  # a share cue whose figure cannot be read
    INSIDE_HALT = "inside_halt"  # production words inside a not-producing / halt phrase
    CUE_FILTER = "cue_filter"  # the cue's own context test failed
    NO_ANTECEDENT = "no_antecedent"  # "the curbs" with no earlier restriction to refer to
    NO_ACTOR = "no_actor"  # no country the status can be about
    NO_POSSESSOR = "no_possessor"  # "dominance" with no country holding it
    HEDGED = "hedged"  # could, may, plans to, if ...
    NEGATED = "negated"
    ENDED_RESTRICTION = "ended_restriction"  # a lifted, suspended or eased restriction
    PAST_ONLY = "past_only"  # production that ended before the article's time
    TECHNOLOGY_EXPORT = "technology_export"  # controls on technology, not on the mineral
    NO_IMPORT_OBJECT = "no_import_object"  # "dependence" on nothing imported
    NO_MINERAL = "no_mineral"
    HALTED_CLAUSE = "halted_clause"  # its clause reports a halt for the same pair
    DUPLICATE = "duplicate"  # the article has a stronger claim of the same triple
    SUPERSEDED_BY_DOMINANT = "superseded_by_dominant"  # dominant implies producing
    UNLIKELY = "unlikely"  # the confidence model puts it below the emission threshold


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate (or a claim it produced) that the extractor did not keep."""

    sentence_start: int
    """Offset of the sentence in the article's clean text."""
    cue: str
    status: ClaimStatus | None
    matched: str
    """The cue's text in the sentence ("" for a claim dropped after its sentence)."""
    sentence: str
    rule: Veto
    countries: tuple[str, ...] = ()
    minerals: tuple[str | None, ...] = ()


Trace = list[Dropped]


def dropped_claim(claim: Claim, rule: Veto, sentence_start: int) -> Dropped:
    """A claim dropped after its sentence was read (no cue text of its own)."""
    cue = next((f[4:] for f in claim.features if f.startswith("cue=")), "")
    return Dropped(
        sentence_start,
        cue,
        claim.status,
        "",
        claim.evidence,
        rule,
        (claim.country,),
        (claim.mineral,),
    )
