"""Constructions that say who a cue is about beyond the clause's plain subject: absolute
clauses ("with Chile accounting for 60%"), fronted phrases ("With abundant reserves of
lithium, Australia ..."), coordination by "along with", causes after "led to", a ranking's
followers ("followed by A and B"), agentless bans and the country a ban keeps out.
"""

from __future__ import annotations

import re

from app.claim_status import ClaimStatus
from app.enrichment.context import Ctx, clause_of, word_before
from app.enrichment.linking import CountryMention

# "led to Chinese restrictions", "due to": a cause, not a comparison's or a transfer's target
_CAUSAL_TO_RE = re.compile(
    r"\b(?:led|lead|leads|leading|due|owing|thanks)\s+to\s+(?:the\s+)?$", re.I
)
# "along with Peru": a coordinated member, not a comparison's target
_ALONG_WITH_RE = re.compile(r"\b(?:along|together)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_ING_AFTER_RE = re.compile(r"\s+(?:(?:alone|also|now|still|\w+ly)\s+)?[a-z]{3,}ing\b")
_FOLLOWED_BY_RE = re.compile(r",?\s+followed\s+by\b", re.IGNORECASE)
# Statuses a ranking's followers share ("the largest reserves, followed by A and B"); a
# leader's dominance is not theirs.
SHARED_BY_FOLLOWERS = frozenset([ClaimStatus.RESERVES, ClaimStatus.PRODUCING])
# An export ban in the passive, without its agent: the country the text is about imposed it.
_AGENTLESS_BAN_RE = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?"
    r"(?:banned|restricted|prohibited|curbed|halted)\b",
    re.IGNORECASE,
)
_FRONTED_WITH_RE = re.compile(r"\s*(?:With|Without|Having)\s[^,;]{3,160},\s+(?:however,\s+)?")


def subject_despite_preposition(ctx: Ctx, c: CountryMention) -> bool:
    """A country after "with" or "to" that is still an actor: the subject of an absolute
    clause ("with Chile accounting for 60% of supply"), a member coordinated by "along
    with", the cause after "led to"."""
    before = ctx.text[max(0, c.start - 20) : c.start]
    if _CAUSAL_TO_RE.search(before) or _ALONG_WITH_RE.search(before):
        return True
    return word_before(ctx.text, c.start) == "with" and bool(_ING_AFTER_RE.match(ctx.text, c.end))


def followers(ctx: Ctx, chosen: CountryMention, b: int) -> list[str]:
    """The countries a ranking names after its leader: "..., followed by A at 6 Mt and B"
    (the agent of "followed by" is the follower, so the pool's "by" rule does not apply)."""
    follow = _FOLLOWED_BY_RE.search(ctx.text, chosen.end, b)
    if follow is None:
        return []
    return [
        c.iso2
        for c in ctx.countries
        if follow.end() <= c.start < b and not any(x <= c.start < y for x, y in ctx.excluded)
    ]


def fronted_subject(ctx: Ctx, cs: int) -> CountryMention | None:
    """ "With abundant reserves of lithium, Australia is ...": a cue in a fronted phrase is
    about the subject of the main clause after it."""
    front = _FRONTED_WITH_RE.match(ctx.text)
    if front is None or cs >= front.end():
        return None
    return next((c for c in ctx.countries if front.end() <= c.start <= front.end() + 12), None)


_BY_AGENT_RE = re.compile(r"\s+by\s+(?:the\s+)?$", re.IGNORECASE)


def passive_agent(ctx: Ctx, ce: int, pool: list[CountryMention]) -> CountryMention | None:
    """The agent of a passive participle cue: "aluminium produced by Russia"."""
    if not ctx.text[:ce].endswith("ed"):
        return None
    return next(
        (c for c in pool if c.start > ce and _BY_AGENT_RE.fullmatch(ctx.text, ce, c.start)),
        None,
    )


_ACCESS_TO_RE = re.compile(
    r"\b(?:access|roads?|routes?|highways?|railways?)\s+to\s+(?:the\s+)?$", re.IGNORECASE
)


def access_owner(ctx: Ctx, ce: int, b: int) -> CountryMention | None:
    """ "cut off access to Ukraine's titanium deposits": whose supply was made inaccessible."""
    return next(
        (
            c
            for c in ctx.countries
            if ce <= c.start < b
            and ctx.text[c.end : c.end + 2] in ("'s", "\u2019s")
            and _ACCESS_TO_RE.search(ctx.text, max(0, c.start - 20), c.start)
        ),
        None,
    )


_SANCTIONS_ON_RE = re.compile(r"\bsanctions?\s+(?:on|against)\s*$", re.IGNORECASE)


def sanctions_target(ctx: Ctx, cs: int, ce: int) -> CountryMention | None:
    """ "imposed sanctions on Russian aluminium": the sanctioned country, not the one that
    imposes them (the guideline's disrupted is about sanctions imposed ON a country)."""
    if not _SANCTIONS_ON_RE.search(ctx.text, cs, ce):
        return None
    return next((c for c in ctx.countries if ce <= c.start <= ce + 12), None)


# "Ecuador, an Andean country neighbouring Peru, has ...": an apposition after its head
_APPOSITION_RE = re.compile(r",\s+(?:a|an|the)\s[^,;()]{0,80}$")


def appositive_head(
    ctx: Ctx, c: CountryMention, pool: list[CountryMention]
) -> CountryMention | None:
    """The country an apposition describes, when `c` is named inside that apposition."""
    for head in reversed([x for x in pool if x.end <= c.start]):
        between = ctx.text[head.end : c.start]
        if _APPOSITION_RE.fullmatch(between):
            after = ctx.text[c.end : c.end + 40]
            return head if "," in after else None
    return None


def agentless_ban(ctx: Ctx, cs: int, ce: int) -> bool:
    """ "Nickel exports were banned in 2020": an export ban in the passive, with no agent."""
    return bool(_AGENTLESS_BAN_RE.search(ctx.text, cs, ce))


def banned_source(ctx: Ctx, cs: int, ce: int) -> tuple[list[str], int, bool]:
    """The country whose metal a ban keeps out: named in the ban ("ban Russian exports of")
    or after "from" in its clause ("the import of zinc from Belarus")."""
    inside = [c for c in ctx.countries if cs <= c.start and c.end <= ce]
    if inside:
        return [inside[0].iso2], inside[0].end, False
    _a, b = clause_of(ctx, cs)
    src = next(
        (
            c
            for c in ctx.countries
            if ce <= c.start < b and word_before(ctx.text, c.start) == "from"
        ),
        None,
    )
    return ([src.iso2], src.end, False) if src else ([], -1, False)
