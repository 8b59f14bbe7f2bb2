"""Claims that come from a noun phrase rather than a status cue, and the Claim type.

"Ukraine's (valuable) rare earth minerals", "the nation's lithium wealth": reserves;
"ore shipped to China for processing": the destination refines it (producing). Also the
minerals that name the kind of a reserve noun ("platinum reserves").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.claim_status import ClaimStatus
from app.enrichment import modality
from app.enrichment.context import Ctx, State, clause_of, word_before
from app.enrichment.linking import MineralMention

_POSSESSIVE_RE = re.compile(
    r"['\u2019]s\s+(?:(?:vast|valuable|untapped|rich|abundant|significant|huge|large|critical|"
    r"key|strategic|own|substantial|considerable|potential|coveted|prized)\s+){0,3}",
    re.IGNORECASE,
)

_RESERVE_HEAD_RE = re.compile(
    r"(?:^\s+|\b)(?:minerals|elements|deposits?|reserves|resources|wealth|riches|ores?)\b"
    # ... unless a noun follows that it modifies: "its nickel ore export ban"
    r"(?!\s+(?:exports?|ban|bans|processing|smelt\w*|prices?|imports?|shipments?|output|"
    r"production|mining|sales|trade|tax|levy|quotas?)\b)",
    re.IGNORECASE,
)

_DESTINATION_RE = re.compile(
    r"\s+(?:for\s+(?:refining|processing|smelting|separation)|to\s+be\s+(?:refined|processed|"
    r"smelted|turned\s+into|made\s+into))\b",
    re.IGNORECASE,
)

# "the nation's nickel resources", "its lithium deposits"
_ANAPHOR_POSSESSIVE_RE = re.compile(
    r"\b(?:the\s+(?:country|nation)['\u2019]s|its)\s+(?:(?:vast|untapped|rich|known|large|"
    r"significant|huge|estimated|potential|proven)\s+){0,2}",
    re.IGNORECASE,
)

_PREMOD_GAP_RE = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+|\s+or\s+)$")


@dataclass(frozen=True, slots=True)
class Claim:
    country: str
    mineral: str | None
    status: ClaimStatus
    evidence: str
    start: int
    end: int
    confidence: float
    # What the decision saw (app/enrichment/confidence.py turns them into the confidence).
    features: tuple[str, ...] = ()


def claims(
    ctx: Ctx,
    iso2s: list[str],
    mins: list[str | None],
    status: ClaimStatus,
    conf: float,
    features: tuple[str, ...] = (),
) -> list[Claim]:
    s = ctx.sent
    fan_out = len(iso2s) * len(mins)
    shared = (
        *features,
        *sentence_features(ctx),
        f"ncountries={min(len(iso2s), 3)}",
        "fan_out=1" if fan_out == 1 else "fan_out=2-3" if fan_out <= 3 else "fan_out=4+",
    )
    return [
        Claim(
            iso2,
            slug,
            status,
            s.text,
            s.start,
            s.end,
            round(conf, 2),
            (*shared, "generic" if slug is None else "named", f"nminerals={min(len(mins), 3)}"),
        )
        for iso2 in iso2s
        for slug in mins
    ]


_QUOTE_CHARS = frozenset('"\u201c\u201d')
_REPORTING_RE = re.compile(r"\b(?:said|says|told|according\s+to|reported|stated)\b", re.I)


def sentence_features(ctx: Ctx) -> tuple[str, ...]:
    """Features of the evidence sentence itself, the same for every claim it gives."""
    out = ["heading"] if ctx.sent.heading else []
    if any(ch in _QUOTE_CHARS for ch in ctx.text):
        out.append("quoted")
    if _REPORTING_RE.search(ctx.text):
        out.append("reported")
    out.append("lede" if ctx.sent.line <= 3 else "body")
    words = len(ctx.text.split())
    out.append("long" if words > 40 else "short" if words < 12 else "medium")
    out.append(f"sentence_countries={min(len({c.iso2 for c in ctx.countries}), 3)}")
    out.append(f"sentence_minerals={min(len(ctx.minerals), 3)}")
    return tuple(out)


def premodifiers(ctx: Ctx, cs: int) -> list[str]:
    """Minerals naming the kind of a reserve noun: "platinum reserves", "nickel and cobalt
    deposits" (then the other minerals of the clause are not meant)."""
    found: list[MineralMention] = []
    pos = cs
    for x in reversed(ctx.minerals):
        if x.end > pos:
            continue
        gap = ctx.text[x.end : pos]
        if not found and gap.strip():
            break
        if found and not _PREMOD_GAP_RE.match(gap):
            break
        found.append(x)
        pos = x.start
    return [s for x in reversed(found) for s in x.slugs]


def anaphor_reserves(ctx: Ctx, state: State) -> list[Claim]:
    """ "Officials put the nation's cobalt resources at ...": reserves of
    the one country of the sentence (else the discourse focus)."""
    out: list[Claim] = []
    for m in _ANAPHOR_POSSESSIVE_RE.finditer(ctx.text):
        mineral = next((x for x in ctx.minerals if x.start == m.end()), None)
        if mineral is None or not _RESERVE_HEAD_RE.match(ctx.text[mineral.end : mineral.end + 20]):
            continue
        if m.group().lower().startswith("its") and not any(
            c.end <= m.start() for c in ctx.countries
        ):
            continue
        iso2s = {
            c.iso2 for c in ctx.countries if not any(a <= c.start < b for a, b in ctx.excluded)
        }
        country = next(iter(iso2s)) if len(iso2s) == 1 else (None if iso2s else state.focus)
        if country:
            out.extend(
                claims(
                    ctx,
                    [country],
                    list(mineral.slugs),
                    ClaimStatus.RESERVES,
                    0.7,
                    ("cue=anaphor_reserves",),
                )
            )
    return out


def possessive_reserves(ctx: Ctx) -> list[Claim]:
    """ "Ukraine's (valuable) rare earth minerals", "Chile's lithium deposits": reserves."""
    out: list[Claim] = []
    for c in ctx.countries:
        m = _POSSESSIVE_RE.match(ctx.text, c.end)
        if not m:
            continue
        mineral = next((x for x in ctx.minerals if x.start == m.end()), None)
        if mineral is None:
            continue
        tail = ctx.text[mineral.end : mineral.end + 20]
        if not (_RESERVE_HEAD_RE.match(tail) or _RESERVE_HEAD_RE.search(mineral.text)):
            continue
        out.extend(
            claims(
                ctx,
                [c.iso2],
                list(mineral.slugs),
                ClaimStatus.RESERVES,
                0.75,
                ("cue=possessive_reserves",),
            )
        )
    return out


def destinations(ctx: Ctx) -> list[Claim]:
    """ "ore shipped to China for processing": the destination refines it (producing)."""
    out: list[Claim] = []
    for c in ctx.countries:
        if word_before(ctx.text, c.start) != "to" or not _DESTINATION_RE.match(ctx.text, c.end):
            continue
        a, b = clause_of(ctx, c.start)
        mins = [s for x in ctx.minerals if a <= x.start < b for s in x.slugs]
        if mins and not modality.hedged(ctx, ClaimStatus.PRODUCING, c.start, -1, False):
            unique: list[str | None] = list(dict.fromkeys(mins))
            out.extend(
                claims(ctx, [c.iso2], unique, ClaimStatus.PRODUCING, 0.6, ("cue=destination",))
            )
    return out
