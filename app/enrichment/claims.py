"""Status claims: cue -> actor country -> minerals, with hedging, negation and tense.

For every cue (cues.py) in a sentence the roles are resolved by roles.py (actor country,
minerals, anaphora) and the cue is checked by modality.py (hedge, negation, past-only).
One claim per country x mineral x status survives; dominant supersedes producing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.enrichment import cues, modality, roles
from app.enrichment.linking import CountryMention, Mentions, MineralMention
from app.enrichment.roles import Ctx, State
from app.enrichment.sentences import Sentence

STATUSES = (
    "producing",
    "dominant",
    "not_producing",
    "reserves",
    "disrupted",
    "export_restricted",
    "import_dependent",
    "developing",
)
_PRODUCTION_NOT_RE = re.compile(
    r"\s+(?:technolog\w*|facilit\w*|lines?|costs?|methods?|process(?:es)?|tax|agreement|"
    r"targets?|cuts?|quotas?\s+for\s+\d)\b",
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
_POSSESSIVE_RE = re.compile(
    r"['\u2019]s\s+(?:(?:vast|valuable|untapped|rich|abundant|significant|huge|large|critical|"
    r"key|strategic|own|substantial|considerable|potential|coveted|prized)\s+){0,3}",
    re.IGNORECASE,
)
_RESERVE_HEAD_RE = re.compile(
    r"(?:^\s+|\b)(?:minerals|elements|deposits?|reserves|resources|wealth|riches|ores?)\b",
    re.IGNORECASE,
)
_ONE_OF_RE = re.compile(
    r"\b(?:mine|mines|deposit|project|operation|plant|smelter|refinery|site|field|territory|"
    r"region|province|state|company|firm)\b[^.;]*,\s*one\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DESTINATION_RE = re.compile(
    r"\s+(?:for\s+(?:refining|processing|smelting|separation)|to\s+be\s+(?:refined|processed|"
    r"smelted|turned\s+into|made\s+into))\b",
    re.IGNORECASE,
)
_FACILITY_RE = re.compile(
    r"\b(?:mines?|smelters?|refiner(?:y|ies)|operations|output|production)\b", re.IGNORECASE
)
_SUPPLY_NOUN_RE = re.compile(
    r"\W*(?:[\w-]+\s+){0,2}?(?:supply|supplies|output|production|market|reserves|capacity|"
    r"processing|refining|mined|exports|total)\b",
    re.IGNORECASE,
)
_SOURCE_SUBJECT_RE = re.compile(
    r"\b(?:material|materials|ore|ores|concentrates?|feedstock|supply|supplies)\b", re.I
)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_BLOCKING = ("not_producing", "disrupted")
_EXPORT_WORD_RE = re.compile(r"\bexport", re.IGNORECASE)
_MAGNETS_RE = re.compile(r"\brare[- ]earth\s+magnets?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    country: str
    mineral: str | None
    status: str
    evidence: str
    start: int
    end: int
    confidence: float


def _produce_object(ctx: Ctx, m: re.Match[str]) -> bool:
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
    return bool(_OBJECT_RE.match(ctx.text[m.end() : m.end() + 50]))


def _production_noun(ctx: Ctx, m: re.Match[str]) -> bool:
    return not _PRODUCTION_NOT_RE.match(ctx.text, m.end())


def _share(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "more than half of the world's steel" is no claim about a mineral."""
    cs, ce = m.span()
    if any(cs <= x.start <= ce + 25 for x in ctx.minerals):
        return True
    if _SUPPLY_NOUN_RE.match(ctx.text, ce) or _SUPPLY_NOUN_RE.search(m.group()):
        return True
    return not re.match(r"\s+[a-z]", ctx.text[ce : ce + 3])


def _comes_from(ctx: Ctx, m: re.Match[str]) -> bool:
    before = ctx.text[max(0, m.start() - 100) : m.start()]
    return bool(_SOURCE_SUBJECT_RE.search(before)) or any(
        0 <= m.start() - x.end <= 40 for x in ctx.minerals
    )


def _superlative(ctx: Ctx, m: re.Match[str]) -> bool:
    # "its mine in Australia's Northern Territory, one of the world's biggest sources"
    return not _ONE_OF_RE.search(ctx.text, max(0, m.start() - 120), m.start())


