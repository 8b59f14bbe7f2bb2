"""The actor of a status cue: which country the claim is about.

The actor is the nearest country before the cue in the same clause (with the countries
coordinated with it), else a country after it behind a locative/source preposition
("production in Kazakhstan", "a mine in Western Australia", "in British Columbia, Canada"),
else the head of a relative clause or appositive ("Peru, a leading zinc exporter
nation, which relies on imports"), else an anaphor ("it", "the country", "output there")
resolved to the sentence's subject or the discourse focus, else the subject of an earlier
clause ("The US has no production of gallium ..., while germanium is recovered ..."). A
company's nationality ("an Australian company", "Chinese-backed", "Canada's Northfield") is never
an actor (resolution 4).
"""

from __future__ import annotations

import re

from app.claim_status import SPECS, ClaimStatus
from app.enrichment import constructions, projects
from app.enrichment.context import Ctx, State, clause_of, word_before
from app.enrichment.linking import CountryMention
from app.enrichment.locatives import (
    COORD_RE,
    LOCATIVE_PREPS,
    finite_between,
    included,
    locative_prep,
)


def _words(text: str) -> list[str]:
    return text.split()


# A country adjective followed by one of these is not an actor: the market, the army, or
# a company whose nationality says nothing about where it operates (resolution 4).
NON_ACTOR_NOUNS = frozenset(
    _words(
        """market markets consumers consumer buyers buyer customers demand importers tariffs
        tariff sanctions invasion troops military army aid support officials policymakers
        lawmakers leader leaders president counterparts talking allies war forces company
        companies firm firms group groups miner miners refiner refiners processor processors
        producer producers smelter smelters developer developers investor investors
        investment investments conglomerate corporation giant major owner owners operator
        operators partner partners border borders"""
    )
)

_COMPANY_NOUNS = frozenset(
    _words(
        """company companies firm firms group groups miner miners refiner refiners processor
        processors producer producers developer developers conglomerate corporation giant
        major operator operators owner owners"""
    )
)

# "Aruba, a Dutch Caribbean island territory": a description of another place
_DEPENDENCY_NOUNS = frozenset(["territory", "territories", "colony", "dependency", "overseas"])

# "Chinese-backed consortium", "US-based company": the nationality of an investor or company
_BACKED_RE = re.compile(
    r"-(?:backed|owned|funded|financed|led|controlled|run|based|listed|headquartered)\b"
)

# "Canada's Northfield produces ...": a company named after a possessive country (resolution 4);
# "Vietnam's Nui Phao mine", "China's Jiangxi province" name a place instead.
_POSSESSED_NAME_RE = re.compile(
    r"['\u2019]s\s+(?:state-owned\s+|state-run\s+|state\s+)?(?:[A-Z][\w&.-]*\s+){0,3}"
    r"[A-Z][\w&.-]*(?P<next>(?:\s+[\w-]+){0,3})"
)

_PLACE_NOUNS = frozenset(
    _words(
        """mine mines deposit deposits project projects field fields plant plants smelter
        smelters refinery refineries operation operations complex province region state
        states basin belt district island islands county territory desert arctic coast
        mountains valley lake river salar area areas reserve reserves site sites"""
    )
)

_NOUN_FOLLOWERS = frozenset(_words("in at of and near are is were was have has there"))
# A company named in a sentence about where a mineral is stands for its mines' country.
_LOCATED_STATUSES = frozenset(s.status for s in SPECS.values() if s.located)

_GOVERNMENT_NOUNS = frozenset(["government", "junta", "regime", "rulers", "authorities"])

_PREP_WORDS = frozenset(
    _words("to from on upon with than of by for against into toward towards off over at")
)

# A site or operation whose country a zero anaphor may supply
_SITE_RE = re.compile(
    r"\b(?:mines?|deposits?|operations|workings|shafts?|smelters?|refiner(?:y|ies)|mining\s+areas?)\b",
    re.IGNORECASE,
)

_OPENING_IN_RE = re.compile(r"\W*(?:in|across|within)\s+(?:the\s+)?$", re.IGNORECASE)

# "Peru, a leading exporter of zinc concentrate, which ...": an appositive
_APPOSITIVE_RE = re.compile(r"^,\s+(?:the|a|an|its|one\s+of\s+the)\s[^,;:()]{0,100}$")

_APPOSITIVE_CLOSED_RE = re.compile(r"^,\s+(?:the|a|an|its|one\s+of\s+the)\s[^,;:()]{0,100},\s*$")

_INDUSTRY_NOUNS = frozenset(["miners", "refiners", "processors", "producers", "smelters"])

_TARGET_WORDS = frozenset(
    _words(
        """to into against than with toward towards versus vs overtaken overtook overtake
        surpassed surpass outpaced behind"""
    )
)


