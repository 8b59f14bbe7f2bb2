"""Status claims: cue -> actor country -> minerals, with hedging, negation and tense.

For every cue (cues.py) in a sentence the actor is the nearest country before the cue in
the same clause (with the countries coordinated with it), else a country after it behind a
locative/source preposition ("production in Kazakhstan", "output from Japan"), else an
anaphor ("it", "the country", "the Asian country") resolved to the discourse focus.
Minerals are those of the clause, else of the sentence, else - when the sentence refers
back ("these materials", "the metal", "it") - those of the last sentence naming minerals.
A generic phrase ("critical minerals", "mineral wealth") near the cue adds mineral null.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.enrichment import cues
from app.enrichment.linking import CountryMention, Mentions, MineralMention
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
_CLAUSE_RE = re.compile(
    r";\s|:\s|,\s+(?=(?:while|whereas|although|though|but|as|because|since|which|who|when|"
    r"so|yet|even though)\b)|\s+(?=(?:while|whereas|although|because|but)\s)"
)
_GENERIC_RE = re.compile(
    r"\b(?:critical|strategic|key|vital|rare|raw|essential|important|precious|valuable|"
    r"battery|green|energy[- ]transition|all)\s+(?:raw\s+)?(?:minerals|raw\s+materials)\b"
    r"|\bmineral[- ](?:wealth|resources|riches|deposits|reserves|rich)\b"
    r"|(?<!these )(?<!those )(?<!the )(?<!such )\bminerals\b"
    r"(?!\s+(?:deal|agreement|pact|accord|partnership|fund|ministry|minister|policy|strategy|"
    r"list|security|trade|sector))",
    re.IGNORECASE,
)
_MINERAL_ANAPHOR_RE = re.compile(
    r"\b(?:these|those|this|that|such|the)\s+(?:[\w-]+\s+){0,2}?(?:materials?|minerals?|metals?|"
    r"elements|resources|inputs?|commodit(?:y|ies)|sector|ores?)\b|\bit\b|\bthem\b",
    re.IGNORECASE,
)
_COUNTRY_ANAPHOR_RE = re.compile(
    r"\b(?:it|its|the\s+(?:[\w-]+\s+){0,2}?(?:country|nation)(?:['\u2019]s)?)\b", re.IGNORECASE
)
_ACCORDING_RE = re.compile(r"\baccording\s+to\b[^,;]*", re.IGNORECASE)
_MAGNET_RE = re.compile(r"\bmagnets?\b", re.IGNORECASE)
_NON_ACTOR_NOUNS = frozenset(
    [
        "market",
        "markets",
        "consumers",
        "consumer",
        "buyers",
        "buyer",
        "customers",
        "demand",
        "importers",
        "tariffs",
        "tariff",
        "sanctions",
        "invasion",
        "troops",
        "military",
        "army",
        "aid",
        "support",
        "officials",
        "policymakers",
        "lawmakers",
        "leader",
        "leaders",
        "president",
        "counterparts",
        "talking",
        "allies",
        "war",
        "forces",
    ]
)
_TARGET_PREPS = frozenset(
    ["to", "into", "against", "than", "with", "toward", "towards", "versus", "vs"]
)
_AFTER_PREPS = frozenset(["in", "from", "of", "by", "at", "within", "across"])
_STRONG_HEDGE_RE = re.compile(
    r"\b(?:if|unless|whether|could|might|would|hypothetical(?:ly)?)\b", re.IGNORECASE
)
_PRODUCTION_NOT_RE = re.compile(
    r"^\s+(?:technolog\w*|facilit\w*|lines?|costs?|methods?|process(?:es)?|tax|agreement)\b",
    re.IGNORECASE,
)
_PCT_NUM_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|per ?cent|percent|pc)", re.IGNORECASE)
_OBJECT_RE = re.compile(r"^\W*(?:\w+\s+){0,4}?(?:(?:it|them|these|this|those)\b|\d)", re.IGNORECASE)
_MINES_VERB_RE = re.compile(r"\b(?:also|still|only|currently|now|it|which|that)\s+$", re.I)
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
_COORD_RE = re.compile(r"^\s*(?:,|and|or|&|, and|, or)\s*$")
_WORDS_RE = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Claim:
    country: str
    mineral: str | None
    status: str
    evidence: str
    start: int
    end: int
    confidence: float


@dataclass(slots=True)
class _State:
    focus: str | None = None
    last_minerals: tuple[tuple[str, ...], bool] = ((), False)
    last_actor: dict[str, str] = field(default_factory=dict)
    magnet_slug: str | None = None
    ref_year: int | None = None


@dataclass(slots=True)
class _Ctx:
    sent: Sentence
    text: str  # sentence text
    countries: list[CountryMention]  # offsets relative to the sentence
    minerals: list[MineralMention]
    excluded: list[tuple[int, int]]  # "according to ..." spans
    clauses: list[tuple[int, int]]


def _rel(items: list[CountryMention], base: int) -> list[CountryMention]:
    return [
        CountryMention(c.start - base, c.end - base, c.iso2, c.alias_kind, c.text) for c in items
    ]


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _CLAUSE_RE.finditer(text)] + [len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _clause_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    for a, b in ctx.clauses:
        if a <= pos < b:
            return a, b
    return 0, len(ctx.text)


def _word_before(text: str, pos: int) -> str:
    words = _WORDS_RE.findall(text[max(0, pos - 40) : pos])
    while words and words[-1].lower() in {"the", "a", "an"}:
        words.pop()
    return words[-1].lower() if words else ""


def _eligible(ctx: _Ctx, c: CountryMention, status: str) -> bool:
    if any(a <= c.start < b for a, b in ctx.excluded):
        return False
    prev = _word_before(ctx.text, c.start)
    if ctx.text[c.end : c.end + 2] in ("'s", "\u2019s"):
        prev = ""  # a possessor ("due to China's dominance") is never a target
    if prev in _TARGET_PREPS and status != "disrupted":
        return False
    if status == "import_dependent" and prev in {"on", "upon", "from", "off"}:
        return False
    if status == "export_restricted" and prev == "on":
        return False
    if c.alias_kind in {"adjective", "demonym", "abbreviation", "name", "short"}:
        nxt = re.match(r"^(?:['\u2019]s)?\s+(\w+)", ctx.text[c.end :])
        if nxt and nxt.group(1).lower() in _NON_ACTOR_NOUNS:
            return False
    return True


def _coordinated(ctx: _Ctx, chosen: CountryMention, pool: list[CountryMention]) -> list[str]:
    out = [chosen.iso2]
    idx = pool.index(chosen)
    j = idx - 1
    cur = chosen
    while j >= 0 and _COORD_RE.match(ctx.text[pool[j].end : cur.start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j -= 1
    j, cur = idx + 1, chosen
    while j < len(pool) and _COORD_RE.match(ctx.text[cur.end : pool[j].start]):
        out.append(pool[j].iso2)
        cur = pool[j]
        j += 1
    return out


def _actor(
    ctx: _Ctx, status: str, cs: int, ce: int, state: _State, definite: bool
) -> tuple[list[str], int, bool]:
    """(countries, end offset of the actor or -1, resolved-by-anaphora)."""
    a, b = _clause_of(ctx, cs)
    pool = [c for c in ctx.countries if a <= c.start < b and _eligible(ctx, c, status)]
    before = [c for c in pool if c.end <= cs]
    after = [c for c in pool if c.start >= ce and _word_before(ctx.text, c.start) in _AFTER_PREPS]
    if status == "developing":
        located = [c for c in after if _word_before(ctx.text, c.start) in {"in", "at", "within"}]
        if located:
            return _coordinated(ctx, located[0], pool), located[0].end, False
        before = [
            c
            for c in before
            if c.alias_kind not in {"adjective", "demonym"}
            or ctx.text[c.end : c.end + 2] in ("'s", "\u2019s")
        ]
    if before:
        return _coordinated(ctx, before[-1], pool), before[-1].end, False
    if after and status != "import_dependent":
        return _coordinated(ctx, after[0], pool), after[0].end, False
    anaphor = None
    for m in _COUNTRY_ANAPHOR_RE.finditer(ctx.text, a, cs):
        anaphor = m
    if anaphor is not None and state.focus:
        return [state.focus], anaphor.end(), True
    if ctx.text[a:b].lstrip().lower().startswith(("which", "who", "that")):
        prev = [c for c in ctx.countries if c.end <= a and a - c.end <= 4]
        if prev:
            return [prev[-1].iso2], prev[-1].end, False
    if definite and status in state.last_actor:
        return [state.last_actor[status]], -1, True
    return [], -1, False


def _minerals(
    ctx: _Ctx, cs: int, ce: int, state: _State, allow_back: bool
) -> tuple[list[str | None], bool]:
    a, b = _clause_of(ctx, cs)
    found = [m for m in ctx.minerals if a <= m.start < b]
    scope = (a, b)
    if not found:
        found = list(ctx.minerals)
        scope = (0, len(ctx.text))
    slugs: list[str | None] = []
    for m in found:
        for s in m.slugs:
            if s not in slugs:
                slugs.append(s)
    generic = False
    for g in _GENERIC_RE.finditer(ctx.text, *scope):
        if any(m.start <= g.start() < m.end for m in ctx.minerals):
            continue
        if min(abs(g.start() - ce), abs(cs - g.end())) <= 60 or a <= g.start() < ce:
            generic = True
    if slugs or generic:
        return [*slugs, *([None] if generic else [])], False
    if state.magnet_slug and _MAGNET_RE.search(ctx.text, a, b):
        return [state.magnet_slug], True
    if allow_back or _MINERAL_ANAPHOR_RE.search(ctx.text):
        prev, prev_generic = state.last_minerals
        return [*prev, *([None] if prev_generic else [])], True
    return [], False


def _pct(match_text: str) -> float | None:
    m = _PCT_NUM_RE.search(match_text)
    return float(m.group(1).replace(",", ".")) if m else None


def _hedged(ctx: _Ctx, status: str, cs: int, actor_end: int, presupposed: bool) -> bool:
    a, _ = _clause_of(ctx, cs)
    if presupposed:
        return False
    prefix = ctx.text[a:cs]
    strong = _STRONG_HEDGE_RE.search(prefix)
    if strong and not (strong.group().lower() == "would" and cues.REPORTED_WOULD_RE.search(prefix)):
        return True
    if status == "developing":
        return False
    window = ctx.text[actor_end:cs] if 0 <= actor_end <= cs else ctx.text[max(a, cs - 50) : cs]
    weak = cues.HEDGE_RE.search(window)
    return bool(
        weak and not (weak.group().lower() == "would" and cues.REPORTED_WOULD_RE.search(prefix))
    )


def _negated(ctx: _Ctx, cs: int, actor_end: int) -> bool:
    start = actor_end if 0 <= actor_end <= cs else max(0, cs - 25)
    start = max(start, cs - 40)
    return bool(cues.NEGATION_RE.search(ctx.text, start, cs))


def _past_only(ctx: _Ctx, state: _State) -> bool:
    if cues.PAST_ONLY_RE.search(ctx.text):
        return True
    years = [int(y) for y in cues.YEAR_RE.findall(ctx.text)]
    return bool(years and state.ref_year and max(years) < state.ref_year - 3)


def _cue_filters() -> dict[str, Callable[[_Ctx, re.Match[str]], bool]]:
    def produce_object(ctx: _Ctx, m: re.Match[str]) -> bool:
        after = ctx.text[m.end() : m.end() + 50]
        if any(m.end() <= x.start <= m.end() + 50 for x in ctx.minerals):
            return True
        word = m.group().lower()
        if word == "mines":
            before = ctx.text[max(0, m.start() - 40) : m.start()]
            if not (
                _MINES_VERB_RE.search(before)
                or any(0 <= m.start() - c.end <= 2 for c in ctx.countries)
            ):
                return False  # "has mines in ..." is the noun
        for x in ctx.minerals:
            if 0 <= m.start() - x.end <= 40 and _PASSIVE_RE.search(ctx.text, x.end, m.start()):
                return True  # passive: "titanium is produced in ..."
        return bool(_OBJECT_RE.match(after))

    def production_noun(ctx: _Ctx, m: re.Match[str]) -> bool:
        return not _PRODUCTION_NOT_RE.match(ctx.text[m.end() :])

    return {"produce_verb": produce_object, "production_noun": production_noun}


_FILTERS = _cue_filters()


def _presupposed(ctx: _Ctx, cue: cues.Cue, cs: int, actor_end: int) -> bool:
    if actor_end < 0 or actor_end > cs:
        return False
    gap = ctx.text[actor_end:cs]
    if not re.fullmatch(r"(?:['\u2019]s)?\s*(?:[\w-]+\s+){0,3}", gap):
        return False
    return cue.status in {"dominant", "reserves"} and cue.name != "superlative"


def _possessive_reserves(ctx: _Ctx) -> list[Claim]:
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
        for slug in mineral.slugs:
            out.append(
                Claim(c.iso2, slug, "reserves", ctx.sent.text, ctx.sent.start, ctx.sent.end, 0.75)
            )
    return out


def _sentence_claims(ctx: _Ctx, state: _State) -> list[Claim]:
    out: list[Claim] = _possessive_reserves(ctx)
    neg_spans: list[tuple[int, int]] = []
    lowered = ctx.text.lower()
    for cue in cues.CUES:
        if not cue.may_match(lowered):
            continue
        for m in cue.pattern.finditer(ctx.text):
            cs, ce = m.span()
            status = cue.status
            if status == "producing" and any(a <= cs < b for a, b in neg_spans):
                continue
            filt = _FILTERS.get(cue.name)
            if filt and not filt(ctx, m):
                continue
            if (
                cue.definite
                and "export_restricted" not in state.last_actor
                and not re.search(r"\bexport", ctx.text, re.IGNORECASE)
            ):
                continue
            if cue.name in {"share", "accounts"}:
                pct = _pct(m.group())
                if pct is None:
                    continue
                status = "dominant" if pct >= 50 else "producing"
            actors, actor_end, by_anaphor = _actor(ctx, status, cs, ce, state, cue.definite)
            if not actors:
                continue
            by_agent = actor_end > ce and ctx.text[ce:actor_end].strip().startswith("by")
            if cue.nominal_control and not _presupposed(ctx, cue, cs, actor_end) and not by_agent:
                continue
            if _hedged(ctx, status, cs, actor_end, _presupposed(ctx, cue, cs, actor_end)):
                continue
            if status != "not_producing" and _negated(ctx, cs, actor_end):
                continue
            if status == "producing" and _past_only(ctx, state):
                continue
            if status == "export_restricted":
                _a, b = _clause_of(ctx, cs)
                tail = ctx.text[cs:b]
                first_min = next((x.start for x in ctx.minerals if x.start >= cs), b)
                if cues.TECHNOLOGY_RE.search(tail[: max(0, first_min - cs)] or tail):
                    continue
            if status == "import_dependent" and cue.name == "dependence":
                after = ctx.text[ce : ce + 60]
                has_country = any(ce <= c.start <= ce + 30 for c in ctx.countries)
                if not (has_country or cues.IMPORT_OBJECT_RE.search(after)):
                    continue
            mins, from_context = _minerals(ctx, cs, ce, state, cue.definite)
            if not mins:
                continue
            if status == "not_producing":
                neg_spans.append((cs, ce))
            conf = 0.9 - (0.2 if by_anaphor else 0.0) - (0.15 if from_context else 0.0)
            for iso2 in actors:
                for slug in mins:
                    out.append(
                        Claim(
                            iso2,
                            slug,
                            status,
                            ctx.sent.text,
                            ctx.sent.start,
                            ctx.sent.end,
                            round(conf, 2),
                        )
                    )
                state.last_actor[status] = iso2
    return out


def extract_claims(
    text: str,
    sentences: list[Sentence],
    mentions: Mentions,
    *,
    ref_year: int | None = None,
    deadline_check: Callable[[], None] | None = None,
) -> list[Claim]:
    state = _State(ref_year=ref_year)
    if re.search(r"\brare[- ]earth\s+magnets?\b", text, re.IGNORECASE):
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
        s_countries = _rel(countries[ci:cj], sent.start)
        s_minerals = [
            MineralMention(m.start - sent.start, m.end - sent.start, m.slugs, m.text)
            for m in minerals[mi:mj]
        ]
        ctx = _Ctx(
            sent,
            sent.text,
            s_countries,
            s_minerals,
            [m.span() for m in _ACCORDING_RE.finditer(sent.text)],
            _clauses(sent.text),
        )
        found = _sentence_claims(ctx, state) if (s_countries or state.focus) else []
        claims.extend(found)
        if found:
            state.focus = found[-1].country
        elif s_countries:
            eligible = [
                c for c in s_countries if not any(a <= c.start < b for a, b in ctx.excluded)
            ]
            if eligible:
                state.focus = eligible[0].iso2
        if s_minerals or _GENERIC_RE.search(sent.text):
            slugs: list[str] = []
            for m in s_minerals:
                slugs.extend(s for s in m.slugs if s not in slugs)
            state.last_minerals = (tuple(slugs), bool(_GENERIC_RE.search(sent.text)))
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