_FILTERS: dict[str, Callable[[Ctx, re.Match[str]], bool]] = {
    "produce_verb": _produce_object,
    "production_noun": _production_noun,
    "superlative": _superlative,
    "ranked_producer": _superlative,
    "share": _share,
    "supplies_share": _share,
    "comes_from": _comes_from,
}


def _claims(
    ctx: Ctx, iso2s: list[str], mins: list[str | None], status: str, conf: float
) -> list[Claim]:
    s = ctx.sent
    return [
        Claim(iso2, slug, status, s.text, s.start, s.end, round(conf, 2))
        for iso2 in iso2s
        for slug in mins
    ]


def _possessive_reserves(ctx: Ctx) -> list[Claim]:
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
        out.extend(_claims(ctx, [c.iso2], list(mineral.slugs), "reserves", 0.75))
    return out


def _destinations(ctx: Ctx) -> list[Claim]:
    """ "ore shipped to China for processing": the destination refines it (producing)."""
    out: list[Claim] = []
    for c in ctx.countries:
        if roles.word_before(ctx.text, c.start) != "to" or not _DESTINATION_RE.match(
            ctx.text, c.end
        ):
            continue
        a, b = roles.clause_of(ctx, c.start)
        mins = [s for x in ctx.minerals if a <= x.start < b for s in x.slugs]
        if mins and not modality.hedged(ctx, "producing", c.start, -1, False):
            out.extend(_claims(ctx, [c.iso2], list(dict.fromkeys(mins)), "producing", 0.6))
    return out


def _status_of(ctx: Ctx, cue: cues.Cue, m: re.Match[str]) -> str | None:
    if cue.name in {"share", "accounts", "supplies_share"}:
        pct = cues.share_of(m.group(), ctx.text[max(0, m.start() - 16) : m.start()])
        if pct is None:
            return None
        return "dominant" if pct >= 50 else "producing"
    return cue.status


def _sentence_claims(ctx: Ctx, state: State) -> list[Claim]:
    out: list[Claim] = _possessive_reserves(ctx) + _destinations(ctx)
    blocking: list[tuple[int, int]] = []  # not_producing / disrupted spans
    lowered = ctx.text.lower()
    active = cues.active_cues(lowered)
    # blocking statuses first: "suspended production" is no producing claim
    active.sort(key=lambda cue: cue.status not in _BLOCKING)
    for cue in active:
        for m in cue.finditer(ctx.text, lowered):
            cs, ce = m.span()
            status = _status_of(ctx, cue, m)
            if status is None:
                continue
            if status == "producing" and any(a < ce and cs < b for a, b in blocking):
                continue
            filt = _FILTERS.get(cue.name)
            if filt and not filt(ctx, m):
                continue
            if (
                cue.definite
                and "export_restricted" not in state.last_actor
                and not _EXPORT_WORD_RE.search(ctx.text)
            ):
                continue
            if cue.name == "comes_from":
                src = next((c for c in ctx.countries if 0 < c.start - ce <= 6), None)
                actors, actor_end, by_anaphor = (
                    ([src.iso2], src.end, False) if src else ([], -1, False)
                )
            else:
                actors, actor_end, by_anaphor = roles.actor(
                    ctx, status, cs, ce, state, cue.definite
                )
            if not actors:
                continue
            pre = modality.presupposed(ctx, cue, cs, actor_end)
            by_agent = actor_end > ce and ctx.text[ce:actor_end].strip().startswith("by")
            if cue.nominal_control and not pre and not by_agent:
                continue
            if modality.hedged(ctx, status, cs, actor_end, pre):
                continue
            if status != "not_producing" and modality.negated(ctx, cs, actor_end):
                continue
            if status == "producing" and modality.past_only(ctx, state, cs):
                continue
            if status == "export_restricted":
                _a, b = roles.clause_of(ctx, cs)
                tail = ctx.text[cs:b]
                first_min = next((x.start for x in ctx.minerals if x.start >= cs), b)
                if cues.TECHNOLOGY_RE.search(tail[: max(0, first_min - cs)] or tail):
                    continue
            if status == "import_dependent" and cue.name == "dependence":
                after = ctx.text[ce : ce + 60]
                has_country = any(ce <= c.start <= ce + 30 for c in ctx.countries)
                if not (has_country or cues.IMPORT_OBJECT_RE.search(after)):
                    continue
            back = cue.definite or (
                status in {"producing", "disrupted"} and bool(_FACILITY_RE.search(ctx.text))
            )
            mins, from_context = roles.minerals(ctx, cs, ce, state, back)
            if status == "producing" and not from_context:
                # "recovers germanium from zinc concentrates": zinc is the feedstock
                feed = {
                    s
                    for x in ctx.minerals
                    if _FROM_BEFORE_RE.search(ctx.text, max(0, x.start - 12), x.start)
                    for s in x.slugs
                }
                mins = [s for s in mins if s not in feed]
            if not mins:
                continue
            if status in {"not_producing", "disrupted"}:
                blocking.append((cs, ce))
            conf = 0.9 - (0.2 if by_anaphor else 0.0) - (0.15 if from_context else 0.0)
            out.extend(_claims(ctx, actors, mins, status, conf))
            state.last_actor[status] = actors[0]
    # A sentence reporting a halt is not also a production statement for that country.
    halted = {c.country for c in out if c.status in _BLOCKING}
    return [c for c in out if not (c.status == "producing" and c.country in halted)]


