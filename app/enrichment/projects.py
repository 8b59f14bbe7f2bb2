"""Projects as a discourse topic: a mine, refinery or plant named with its country in one
sentence is what "the refinery" or "the project" means in the next few.

News about a project names its location once ("its refinery in Finland") and then speaks
of "the refinery": when it "will produce" nickel, "is being commissioned" or "is expected to
commence operations". Those later sentences are developing claims about the project's
country (guideline resolution 1: an explicit reference to earlier text), so the state keeps
the last located project for a few sentences.
"""

from __future__ import annotations

import re

from app.enrichment.context import Ctx, State, clause_of
from app.enrichment.linking import CountryMention
from app.enrichment.locatives import locative_prep

_FACILITY = (
    r"(?:mines?|refiner(?:y|ies)|plants?|facilit(?:y|ies)|factor(?:y|ies)|smelters?|"
    r"projects?|mills?|concentrators?|deposits?|operations?|sites?)"
)
FACILITY_RE = re.compile(rf"\b{_FACILITY}\b", re.IGNORECASE)
# "the refinery", "its new plant", "the Quartz Ridge project", "It" opening a clause.
_ANAPHOR_RE = re.compile(
    rf"\b(?:the|its|this|that|their)\s+(?:[\w'\u2019-]+\s+){{0,3}}?{_FACILITY}\b|^\s*It\b",
    re.IGNORECASE,
)
# Production a facility is to start: "the plant will produce", "is set to refine".
_FUTURE_AUX = (
    r"will|would|(?:is|are)\s+(?:set|due|expected|scheduled|slated|poised)\s+to|"
    r"plans?\s+to|intends?\s+to|intention\s+to|aiming\s+to|designed\s+to"
)
_FUTURE_AUX_RE = re.compile(rf"\b(?:{_FUTURE_AUX})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)
# A target ("50,000 t of lithium to be produced by 2035") is future, but no project.
_FUTURE_OR_TARGET_RE = re.compile(
    rf"\b(?:{_FUTURE_AUX}|to\s+be)\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE
)
# "Peru's new zinc mine", "a Finnish refinery"
_OWNED_FACILITY_RE = re.compile(
    rf"(?:['\u2019]s)?\s+(?:[\w-]+\s+){{0,3}}?{_FACILITY}\b", re.IGNORECASE
)
_LOCATED_PREPS = frozenset(["in", "at", "near"])
# How many sentences a located project stays the topic "the project" refers to.
PROJECT_SPAN = 3


def future(ctx: Ctx, cs: int) -> bool:
    """A future auxiliary right before the cue ("will extract", "is set to produce")."""
    a, _b = clause_of(ctx, cs)
    return bool(_FUTURE_OR_TARGET_RE.search(ctx.text, max(a, cs - 60), cs))


def future_facility_production(ctx: Ctx, cs: int) -> bool:
    """A production verb in the future whose subject is a facility ("The refinery will
    produce ...") or that places the production in a country ("plans to produce ... in
    Malaysia"): a project's output to come, not current production."""
    a, b = clause_of(ctx, cs)
    prefix = ctx.text[a:cs]
    # a headline's infinitive is its future: "Arctic Metals to produce nickel in Finland"
    headline_future = ctx.sent.heading and prefix.endswith(" to ")
    if not (headline_future or _FUTURE_AUX_RE.search(prefix)):
        return False
    if FACILITY_RE.search(ctx.text, 0, cs):  # the subject, past an apposition
        return True
    return any(cs < c.start < b and locative_prep(ctx, c) in _LOCATED_PREPS for c in ctx.countries)


def project_actor(ctx: Ctx, state: State, a: int, b: int) -> str | None:
    """The country of the project a clause refers back to, if it does."""
    if state.project is None or state.project_age > PROJECT_SPAN:
        return None
    if not _ANAPHOR_RE.search(ctx.text[a:b]):
        return None
    return state.project


def located_project(ctx: Ctx, countries: list[CountryMention]) -> str | None:
    """The country a sentence places a facility in ("its refinery in Finland", "Peru's new
    zinc mine"), if it names a facility."""
    if not FACILITY_RE.search(ctx.text):
        return None
    located = [c for c in countries if locative_prep(ctx, c) in _LOCATED_PREPS]
    if located:
        return located[0].iso2
    owner = next((c for c in countries if _OWNED_FACILITY_RE.match(ctx.text, c.end)), None)
    return owner.iso2 if owner else None


def remember(state: State, country: str | None) -> None:
    """After a sentence: its project replaces the remembered one; a sentence about another
    country ends the remembered project's topic; any other sentence ages it."""
    if country is not None:
        state.project, state.project_age = country, 0
    elif state.focus_age == 0 and state.focus != state.project:
        state.project = None
    else:
        state.project_age += 1
