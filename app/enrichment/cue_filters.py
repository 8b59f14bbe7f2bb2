"""Context checks on a status cue match: a cue that fails its filter states no claim.

Production cues are checked in production_filters.py. Here: a share needs a supply noun
(and a share of imports or of reserves is none), "comes from" needs a material subject, a
superlative in an apposition to a mine or said of a company is theirs, "stopped exports"
after "a dispute which" has no country as subject, an output collapse is a disruption
only with a stated cause, a project phrase must name a new facility, reserves a
government builds are a stockpile, and "control" must be of a market.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.enrichment import production_filters
from app.enrichment.context import Ctx, clause_of
from app.enrichment.projects import FACILITY_RE

_ONE_OF_RE = re.compile(
    r"\b(?:mine|mines|deposit|project|operation|plant|smelter|refinery|site|field|territory|"
    r"region|province|state|company|firm)\b[^.;]*,\s*one\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# "output ... collapsed since the Russian invasion": a disruption only with such a cause
_CAUSE_RE = re.compile(
    r"\b(?:war|invasion|fighting|shelling|conflict|attacks?|occup\w+|strikes?|floods?|flooding|"
    r"cyclone|earthquake|unrest|protests?|coup|sanctions|blockade)\b",
    re.IGNORECASE,
)

_SUPPLY_NOUN_RE = re.compile(
    r"\W*(?:[\w-]+\s+){0,2}?(?:supply|supplies|output|production|market|reserves|capacity|"
    r"processing|refining|mined|exports|total)\b",
    re.IGNORECASE,
)

_IMPORTED_RE = re.compile(r"\bimport(?:s|ed)?\b", re.IGNORECASE)
_SOURCE_SUBJECT_RE = re.compile(
    r"\b(?:material|materials|ore|ores|concentrates?|feedstock|supply|supplies)\b", re.I
)

# "a dispute which has stopped exports": the subject is not a country
_THAT_SUBJECT_RE = re.compile(
    r"(?P<head>[\w'\u2019-]+),?\s+(?:that|which)\s+(?:has\s+|have\s+|had\s+)?$"
)

_IMPORT_SHARE_RE = re.compile(
    r"\s*of\s+(?:[\w'\u2019-]+\s+){0,3}?imports?\b",
    re.IGNORECASE,
)


_RESERVE_SHARE_RE = re.compile(
    r"\s*(?:[\w'\u2019-]+\s+){0,4}?(?:reserves|resources|deposits)\b", re.IGNORECASE
)


def _not_of_imports(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "X accounted for 60% of the country's imports": X's share of one buyer's imports."""
    return not _IMPORT_SHARE_RE.match(ctx.text, m.end())