def extract_claims(
    text: str,
    sentences: list[Sentence],
    mentions: Mentions,
    *,
    ref_year: int | None = None,
    deadline_check: Callable[[], None] | None = None,
) -> list[Claim]:
    state = State(ref_year=ref_year)
    if _MAGNETS_RE.search(text):
        state.magnet_slug = "rare-earths"
    countries = list(mentions.countries)
    minerals = list(mentions.minerals)
    ci = mi = 0
    claims: list[Claim] = []
    for sent in sentences:
        if deadline_check is not None:
            deadline_check()
        while ci < len(countries) and countries[ci].start < sent.start:
            ci += 1
        while mi < len(minerals) and minerals[mi].start < sent.start:
            mi += 1
        cj, mj = ci, mi
        while cj < len(countries) and countries[cj].start < sent.end:
            cj += 1
        while mj < len(minerals) and minerals[mj].start < sent.end:
            mj += 1
        base = sent.start
        s_countries = [
            CountryMention(c.start - base, c.end - base, c.iso2, c.alias_kind, c.text)
            for c in countries[ci:cj]
        ]
        s_minerals = [
            MineralMention(m.start - base, m.end - base, m.slugs, m.text) for m in minerals[mi:mj]
        ]
        has_generic = bool(roles.GENERIC_RE.search(sent.text)) if not s_minerals else False
        found: list[Claim] = []
        excluded = (
            [m.span() for m in roles.ACCORDING_RE.finditer(sent.text)]
            if "ccording" in sent.text
            else []
        )
        if (s_countries or state.focus) and (
            s_minerals
            or has_generic
            or state.last_minerals[0]
            or state.last_minerals[1]
            or state.magnet_slug
        ):
            ctx = Ctx(sent, sent.text, s_countries, s_minerals, excluded, roles.clauses(sent.text))
            found = _sentence_claims(ctx, state)
            claims.extend(found)
        if found:
            state.focus = found[-1].country
        elif s_countries:
            eligible = [c for c in s_countries if not any(a <= c.start < b for a, b in excluded)]
            if eligible:
                state.focus = eligible[0].iso2
        if s_minerals or has_generic:
            slugs: list[str] = []
            for mm in s_minerals:
                slugs.extend(s for s in mm.slugs if s not in slugs)
            generic = has_generic or bool(roles.GENERIC_RE.search(sent.text))
            state.last_minerals = (tuple(slugs), generic)
    return _finalise(claims)


def _finalise(claims: list[Claim]) -> list[Claim]:
    best: dict[tuple[str, str | None, str], Claim] = {}
    for c in claims:
        key = (c.country, c.mineral, c.status)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    dominant = {(k[0], k[1]) for k in best if k[2] == "dominant"}
    out = [c for k, c in best.items() if not (k[2] == "producing" and (k[0], k[1]) in dominant)]
    out.sort(key=lambda c: (c.start, c.country, c.mineral or "", c.status))
    return out
