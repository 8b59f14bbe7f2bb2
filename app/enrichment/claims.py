"""Status claims: cue -> actor country -> minerals, with hedging, negation and tense.

For every cue (cues.py) in a sentence the cue is checked in context (cue_filters.py), the
actor country is resolved by actors.py and the minerals by roles.py (clause, sentence or
earlier sentence), and the cue is checked by modality.py (hedge, negation, past-only).
Reserves named by a possessive and ore destinations come from noun_claims.py. One claim per
country x mineral x status survives; dominant supersedes producing, and a clause reporting
a halt states no production for that country and mineral.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.claim_status import SPECS, ClaimStatus
from app.enrichment import (
    actors,
    constructions,
    cues,
    modality,
    noun_claims,
    projects,
    roles,
    shares,
)
from app.enrichment.context import Ctx, State, clause_of
from app.enrichment.cue_filters import FILTERS
from app.enrichment.linking import CountryMention, Mentions, MineralMention
from app.enrichment.noun_claims import Claim
from app.enrichment.sentences import Sentence
from app.enrichment.trace import Dropped, Trace, Veto, dropped_claim

__all__ = ["Claim", "extract_claims"]

_FACILITY_RE = re.compile(
    r"\b(?:mines?|smelters?|refiner(?:y|ies)|operations|output|production|deposits?)\b",
    re.IGNORECASE,
)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_BLOCKING = tuple(s.status for s in SPECS.values() if s.vetoes_production)
# "State copper company Andina Cobre": a company's line of business, not the topic mineral
_COMPANY_AFTER_RE = re.compile(
    r"\s+(?:company|companies|firm|firms|group|giant|corporation|conglomerate)\b", re.I
)
_BACK_RANKED = frozenset(["ranked_producer", "superlative", "minor_super"])
_BACK_PROJECT_RE = re.compile(
    r"\b(?:mines?|projects?|plants?|refiner(?:y|ies)|smelters?|facilit(?:y|ies))\b", re.I
)
_EXPORT_WORD_RE = re.compile(r"\bexport", re.IGNORECASE)
_BELOW_FIRST_RE = re.compile(
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:nd|rd|th))[- ]"
    r"(?:largest|biggest|leading|top|most)\b"
    r"|\bno\.?\s?[2-9]\b|\bnumber[- ](?:two|three|four|five)\b",
    re.IGNORECASE,
)
# A top group wider than five names no leader: "among the top 10 producers" is producing
# (the annotated news reads it so); "a top five producer" leads (resolution 6).
_WIDE_GROUP_RE = re.compile(
    r"\btop[- ](?:six|seven|eight|nine|ten|twenty|[6-9]|[1-9]\d)\b", re.IGNORECASE
)
_MAGNETS_RE = re.compile(r"\brare[- ]earth\s+magnets?\b", re.IGNORECASE)


_SHARE_CUES = frozenset(["share", "accounts", "supplies_share"])


def _status_of(ctx: Ctx, cue: cues.Cue, m: re.Match[str]) -> ClaimStatus | None:
    if cue.name in _SHARE_CUES:
        pct = shares.share_of(m.group(), ctx.text[max(0, m.start() - 16) : m.start()])
        if pct is None:
            return None
        return ClaimStatus.DOMINANT if pct >= 50 else ClaimStatus.PRODUCING
    if cue.status == ClaimStatus.PRODUCING and projects.future_facility_production(ctx, m.start()):
        return ClaimStatus.DEVELOPING  # "the refinery will produce": a project's output to come
    if cue.name == "second_after":
        return ClaimStatus.DOMINANT  # the leader named after "after", not the second
    if cue.status == ClaimStatus.DOMINANT and _BELOW_FIRST_RE.search(m.group()):
        return ClaimStatus.PRODUCING  # guideline resolution 6: a rank below first is producing
    if cue.status == ClaimStatus.DOMINANT and _WIDE_GROUP_RE.search(m.group()):
        return ClaimStatus.PRODUCING  # "among the top 10 producers": no leading share
    return cue.status


def _cue_features(
    ctx: Ctx, cue_name: str, cs: int, ce: int, actor_end: int, presupposed: bool
) -> tuple[str, ...]:
    if actor_end < 0:
        where = "actor=none"
    elif actor_end > ce:
        where = "actor=after"
    else:
        gap = len(ctx.text[actor_end:cs].split())
        where = "actor=adjacent" if gap <= 1 else "actor=near" if gap <= 6 else "actor=far"
    a, b = clause_of(ctx, cs)
    mineral_in_clause = any(a <= x.start < b for x in ctx.minerals)
    cue_word = ctx.text[cs:ce].split(maxsplit=1)[0].lower() if ce > cs else ""
    return (
        f"cue={cue_name}",
        f"cue_word={cue_word}",
        where,
        "mineral_in_clause" if mineral_in_clause else "mineral_outside_clause",
        *(["presupposed"] if presupposed else []),
    )


def _cue_candidate(
    ctx: Ctx, state: State, cue: cues.Cue, m: re.Match[str], blocking: list[tuple[int, int]]
) -> list[Claim] | Veto:
    """The claims one cue match makes, or the rule that drops it."""
    cs, ce = m.span()
    status = _status_of(ctx, cue, m)
    if status is None:
        return Veto.UNREADABLE_SHARE
    if status == ClaimStatus.PRODUCING and any(a < ce and cs < b for a, b in blocking):
        return Veto.INSIDE_HALT
    filt = FILTERS.get(cue.name)
    # A production verb read as a project's future ("the mine will be mined") was checked
    # for its facility by the remap; the object test of current production does not apply.
    remapped_project = status == ClaimStatus.DEVELOPING and cue.status != ClaimStatus.DEVELOPING
    if filt and not remapped_project and not filt(ctx, m):
        return Veto.CUE_FILTER
    if (
        cue.definite
        and ClaimStatus.EXPORT_RESTRICTED not in state.last_actor
        and not _EXPORT_WORD_RE.search(ctx.text)
    ):
        return Veto.NO_ANTECEDENT
    if cue.name == "comes_from":
        src = next((c for c in ctx.countries if 0 < c.start - ce <= 6), None)
        who, actor_end, by_anaphor = ([src.iso2], src.end, False) if src else ([], -1, False)
    elif cue.name == "import_ban":
        who, actor_end, by_anaphor = constructions.banned_source(ctx, cs, ce)
    elif cue.name == "second_after":
        leader = next((c for c in ctx.countries if ce <= c.start <= ce + 8), None)
        who, actor_end, by_anaphor = (
            ([leader.iso2], leader.end, False) if leader else ([], -1, False)
        )
    elif cue.name == "importer_named":
        named = next((c for c in ctx.countries if cs <= c.start and c.end <= ce), None)
        who, actor_end, by_anaphor = ([named.iso2], named.end, False) if named else ([], -1, False)
    else:
        who, actor_end, by_anaphor = actors.actor(ctx, status, cs, ce, state, cue.definite)
    if not who:
        return Veto.NO_ACTOR
    pre = modality.presupposed(ctx, cue, cs, actor_end)
    veto = _modal_veto(ctx, state, cue, status, cs, ce, actor_end, pre)
    if veto is not None:
        return veto
    back = cue.definite or (
        status in {ClaimStatus.PRODUCING, ClaimStatus.DISRUPTED}
        and bool(_FACILITY_RE.search(ctx.text))
    )
    if not ctx.minerals and not back:
        # "Mozambique ... is the second-largest producer.", "projects are under way"
        back = cue.name in _BACK_RANKED or (
            status == ClaimStatus.DEVELOPING and bool(_BACK_PROJECT_RE.search(m.group()))
        )
    mins, from_context = roles.minerals(ctx, cs, ce, state, back)
    mins = _narrow_minerals(ctx, status, cs, mins, from_context)
    if not mins:
        return Veto.NO_MINERAL
    if status in _BLOCKING:
        blocking.append((cs, ce))
    conf = 0.9 - (0.2 if by_anaphor else 0.0) - (0.15 if from_context else 0.0)
    conf -= 0.05 if ctx.sent.heading else 0.0  # body sentences are better evidence
    features = _cue_features(ctx, cue.name, cs, ce, actor_end, pre)
    if by_anaphor:
        features += ("actor_from_context",)
    if from_context:
        features += ("mineral_from_context",)
    state.last_actor[status] = who[0]
    if cue.name in _SHARE_CUES:
        return _share_claims(ctx, who, mins, status, conf, features, cs)
    return noun_claims.claims(ctx, who, mins, status, conf, features)


def _share_claims(
    ctx: Ctx,
    who: list[str],
    mins: list[str | None],
    status: ClaimStatus,
    conf: float,
    features: tuple[str, ...],
    cs: int,
) -> list[Claim]:
    """Each mineral of a share enumeration with the status of its own share (guideline
    resolution 6: 50% or more is dominant, less is producing)."""
    own = shares.shares_by_mineral(ctx.text, cs, [(m.start, m.slugs) for m in ctx.minerals])
    by_status: dict[ClaimStatus, list[str | None]] = {}
    for slug in mins:
        pct = own.get(slug) if slug else None
        st = status if pct is None else ClaimStatus.DOMINANT if pct >= 50 else ClaimStatus.PRODUCING
        by_status.setdefault(st, []).append(slug)
    return [
        claim
        for st, group in by_status.items()
        for claim in noun_claims.claims(ctx, who, group, st, conf, features)
    ]


def _modal_veto(
    ctx: Ctx,
    state: State,
    cue: cues.Cue,
    status: ClaimStatus,
    cs: int,
    ce: int,
    actor_end: int,
    presupposed: bool,
) -> Veto | None:
    """Rules on what the sentence asserts about its actor: hedges, negation, tense."""
    by_agent = actor_end > ce and ctx.text[ce:actor_end].strip().startswith("by")
    if cue.nominal_control and not presupposed and not by_agent:
        return Veto.NO_POSSESSOR
    if modality.hedged(ctx, status, cs, actor_end, presupposed):
        return Veto.HEDGED
    if status != ClaimStatus.NOT_PRODUCING and modality.negated(ctx, cs, actor_end):
        return Veto.NEGATED
    if status == ClaimStatus.EXPORT_RESTRICTED and modality.ended_restriction(ctx, cs, ce):
        return Veto.ENDED_RESTRICTION
    if status == ClaimStatus.PRODUCING and projects.future(ctx, cs):
        return Veto.HEDGED  # production to come ("it will extract lithium") is none yet
    if status == ClaimStatus.PRODUCING and modality.past_only(ctx, state, cs):
        return Veto.PAST_ONLY
    if status == ClaimStatus.DOMINANT and modality.past_marker(ctx, state, cs):
        return Veto.PAST_ONLY
    if status == ClaimStatus.EXPORT_RESTRICTED:
        _a, b = clause_of(ctx, cs)
        tail = ctx.text[cs:b]
        first_min = next((x.start for x in ctx.minerals if x.start >= cs), b)
        if cues.TECHNOLOGY_RE.search(tail[: max(0, first_min - cs)] or tail):
            return Veto.TECHNOLOGY_EXPORT
    if status == ClaimStatus.IMPORT_DEPENDENT and cue.name == "dependence":
        after = ctx.text[ce : ce + 60]
        has_country = any(ce <= c.start <= ce + 30 for c in ctx.countries)
        if not (has_country or cues.IMPORT_OBJECT_RE.search(after)):
            return Veto.NO_IMPORT_OBJECT
    return None


def _narrow_minerals(
    ctx: Ctx, status: ClaimStatus, cs: int, mins: list[str | None], from_context: bool
) -> list[str | None]:
    if from_context:
        return mins
    if status == ClaimStatus.RESERVES:
        kinds = noun_claims.premodifiers(ctx, cs)
        if kinds:
            return [s for s in mins if s in kinds or s is None] or list(kinds)
    if status == ClaimStatus.PRODUCING:
        # "recovers germanium from zinc concentrates": zinc is the feedstock
        feed: set[str] = set()
        named: set[str] = set()
        for x in ctx.minerals:
            is_feed = _FROM_BEFORE_RE.search(ctx.text, max(0, x.start - 12), x.start)
            (feed if is_feed else named).update(x.slugs)
        return [s for s in mins if s not in feed - named]
    return mins


def _sentence_claims(ctx: Ctx, state: State) -> list[Claim]:
    out: list[Claim] = (
        noun_claims.possessive_reserves(ctx)
        + noun_claims.anaphor_reserves(ctx, state)
        + noun_claims.destinations(ctx)
    )
    blocking: list[tuple[int, int]] = []  # not_producing / disrupted spans
    cue_clause: dict[int, tuple[int, int]] = {}  # id(claim) -> clause of its cue
    lowered = ctx.text.lower()
    active = cues.active_cues(lowered)
    # blocking statuses first: "suspended production" is no producing claim
    active.sort(key=lambda cue: cue.status not in _BLOCKING)
    for cue in active:
        for m in cue.finditer(ctx.text, lowered):
            found = _cue_candidate(ctx, state, cue, m, blocking)
            if isinstance(found, Veto):
                if state.trace is not None:
                    state.trace.append(
                        Dropped(
                            ctx.sent.start, cue.name, cue.status, m.group(), ctx.sent.text, found
                        )
                    )
                continue
            span = clause_of(ctx, m.start())
            cue_clause.update((id(c), span) for c in found)
            out.extend(found)
    # A clause reporting a halt is not also a production statement for that country
    # ("miners went on strike, halting output"); another clause may be ("X loaded its
    # first cargo of ore, yet shipments are now stalled").
    halted = {(c.country, c.mineral, cue_clause.get(id(c))) for c in out if c.status in _BLOCKING}
    kept = []
    for c in out:
        if (
            c.status == ClaimStatus.PRODUCING
            and (c.country, c.mineral, cue_clause.get(id(c), (-1, -1))) in halted
        ):
            _record(state.trace, c, Veto.HALTED_CLAUSE, ctx.sent.start)
        else:
            kept.append(c)
    return kept


def _record(trace: Trace | None, claim: Claim, rule: Veto, sentence_start: int) -> None:
    if trace is not None:
        trace.append(dropped_claim(claim, rule, sentence_start))


def extract_claims(
    text: str,
    sentences: list[Sentence],
    mentions: Mentions,
    *,
    ref_year: int | None = None,
    deadline_check: Callable[[], None] | None = None,
    trace: Trace | None = None,
) -> list[Claim]:
    """The claims of an article, sentence by sentence; with `trace`, also what was dropped
    and by which rule."""
    years = [int(y) for y in modality.YEAR_RE.findall(text)]
    state = State(ref_year=ref_year, latest_year=max(years, default=None), trace=trace)
    if _MAGNETS_RE.search(text):
        state.magnet_slug = "rare-earths"
    countries = list(mentions.countries)
    minerals = list(mentions.minerals)
    ci = mi = 0
    claims: list[Claim] = []
    for sent in sentences:
        if deadline_check is not None:
            deadline_check()
        state.focus_age += 1
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
        ctx: Ctx | None = None
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
        project = _project_of(sent, s_countries, found, ctx)
        if found:
            state.focus, state.focus_age = found[-1].country, 0
        elif s_countries:
            eligible = [
                c
                for c in s_countries
                if not any(a <= c.start < b for a, b in excluded)
                and not actors.nationality_only(sent.text, c)
            ]
            if eligible:
                state.focus, state.focus_age = eligible[0].iso2, 0
        projects.remember(state, project)
        topical = [m for m in s_minerals if not _COMPANY_AFTER_RE.match(sent.text, m.end)]
        if topical or has_generic:
            slugs: list[str] = []
            for mm in topical:
                slugs.extend(s for s in mm.slugs if s not in slugs)
            generic = has_generic or bool(roles.GENERIC_RE.search(sent.text))
            state.last_minerals = (tuple(slugs), generic)
    return _finalise(claims, trace)


def _project_of(
    sent: Sentence, countries: list[CountryMention], found: list[Claim], ctx: Ctx | None
) -> str | None:
    """The country of a project this sentence names, for the sentences that refer back
    (`ctx`: the sentence's context when its claims were read, else built here)."""
    developing = [c for c in found if c.status == ClaimStatus.DEVELOPING]
    if developing:
        return developing[-1].country
    if not countries or not projects.FACILITY_RE.search(sent.text):
        return None
    if ctx is None:
        ctx = Ctx(sent, sent.text, countries, [], [], roles.clauses(sent.text))
    return projects.located_project(ctx, countries)


def _finalise(claims: list[Claim], trace: Trace | None) -> list[Claim]:
    best: dict[tuple[str, str | None, str], Claim] = {}
    for c in claims:
        key = (c.country, c.mineral, c.status)
        if key not in best or c.confidence > best[key].confidence:
            if key in best:
                _record(trace, best[key], Veto.DUPLICATE, best[key].start)
            best[key] = c
        else:
            _record(trace, c, Veto.DUPLICATE, c.start)
    dominant = {(k[0], k[1]) for k in best if k[2] == ClaimStatus.DOMINANT}
    out = []
    for k, c in best.items():
        if k[2] == ClaimStatus.PRODUCING and (k[0], k[1]) in dominant:
            _record(trace, c, Veto.SUPERSEDED_BY_DOMINANT, c.start)
        else:
            out.append(c)
    out.sort(key=lambda c: (c.start, c.country, c.mineral or "", c.status))
    return out