# Statuses a facility stands for its country in: "the deposit holds", "the mine produced".
_PROJECT_STATUSES = frozenset(
    [ClaimStatus.DEVELOPING, ClaimStatus.RESERVES, ClaimStatus.PRODUCING, ClaimStatus.DISRUPTED]
)

_NON_PREFIX_RE = re.compile(r"\b(?:non|ex)-$", re.IGNORECASE)
_TERRITORY_OF_RE = re.compile(
    r"\b(?:territory|territories|colony|dependency|part|province|region)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CUSTOMER_POSSESSIVE_RE = re.compile(
    r"['\u2019]s\s+(?:(?:biggest|largest|main|top|leading|key|major|sole|only|chief)\s+)?"
    r"(?:[\w-]+\s+)?(?:suppliers?|sources?)\b",
    re.IGNORECASE,
)

# Statuses whose cue may name its own country inside it.
_NAMED_INSIDE = frozenset([ClaimStatus.PRODUCING, ClaimStatus.EXPORT_RESTRICTED])

_AGENT_OK = frozenset([ClaimStatus.EXPORT_RESTRICTED, ClaimStatus.DOMINANT, ClaimStatus.PRODUCING])

_RANKED_AFTER_RE = re.compile(
    r"(?:producers?|suppliers?|miners?|refiners?|sources?|largest|biggest|second|third)"
    r"\s+after\s+(?:the\s+)?$",
    re.IGNORECASE,
)

_NEXT_WORDS_RE = re.compile(r"^(?:['\u2019]s)?(?:\s+[\w-]+){1,4}")

_COUNTRY_ANAPHOR_RE = re.compile(
    r"\b(?:it|its|the\s+(?:[\w-]+\s+){0,2}?(?:country|nation)(?:['\u2019]s)?)\b"
    r"|\b(?:output|production|mines?|mining|operations|plants?|smelters?|deposits)\s+there\b",
    re.IGNORECASE,
)
_THERE_RE = re.compile(r"[\w-]+\s+there\b", re.IGNORECASE)


def is_company_nationality(ctx: Ctx, c: CountryMention) -> bool:
    """ "an Australian company", "Chinese refiners" - but "Chinese titanium producers" is
    the country's industry for that mineral."""
    if _BACKED_RE.match(ctx.text, c.end):
        return True
    if c.alias_kind not in {"adjective", "demonym"}:
        return False
    nxt = _NEXT_WORDS_RE.match(ctx.text[c.end : c.end + 60])
    if not nxt:
        return False
    words = [w.lower() for w in nxt.group().split()]
    if words[0].endswith("-owned") or any(w in _DEPENDENCY_NOUNS for w in words[:3]):
        return True
    for i, w in enumerate(words[:4]):
        if w in _COMPANY_NOUNS:
            industry = w in _INDUSTRY_NOUNS and any(
                c.end < x.start < c.end + 40 for x in ctx.minerals
            )
            return not industry and i < 4
    return False


def is_company_possessive(ctx: Ctx, c: CountryMention) -> bool:
    """ "Canada's Northfield produces ...": the possessor is the company's home, not the place."""
    if ctx.sent.heading:
        return False  # title-case headlines capitalise every word
    m = _POSSESSED_NAME_RE.match(ctx.text, c.end)
    if not m:
        return False
    nxt = (m.group("next") or "").lower().split()
    if nxt[:1] == ["mines"] and nxt[1:2] and nxt[1] not in _NOUN_FOLLOWERS:
        nxt = []  # "Brazil's Vale mines nickel in Canada": the verb
    if any(w in _PLACE_NOUNS for w in nxt):
        return False  # "Portugal's Panasqueira tungsten mine"
    words = ctx.text[c.end + 2 : m.start("next")].split()
    return not any(w.lower().strip(".,") in _PLACE_NOUNS for w in words)


