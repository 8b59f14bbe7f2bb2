"""Modality of a cue: hedges, negation scope, past-only time, presupposition.

- Hedges: a strong hedge ("if", "could", "might", "would", lowercase "may") anywhere before
  the cue in its clause blocks every status; weaker ones ("plans to", "seeks to", "likely")
  between the actor and the cue block all but `developing`. Reported "would" ("China said it
  would restrict ...") is not a hedge.
- Negation: a negator between the actor and the cue, within the same conjunct ("has not
  refined tin for years, so it buys abroad" does not negate the purchases).
- Past only: "in the 1990s", "Soviet", "before the war", or only years long before the
  article's own date.
"""

from __future__ import annotations

import re

from app.claim_status import ClaimStatus
from app.enrichment import cues, projects
from app.enrichment.context import Ctx, State, clause_of

HEDGE_RE = re.compile(
    r"\b(?:could|might|may|would|should|if|unless|whether|potential(?:ly)?|possibl[ey]|"
    r"capable|able|ability|hypothetical(?:ly)?|aim(?:s|ed)?\s+to|seek(?:s|ing)?\s+to|"
    r"hope(?:s|d)?\s+to|want(?:s|ed)?\s+to|wish(?:es)?\s+to|plan(?:s|ned)?\s+to|"
    r"expected\s+to|likely|unlikely|lacks?|lacking|in\s+order\s+to|"
    r"to\s+(?:increase|boost|expand|raise|develop|secure|build|ramp\s+up|counter|reduce|"
    r"diversify|establish|create)|effort|efforts|attempt|bid\s+to|"
    r"threaten(?:s|ed|ing)?|consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|propos\w+|"
    r"debat(?:e|es|ed|ing)|discuss(?:es|ed|ing)?|mull(?:s|ed|ing)?|"
    r"would-be|allegedly|once(?!\s+(?:a|an|one|among|the\s+(?:world|country|largest|biggest|"
    r"leading|top|main|second|third))\b))\b",
    re.IGNORECASE,
)
# Reported speech lifts the hedge of "would" ("China said it would restrict ...").
REPORTED_WOULD_RE = re.compile(
    r"\b(?:said|says|announced|stated|added|confirmed|declared|warned)\b[^.;]{0,60}?\bwould\b",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(
    r"\b(?:not|no|never|n['\u2019]t|neither|nor|without|lifted|lifts|lifting|eased|eases|"
    r"easing|scrapped|removed|dropped|suspended\s+(?:its|the)\s+ban)\b",
    re.IGNORECASE,
)
PAST_ONLY_RE = re.compile(
    r"\b(?:used\s+to\s+(?:be|produce|mine|supply|export|refine|process|dominate|hold|have|"
    r"account|lead)|formerly|previously|in\s+the\s+past|historically|decades\s+ago|years\s+ago|"
    r"(?:in|during)\s+the\s+(?P<decade>(?:19|20)\d0)s|soviet|once\s+(?:produced|mined|was)|"
    r"before\s+the\s+(?:coup|war|invasion)|"
    r"(?:was|were)\s+once)\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_STRONG_HEDGE_RE = re.compile(
    r"\b(?:[Ii]f|[Uu]nless|[Ww]hether|[Cc]ould|[Mm]ight|[Ww]ould|may|"
    r"[Hh]ypothetical(?:ly)?|[Ww]ants?\s+to|[Hh]opes?\s+to)\b"
)
# Not a concrete project: urging, purpose, lack of means, studies ("pressing miners to build").
_DEV_HEDGE_RE = re.compile(
    r"\b(?:seek(?:s|ing)?|sought|aim(?:s|ed|ing)?|striv\w+|tr(?:y|ies|ying|ied)|"
    r"press(?:es|ed|ing)?|urg(?:e|es|ed|ing)|forc(?:e|es|ed|ing)|encourag\w+|push(?:es|ed|ing)?|"
    r"requir\w+|call(?:s|ed|ing)?\s+on|fail(?:s|ed|ing)?)\s+(?:\w+\s+){0,3}?to\b"
    r"|\black(?:s|ed|ing)?\b|\bno\s+plans?\b|\b(?:consider|weigh|mull|debat|discuss)\w*\b"
    r"|\b(?:withdrawn|revoked|cancell?ed|rejected|denied)\b"
    r"|\bstud(?:y|ies|ying|ied)\s+(?:whether\b|the\s+(?:possibility|feasibility)\b|$)"
    r"|\bany\s+(?:new\s+)?$",
    re.IGNORECASE,
)
_ANY_RE = re.compile(r"[\w-]+\s+(?:any|no)\s")  # "developing any new mine would take ..."
# A project that is not going ahead ("a project to reopen the mine has stalled").
_DEV_STALLED_RE = re.compile(
    r"\b(?:stalled|shelved|on\s+hold|abandoned|scrapped|cancell?ed|mothballed)\b", re.IGNORECASE
)
# "yet" joins conjuncts only after a comma: in "has yet to be funded" it is the adverb.
_CONJUNCT_RE = re.compile(r"(?:,\s*|\s)(?:and|but|while)\s|,\s*yet\s|;\s")
_PRESUPPOSED_GAP_RE = re.compile(r"(?:['\u2019]s)?\s*(?:[\w-]+\s+){0,3}")


def _reported(word: str, prefix: str) -> bool:
    return word.lower() == "would" and bool(REPORTED_WOULD_RE.search(prefix))


_MODALS = frozenset(["could", "would", "may", "might"])


def _project_modal(status: ClaimStatus, hedge: re.Match[str], prefix: str) -> bool:
    """A concrete project's future ("the smelter would make 20,000 t a year"): the guideline
    keeps developing claims of named facilities even when hedged."""
    return (
        status == ClaimStatus.DEVELOPING
        and hedge.group().lower() in _MODALS
        and bool(projects.FACILITY_RE.search(prefix, 0, hedge.start()))
    )


def hedged(ctx: Ctx, status: ClaimStatus, cs: int, actor_end: int, presupposed: bool) -> bool:
    if presupposed:
        return False
    a, _ = clause_of(ctx, cs)
    prefix = ctx.text[a:cs]
    strong = _STRONG_HEDGE_RE.search(prefix)
    if (
        strong
        and not _reported(strong.group(), prefix)
        and not _project_modal(status, strong, prefix)
    ):
        return True
    if status == ClaimStatus.DEVELOPING:
        if _DEV_HEDGE_RE.search(prefix) or _ANY_RE.match(ctx.text, cs):
            return True
        _, b = clause_of(ctx, cs)
        return bool(_DEV_STALLED_RE.search(ctx.text, cs, b))
    window = ctx.text[actor_end:cs] if 0 <= actor_end <= cs else ctx.text[max(a, cs - 50) : cs]
    for weak in HEDGE_RE.finditer(window):
        if weak.group() == "May" or _reported(weak.group(), prefix):
            continue  # the month, or reported "would"
        return True
    return False


# Guideline resolution 7: a restriction said to be lifted, suspended or ended is not one,
# unless the same clause says it stays ("the ban, eased in May, remains for ...").
_ENDING_VERB = (
    r"(?:lift|suspend|eas|end|scrap|remov|revok|relax|withdr[ae]w|drop|rescind|waiv|repeal|"
    r"paus|roll(?:ed|ing|s)?\s+back)\w*"
)
_ENDED_BEFORE_RE = re.compile(
    rf"\b{_ENDING_VERB}\s+(?:of\s+)?(?:its|the|a|an|their|some|all|these|those|this|that)?\s*"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# The cue itself may begin with the ending verb: "suspended its ban on exports".
_ENDS_A_MEASURE_RE = re.compile(
    rf"{_ENDING_VERB}\s+(?:of\s+)?(?:its|the|a|an|their|some|all|these|those|this|that)?\s*"
    r"(?:[\w-]+\s+){0,2}?(?:bans?|curbs?|restrictions?|controls?|quotas?|licen[cs]\w*|"
    r"embargo\w*|requirements?|measures?|prohibitions?)\b",
    re.IGNORECASE,
)
_ENDED_AFTER_RE = re.compile(
    r"^[^.;:]{0,60}?\b(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be|"
    r"being|to\s+be)\s+(?:\w+\s+)?(?:lifted|suspended|eased|ended|scrapped|removed|revoked|"
    r"relaxed|withdrawn|dropped|rescinded|waived|repealed|paused|rolled\s+back)"
    # "the ban ... ended in October", "expired last year"
    r"|(?:ended|expired|lapsed)\s+(?:in|on|at|last|this|after|when)\b)\b",
    re.IGNORECASE,
)
_STILL_RE = re.compile(r"\b(?:remains?|remained|still|continues?|continued|stays?|stayed)\b", re.I)


def ended_restriction(ctx: Ctx, cs: int, ce: int) -> bool:
    """The restriction the cue names is said to be over (lifted, suspended, ended)."""
    a, b = clause_of(ctx, cs)
    if _STILL_RE.search(ctx.text, a, b):
        return False
    before = ctx.text[max(a, cs - 40) : cs]
    return bool(
        _ENDED_BEFORE_RE.search(before)
        or _ENDS_A_MEASURE_RE.match(ctx.text, cs, ce)
        or _ENDED_AFTER_RE.match(ctx.text[ce:b])
    )


_NEITHER_NOR_RE = re.compile(r"\b(?:neither|nor)\b", re.IGNORECASE)


def negated(ctx: Ctx, cs: int, actor_end: int) -> bool:
    a, _b = clause_of(ctx, cs)
    if _NEITHER_NOR_RE.search(ctx.text, a, cs):
        return True  # "Neither Japan nor Korea produces ...": the negation spans the subjects
    # Without an actor in the clause, the clause's own opening counts: "no such mine has
    # yet been funded".
    start = actor_end if 0 <= actor_end <= cs else max(a, cs - 40)
    start = max(start, cs - 40)
    for m in _CONJUNCT_RE.finditer(ctx.text, start, cs):
        start = m.end()  # a negation does not cross into the next conjunct
    return bool(NEGATION_RE.search(ctx.text, start, cs))


def _conjunct(ctx: Ctx, cs: int) -> tuple[int, int]:
    a, b = clause_of(ctx, cs)
    for m in _CONJUNCT_RE.finditer(ctx.text, a, b):
        if m.end() <= cs:
            a = m.end()
        elif m.start() >= cs:
            b = m.start()
            break
    return a, b


# A time marker after "up from", "than", "compared with" dates the baseline of a comparison
# ("up from 5% eight years ago"), not the state the sentence asserts.
_BASELINE_RE = re.compile(
    r"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?)\s[^,;:()]{0,50}$", re.IGNORECASE
)


def past_marker(ctx: Ctx, state: State, cs: int) -> bool:
    """A marker in the cue's conjunct that puts what it states in the past ("used to",
    "historically", "in the 1990s"), not one dating a comparison's baseline or a decade
    still to come ("during the 2030s")."""
    a, b = _conjunct(ctx, cs)
    for m in PAST_ONLY_RE.finditer(ctx.text, a, b):
        if _BASELINE_RE.search(ctx.text[max(a, m.start() - 60) : m.start()]):
            continue
        decade = m.group("decade")
        if decade and not _decade_ended(int(decade), state):
            continue
        return True
    return False


def _decade_ended(decade: int, state: State) -> bool:
    now = state.ref_year or state.latest_year
    return now is None or decade + 10 <= now


def past_only(ctx: Ctx, state: State, cs: int) -> bool:
    """Only past production in the cue's conjunct ("stopped in 2016, and Japan makes ...")."""
    if past_marker(ctx, state, cs):
        return True
    a, b = _conjunct(ctx, cs)
    years = [int(y) for y in YEAR_RE.findall(ctx.text, a, b)]
    return bool(years and state.ref_year and max(years) < state.ref_year - 3)


def presupposed(ctx: Ctx, cue: cues.Cue, cs: int, actor_end: int) -> bool:
    """A dominant/reserves noun right after its possessor ("China's dominance")."""
    if actor_end < 0 or actor_end > cs:
        return False
    if not _PRESUPPOSED_GAP_RE.fullmatch(ctx.text, actor_end, cs):
        return False
    return cue.status in {ClaimStatus.DOMINANT, ClaimStatus.RESERVES} and cue.name != "superlative"