def _share(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "a third of the world's cars" is no claim about a mineral."""
    cs, ce = m.span()
    if _IMPORT_SHARE_RE.match(ctx.text, ce):
        return False  # a supplier's share of one buyer's imports, not of world supply
    if _RESERVE_SHARE_RE.match(ctx.text, ce):
        return False  # "40% of the world's lithium reserves": a reserves claim, not supply
    if any(cs <= x.start <= ce + 25 for x in ctx.minerals):
        return True
    if _SUPPLY_NOUN_RE.match(ctx.text, ce) or _SUPPLY_NOUN_RE.search(m.group()):
        return True
    return not re.match(r"\s+[a-z]", ctx.text[ce : ce + 3])


def _restrict_exports(ctx: Ctx, m: re.Match[str]) -> bool:
    if m.group().lower().startswith(("export", "requir")):
        return True
    if _others_exports(ctx, m):
        return False
    rel = _THAT_SUBJECT_RE.search(ctx.text, max(0, m.start() - 60), m.start())
    return not rel or any(c.end == rel.end("head") for c in ctx.countries)


def _others_exports(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "Norway will ban Belarusian exports": the subject keeps out another country's metal
    (a sanction on the exporter, the import_ban cue), it does not restrict its own."""
    a, _b = clause_of(ctx, m.start())
    owners = {c.iso2 for c in ctx.countries if m.start() < c.start and c.end <= m.end()}
    subjects = {c.iso2 for c in ctx.countries if a <= c.start and c.end <= m.start()}
    return bool(owners and subjects and not owners & subjects)


def _comes_from(ctx: Ctx, m: re.Match[str]) -> bool:
    before = ctx.text[max(0, m.start() - 100) : m.start()]
    if _IMPORTED_RE.search(before):
        return False  # "65% of imported rare earths came from China": one buyer's supplier
    return bool(_SOURCE_SUBJECT_RE.search(before)) or any(
        0 <= m.start() - x.end <= 40 for x in ctx.minerals
    )


# Commodities outside the mineral list: "the largest gold producer" ranks gold, not the
# sentence's listed minerals.
_OTHER_COMMODITY_RE = re.compile(
    r"\b(?:gold|iron|iron[- ]ore|coal|oil|gas|steel|diamonds?|crude|timber)\s+"
    r"(?:[\w-]+\s+)?(?:producers?|miners?|exporters?|suppliers?|producing)\b",
    re.IGNORECASE,
)


def _superlative(ctx: Ctx, m: re.Match[str]) -> bool:
    # "its pit in a province of Canada, among the largest sources on earth"
    if _ONE_OF_RE.search(ctx.text, max(0, m.start() - 120), m.start()):
        return False
    if _OTHER_COMMODITY_RE.search(m.group()):
        return False
    return not _said_of_a_name(ctx, m.start())


# "Andina Cobre, the largest producer", "Orion Metals (NYSE:ORM) is the world's largest": the
# rank is said of the name right before it.
_NAMED_SUBJECT_RE = re.compile(
    r"(?P<name>[A-Z][\w&.\u2019'-]*(?:\s+[A-Z][\w&.-]*){0,3})\s*(?:\([^)]*\))?"
    r"(?:\s*,\s*|\s+(?:is|was|remains|has\s+been|became)\s+)"
    r"(?:(?:now|still|also)\s+)?(?:the|a|an|one\s+of\s+the)?\s*$"
)
_STATE_OWNED_RE = re.compile(r"\bstate(?:-owned|-run)?\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NOT_NAMES = frozenset(["it", "this", "that", "they", "the", "its", "which", "there", "he", "she"])


def _said_of_a_name(ctx: Ctx, start: int) -> bool:
    """A rank said of a company or mine named right before it, not of a country."""
    named = _NAMED_SUBJECT_RE.search(ctx.text, max(0, start - 80), start)
    if named is None or named.group("name").split()[0].lower() in _NOT_NAMES:
        return False
    if _STATE_OWNED_RE.search(ctx.text, max(0, named.start() - 40), named.start()):
        return False  # "state miner Anadolu Bor": a state company stands for its state
    end = named.end("name")
    return not any(c.end == end or c.start <= end - 1 < c.end for c in ctx.countries)


_STAGE_SUBJECT_RE = re.compile(
    r"(?:production|mining|construction|operations|output|commissioning|ramp[- ]up)\s", re.I
)


def _project_stage(ctx: Ctx, m: re.Match[str]) -> bool:
    """A stage said of a project: a facility is named in the clause ("the refinery is being
    commissioned"), or the stage is the start of mining itself ("mining could start")."""
    a, b = clause_of(ctx, m.start())
    return bool(FACILITY_RE.search(ctx.text, a, b)) or bool(_STAGE_SUBJECT_RE.match(m.group()))


# Between "has" and the mineral: amounts and kinds, not a verb or a noun the mineral
# modifies ("has also", "has large amounts of", "several of the world's critical minerals").
_HAS_GAP_RE = re.compile(
    r"\s+(?:(?:also|significant|large|vast|abundant|considerable|rich|major|some|several|many|"
    r"amounts?|quantities|of|the|world['\u2019]s|critical|key|other|minerals|metals|"
    r"elements|such|as|like|including|and|,)\s*){0,8}$",
    re.IGNORECASE,
)
# A mineral naming an industry or a product is not a resource: "has lithium refineries".
_INDUSTRY_AFTER_RE = re.compile(
    r"\s*(?:-\s*)?(?:[\w-]+\s+)?(?:refiner\w*|process\w*|smelt\w*|plants?|factor\w*|"
    r"industr\w*|sectors?|capacity|batter\w*|magnets?|imports?|exports?|supply|supplies|"
    r"contracts?|deals?|prices?|compan\w*|firms?|producers?|projects?|mines?|mining|"
    r"output|production|demand|chains?|stockpiles?|tariffs?|shortages?)\b",
    re.IGNORECASE,
)


def _has_mineral(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "has" / "is home to" whose object is a mineral itself, not an industry of it."""
    first = next((x for x in ctx.minerals if x.start >= m.end()), None)
    if first is None or not _HAS_GAP_RE.fullmatch(ctx.text, m.end(), first.start):
        return False
    return not _INDUSTRY_AFTER_RE.match(ctx.text, first.end)


_EXPORT_MEASURE_RE = re.compile(
    r"\bexport\s+(?:[\w-]+\s+)?(?:controls?|restrictions?|bans?|curbs?|licen\w+|quotas?)\b"
    r"|\brestrict\w*\s+(?:\w+\s+){0,3}?exports\b",
    re.IGNORECASE,
)


# Makers that consume minerals: their halts are no interruption of a mineral's supply.
_CONSUMER_RE = re.compile(
    r"\b(?:(?:car|auto|chip|battery)[- ]?makers?|manufacturers?|automotive|assembly\s+lines?|"
    r"factories)\b[^.;]{0,40}$",
    re.IGNORECASE,
)


def _disrupted(ctx: Ctx, m: re.Match[str]) -> bool:
    """Supply "disruptions" that a country's export controls cause are its restriction,
    not an interruption of its production (the export_restricted claim says it); carmakers
    that suspend production suspend their own."""
    if _CONSUMER_RE.search(ctx.text, max(0, m.start() - 60), m.start()):
        return False
    if not m.group().lower().startswith("disrupt"):
        return True
    return not _EXPORT_MEASURE_RE.search(ctx.text)


# "plans to temporarily close two mines", "keeping open other smelters": no project
_NOT_A_PROJECT_RE = re.compile(
    r"\b(?:clos\w*|shut\w*|sell\w*|sold|idl\w*|suspend\w*|halt\w*|exit\w*|abandon\w*|"
    r"keep\w*|kept|mothball\w*|acquir\w*|bought|buy\w*)\b",
    re.IGNORECASE,
)


def _project(ctx: Ctx, m: re.Match[str]) -> bool:
    """A project phrase whose verb and facility enclose another act (closing, selling) or
    that keeps a facility open is no new project."""
    if _NOT_A_PROJECT_RE.search(m.group()):
        return False
    return not re.search(r"\bkeep\w*\s+$", ctx.text[max(0, m.start() - 12) : m.start()], re.I)


# Reserves a government holds or builds are a stockpile, not what its ground holds.
_STOCKPILE_BEFORE_RE = re.compile(
    r"\b(?:bolster\w*|build\w*\s+up|replenish\w*|releas\w*|boost\w*|stock\w*|"
    r"draw\w*\s+(?:down|on)|tap\w*\s+(?:into\s+)?)\s+(?:[\w'\u2019-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _reserves(ctx: Ctx, m: re.Match[str]) -> bool:
    return not (
        m.group().lower().startswith("reserve")
        and _STOCKPILE_BEFORE_RE.search(ctx.text, max(0, m.start() - 50), m.start())
    )


# What "control" governs when it is not a market: "controls Greenland's foreign policy".
_CONTROLLED_NOT_SUPPLY_RE = re.compile(
    r"\W*(?:[\w'\u2019-]+\s+){0,4}?(?:policy|policies|affairs|government|territory|army|"
    r"military|borders?|region|parliament|city|town|base|port|airport|defen[cs]e)\b",
    re.IGNORECASE,
)


def _control(ctx: Ctx, m: re.Match[str]) -> bool:
    """Control of a market or a supply, not of a territory or a policy."""
    return not _CONTROLLED_NOT_SUPPLY_RE.match(ctx.text, m.end())


# A rank within a region ("Africa's second-largest producer") says nothing of world supply.
_REGIONAL_RANK_RE = re.compile(
    r"\b(?:Africa|Europe|Asia|America|Oceania|region|continent|EU)['\u2019]s\s+$"
    r"|\b(?:African|European|Asian|American|regional)\s+$",
    re.IGNORECASE,
)


def _second_after(ctx: Ctx, m: re.Match[str]) -> bool:
    return not _REGIONAL_RANK_RE.search(ctx.text, max(0, m.start() - 20), m.start())


def _majority(ctx: Ctx, m: re.Match[str]) -> bool:
    """ "most of the world's platinum reserves" is a reserves claim, not a share of supply."""
    return not _RESERVE_SHARE_RE.match(ctx.text, m.end())


FILTERS: dict[str, Callable[[Ctx, re.Match[str]], bool]] = {
    "majority": _majority,
    "second_after": _second_after,
    "control": _control,
    "reserves": _reserves,
    "disrupted": _disrupted,
    "has_mineral": _has_mineral,
    "project_stage": _project_stage,
    "project": _project,
    "produce_verb": production_filters.produce_object,
    "production_noun": production_filters.production_noun,
    "superlative": _superlative,
    "ranked_producer": _superlative,
    "accounts": _not_of_imports,
    "share": _share,
    "supplies_share": _share,
    "comes_from": _comes_from,
    "restrict_exports": _restrict_exports,
    "collapse": lambda ctx, m: bool(_CAUSE_RE.search(ctx.text)),
}