def eligible(ctx: Ctx, c: CountryMention, status: ClaimStatus) -> bool:
    if any(a <= c.start < b for a, b in ctx.excluded):
        return False
    prev = word_before(ctx.text, c.start)
    if ctx.text[c.end : c.end + 2] in ("'s", "\u2019s"):
        prev = ""  # a possessor ("due to China's dominance") is never a target
    if (
        prev in _TARGET_WORDS
        and status != ClaimStatus.DISRUPTED
        and not constructions.subject_despite_preposition(ctx, c)
    ):
        return False
    if prev == "after" and _RANKED_AFTER_RE.search(ctx.text, max(0, c.start - 40), c.start):
        return False  # "the second-largest producer after Australia"
    if prev == "by" and status not in _AGENT_OK:
        return False  # "occupied by Russia": the occupier is not the disrupted country
    if status == ClaimStatus.IMPORT_DEPENDENT and prev in {"on", "upon", "from", "off"}:
        return False
    if status == ClaimStatus.EXPORT_RESTRICTED and prev == "on":
        return False
    if _NON_PREFIX_RE.search(ctx.text, max(0, c.start - 4), c.start):
        return False  # "non-Chinese producers", "ex-China refineries": any country but it
    if _TERRITORY_OF_RE.search(ctx.text, max(0, c.start - 40), c.start):
        return False  # "Greenland, a territory of Denmark, has ...": the territory is the actor
    if _CUSTOMER_POSSESSIVE_RE.match(ctx.text, c.end):
        return False  # "China's biggest supplier": the possessor buys, the supplier produces
    if is_company_nationality(ctx, c):
        return False
    if status in _LOCATED_STATUSES and is_company_possessive(ctx, c):
        return False
    if c.alias_kind in {"adjective", "demonym", "abbreviation", "name", "short"}:
        nxt = re.match(r"^(?:['\u2019]s)?\s+([\w-]+)(?:\s+([\w-]+))?", ctx.text[c.end :])
        if nxt and nxt.group(1).lower() in NON_ACTOR_NOUNS:
            # "Niger's military government" is the state itself
            return (nxt.group(2) or "").lower() in _GOVERNMENT_NOUNS
    return True


def _antecedent(ctx: Ctx, a: int) -> CountryMention | None:
    """The country a relative clause at `a` hangs on ("China, which ...", also across an
    appositive: "Peru, a leading zinc exporter, which ...")."""
    prev = [c for c in ctx.countries if c.end <= a]
    if not prev:
        return None
    c = prev[-1]
    gap = ctx.text[c.end : a]
    if len(gap) <= 4 or _APPOSITIVE_CLOSED_RE.match(gap):
        return c
    return None


def _topic(ctx: Ctx, status: ClaimStatus, a: int) -> CountryMention | None:
    """The subject country of an earlier clause of the sentence ("The United States has no
    production of gallium ..., while germanium is recovered ...")."""
    for c in ctx.countries:
        if c.start >= a:
            break
        if not eligible(ctx, c, status):
            continue
        prev = word_before(ctx.text, c.start)
        opening = bool(_OPENING_IN_RE.match(ctx.text, 0, c.start))
        if prev in _PREP_WORDS or (prev in LOCATIVE_PREPS and not opening):
            continue  # an object, not the subject ("In Kazakhstan," opening the sentence is)
        return c
    return None


def _coordinated(ctx: Ctx, chosen: CountryMention, pool: list[CountryMention]) -> list[str]:
    out = [chosen.iso2]
    idx = pool.index(chosen)
    j, cur = idx - 1, chosen
    while j >= 0 and COORD_RE.match(ctx.text[pool[j].end : cur.start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j -= 1
    j, cur = idx + 1, chosen
    while j < len(pool) and COORD_RE.match(ctx.text[cur.end : pool[j].start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j += 1
    return out


def actor(
    ctx: Ctx, status: ClaimStatus, cs: int, ce: int, state: State, definite: bool
) -> tuple[list[str], int, bool]:
    """(countries, end offset of the actor or -1, resolved-by-anaphora)."""
    a, b = clause_of(ctx, cs)
    pool = [c for c in ctx.countries if a <= c.start < b and eligible(ctx, c, status)]
    appos = [c for c in ctx.countries if c.end <= cs]
    if (
        appos
        and _APPOSITIVE_RE.match(ctx.text[appos[-1].end : cs])
        and not any(x <= appos[-1].start < y for x, y in ctx.excluded)
    ):
        return [appos[-1].iso2], appos[-1].end, False  # "to China, the world's biggest"
    if status == ClaimStatus.DISRUPTED:
        owner = constructions.access_owner(ctx, ce, b) or constructions.sanctions_target(
            ctx, cs, ce
        )
        if owner is not None:
            return [owner.iso2], owner.end, False
    agent = constructions.passive_agent(ctx, ce, pool)
    if agent is not None and status in _AGENT_OK:
        return [agent.iso2], agent.end, False  # "nickel produced by Russia"
    before = [c for c in pool if c.end <= cs]
    after = [(c, locative_prep(ctx, c) or included(ctx, cs, ce, c)) for c in pool if c.start >= ce]
    after = [(c, p) for c, p in after if p]
    if status == ClaimStatus.PRODUCING:
        after = [
            (c, p) for c, p in after if p == "include" or not finite_between(ctx.text, ce, c.start)
        ]
    located = [c for c, p in after if p in LOCATIVE_PREPS]
    if status in {ClaimStatus.DEVELOPING, ClaimStatus.DISRUPTED} and located:
        # The place of the operation beats a subject ("Graphex ... its mine in Mozambique").
        nationals = [
            c for c in ctx.countries if a <= c.start < cs and is_company_nationality(ctx, c)
        ]
        if status == ClaimStatus.DEVELOPING or nationals or not before:
            return _coordinated(ctx, located[0], pool), located[0].end, False
    head = _relative_head(ctx, a, cs, pool)
    if head is not None:
        return [head.iso2], head.end, False
    if status == ClaimStatus.DEVELOPING:
        before = [
            c
            for c in before
            if c.alias_kind not in {"adjective", "demonym"}
            or ctx.text[c.end : c.end + 2] in ("'s", "\u2019s")
        ]
    if before:
        # the nearest country before the cue, unless it sits in an apposition to the subject
        subject = constructions.appositive_head(ctx, before[-1], pool) or before[-1]
        who = _coordinated(ctx, subject, pool)
        if status in constructions.SHARED_BY_FOLLOWERS:
            who += [c for c in constructions.followers(ctx, subject, b) if c not in who]
        return who, subject.end, False
    if after and status != ClaimStatus.IMPORT_DEPENDENT:
        first = after[0][0]
        return _coordinated(ctx, first, pool), first.end, False
    anaphor = None
    for m in _COUNTRY_ANAPHOR_RE.finditer(ctx.text, a, cs):
        anaphor = m
    if anaphor is None:
        anaphor = _THERE_RE.match(ctx.text, cs)  # the cue's own "output there"
    if anaphor is not None and (state.focus or a > 0):
        own = _topic(ctx, status, anaphor.start())
        if own is not None:  # "The US imports ..., although ... the country's only mine"
            return [own.iso2], anaphor.end(), True
        if state.focus:
            return [state.focus], anaphor.end(), True
    if ctx.text[a:b].lstrip().lower().startswith(("which", "who", "that", "where")):
        ante = _antecedent(ctx, a)
        if ante is not None:
            return [ante.iso2], ante.end, False
    if (definite or status == ClaimStatus.IMPORT_DEPENDENT) and status in state.last_actor:
        # An importer's dependence is a topic: "Dependence on X was also high for ..."
        # continues the importer of the article's earlier dependence claim.
        return [state.last_actor[status]], -1, True
    inside = [c for c in ctx.countries if cs <= c.start and c.end <= ce]
    if inside and status in _NAMED_INSIDE and eligible(ctx, inside[0], status):
        # "runs the sole Canadian tungsten mill", "exports of cobalt from Congo were banned"
        return [inside[0].iso2], inside[0].end, False
    if a > 0 and not pool:
        topic = _topic(ctx, status, a)
        if topic is not None:
            return [topic.iso2], -1, False
    fronted = constructions.fronted_subject(ctx, cs)
    if fronted is not None:
        return [fronted.iso2], fronted.end, False
    if _zero_anaphor(ctx, status, a, b, state):
        return [state.focus or ""], -1, True
    if (
        status == ClaimStatus.EXPORT_RESTRICTED
        and not pool
        and state.focus
        and state.focus_age <= 2
        and constructions.agentless_ban(ctx, cs, ce)
    ):
        return [state.focus], -1, True  # "Nickel exports were banned in 2022": the topic's
    if status in _PROJECT_STATUSES and not pool:
        project = projects.project_actor(ctx, state, a, b)
        if project is not None:  # "The refinery will produce ..." after "its refinery in X"
            return [project], -1, True
    return [], -1, False


def _zero_anaphor(ctx: Ctx, status: ClaimStatus, a: int, b: int, state: State) -> bool:
    """ "Chile ... mined 5.5 million tonnes. A collapse at the Cerro Azul mine halted
    operations": a site named without its country continues the previous sentence's."""
    if (
        status not in {ClaimStatus.DISRUPTED, ClaimStatus.RESERVES}
        or not state.focus
        or state.focus_age > 1
    ):
        return False
    if ctx.sent.heading or any(eligible(ctx, c, status) for c in ctx.countries):
        return False
    return bool(_SITE_RE.search(ctx.text))


def nationality_only(text: str, c: CountryMention) -> bool:
    """ "Chinese companies", "a Chinese-backed consortium": no topic country."""
    if _BACKED_RE.match(text, c.end):
        return True
    if c.alias_kind not in {"adjective", "demonym"}:
        return False
    nxt = _NEXT_WORDS_RE.match(text[c.end : c.end + 60])
    if nxt is None:
        return False
    return any(w.lower() in _COMPANY_NOUNS for w in nxt.group().split()[:3])


def _relative_head(ctx: Ctx, a: int, cs: int, pool: list[CountryMention]) -> CountryMention | None:
    """ "China, which consumes ..., relies on imports": the cue after the relative clause
    closes belongs to the head, not to a country inside the relative clause."""
    if not ctx.text[a:cs].lstrip().lower().startswith(("which", "who", "whose")):
        return None
    comma = ctx.text.rfind(", ", a, cs)
    if comma < 0 or any(comma <= c.start < cs for c in pool):
        return None
    return _antecedent(ctx, a)
