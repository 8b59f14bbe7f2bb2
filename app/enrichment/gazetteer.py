"""Alias tables for countries and minerals, compiled once into a token-prefix index.

Matching works on tokens (letters/digits, or dotted acronyms such as "U.S."), so hyphen and
space variants ("rare-earth" / "rare earth") share one key, and a possessive ("China's")
still yields "China". Acronym aliases ("US", "DRC", "REEs", "NdFeB") match case-sensitively;
country names must be capitalised; mineral names match in any case (context rules for
false friends live in linking.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import orjson
import pycountry

from app.enrichment.places import subdivision_aliases

EntityKind = Literal["country", "mineral", "block"]

TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+")
# What may separate two tokens of one alias occurrence: spaces, a hyphen or an apostrophe.
_GAP_OK = re.compile(r"[ \t\u00a0]{1,3}|[ ]?[-\u2010\u2011][ ]?|['\u2019]")
_FUNCTION_WORDS = frozenset({"the", "of", "and", "da", "de", "du", "del", "la", "le", "et"})

# Metonyms used for governments, beyond the country file (kind "capital": same context rules).
EXTRA_COUNTRY_ALIASES: dict[str, list[tuple[str, str]]] = {
    "US": [("White House", "capital"), ("Pentagon", "capital"), ("Americans", "demonym")],
    "RU": [("Kremlin", "capital")],
    "CD": [("Congo", "short"), ("Congolese", "adjective")],
    "KP": [("Pyongyang", "capital")],
}
# Multi-word names that contain a country or mineral alias but are something else.
BLOCKERS: tuple[str, ...] = (
    "Latin America",
    "Latin American",
    "Latin Americans",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "Native American",
    "American Indian",
    "Indian Ocean",
    "New Jersey",
    "New Mexico",
    "New Mexican",
    "New England",
    "New South Wales",
    "New Guinea",
    "Niger Delta",
    "Niger River",
    "South China Sea",
    "East China Sea",
    "South China Morning Post",
    "Washington Post",
    "Washington Times",
    "Washington state",
    "Washington State",
    "State of Washington",
    "Washington University",
    "George Washington",
    "Washington Examiner",
    "Silicon Valley",
    "Jordan River",
    "Georgia Tech",
    "Papua",
    "Gulf of Mexico",
    "Bank of America",
    "Voice of America",
    "China Daily",
    "Lead Time",
    "Silver Spring",
    "Silver Lake",
    "Turkish Airlines",
    "Korean War",
    "Vietnam War",
    "Platinum Jubilee",
    "Chinese New Year",
    "American Express",
    "Dutch auction",
    "British Columbia",
    "British Virgin Islands",
    "Emirates Global Aluminium",
    "Chinese checkers",
    "Russian roulette",
    "Mexican wave",
    "German measles",
)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One target of an alias: a country (iso2), a mineral (slug) or a blocker."""

    kind: EntityKind
    key: str
    # name, short, adjective, demonym, capital, place, abbreviation, mineral, block
    alias_kind: str


@dataclass(frozen=True, slots=True)
class AliasHit:
    """An alias occurrence in a text: [start, end) and what it may refer to."""

    start: int
    end: int
    text: str
    entries: tuple[AliasEntry, ...]


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def _is_case_sensitive(alias: str) -> bool:
    return any(sum(ch.isupper() for ch in tok) >= 2 for _, _, tok in tokenize(alias))


def _key(tokens: Iterable[str]) -> str:
    return " ".join(tokens)


class Gazetteer:
    """Country and mineral alias index with longest-match scanning."""

    def __init__(self) -> None:
        self.country_names: dict[str, str] = {}
        self.mineral_names: dict[str, str] = {}
        self.mineral_groups: dict[str, str | None] = {}
        self._ci: dict[str, list[AliasEntry]] = {}
        self._cs: dict[str, list[AliasEntry]] = {}
        self._prefixes: set[str] = set()
        self._max_tokens = 1

    # -- construction -------------------------------------------------------------------
    def add_alias(self, alias: str, entry: AliasEntry) -> None:
        toks = [t for _, _, t in tokenize(alias)]
        if not toks:
            return
        sensitive = _is_case_sensitive(alias)
        words = toks if sensitive else [t.lower() for t in toks]
        table = self._cs if sensitive else self._ci
        key = _key(words)
        bucket = table.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        for i in range(1, len(words) + 1):
            self._prefixes.add(_key(words[:i]) if sensitive else _key(words[:i]).lower())
        self._max_tokens = max(self._max_tokens, len(words))

    @classmethod
    def from_entries(
        cls,
        *,
        countries: Sequence[tuple[str, str, Sequence[str | tuple[str, str]]]],
        minerals: Sequence[tuple[str, str, Sequence[str]]],
        mineral_groups: dict[str, str | None] | None = None,
    ) -> Gazetteer:
        """Build from plain rows: (iso2, name, aliases) and (slug, name, aliases).

        A country alias is a string or an (alias, kind) pair; kind "capital" turns on the
        place-versus-government context rule.
        """
        gaz = cls()
        for iso2, name, aliases in countries:
            iso2 = iso2.upper()
            gaz.country_names[iso2] = name
            gaz.add_alias(name, AliasEntry("country", iso2, "name"))
            for alias in aliases:
                text, kind = (alias, "name") if isinstance(alias, str) else alias
                gaz.add_alias(text, AliasEntry("country", iso2, kind))
        for slug, name, aliases in minerals:
            gaz.mineral_names[slug] = name
            gaz.add_alias(name, AliasEntry("mineral", slug, "mineral"))
            for alias in aliases:
                gaz.add_alias(alias, AliasEntry("mineral", slug, "mineral"))
        gaz.mineral_groups = dict(mineral_groups or {})
        for blocker in BLOCKERS:
            gaz.add_alias(blocker, AliasEntry("block", "", "block"))
        return gaz

    @classmethod
    def from_refdata(cls) -> Gazetteer:
        """The gazetteer of the packaged reference data (built once per process)."""
        return _refdata_gazetteer()

    @classmethod
    def _build_from_refdata(cls) -> Gazetteer:
        root = resources.files("app.refdata")
        country_file = orjson.loads(root.joinpath("countries.json").read_bytes())
        mineral_file = orjson.loads(root.joinpath("minerals.json").read_bytes())
        countries: list[tuple[str, str, list[str | tuple[str, str]]]] = []
        for country in pycountry.countries:
            iso2 = country.alpha_2
            names: list[str | tuple[str, str]] = []
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    names.append((value, "name"))
            record = country_file.get(iso2, {}) if isinstance(country_file, dict) else {}
            for alias in record.get("aliases", []):
                names.append((str(alias["alias"]), str(alias.get("kind", "name"))))
            names.extend(EXTRA_COUNTRY_ALIASES.get(iso2, []))
            display = getattr(country, "common_name", None) or country.name
            if "," in display:
                display = display.split(",")[0]
            countries.append((iso2, display, names))
        minerals = [
            (str(m["slug"]), str(m["name"]), [str(a) for a in m.get("aliases", [])])
            for m in mineral_file
        ]
        groups = {str(m["slug"]): m.get("group") for m in mineral_file}
        gaz = cls.from_entries(countries=countries, minerals=minerals, mineral_groups=groups)
        # A bare "Congo" in mining news is overwhelmingly the DRC; pycountry names CG "Congo".
        gaz._ci["congo"] = [AliasEntry("country", "CD", "short")]
        gaz._add_places()
        return gaz

    def _add_places(self) -> None:
        """States, provinces and regions as place names of their country. A blocker that is
        a subdivision ("New Mexico") becomes the place."""
        taken = [
            key
            for table in (self._ci, self._cs)
            for key, entries in table.items()
            if any(e.kind != "block" for e in entries)
        ]
        for name, iso2 in subdivision_aliases(taken):
            self.add_alias(name, AliasEntry("country", iso2, "place"))
            for table in (self._ci, self._cs):
                bucket = table.get(_key(t for _, _, t in tokenize(name.lower())))
                if bucket and any(e.kind == "block" for e in bucket):
                    bucket[:] = [e for e in bucket if e.kind != "block"]

    # -- matching -------------------------------------------------------------------------
    def scan(self, text: str) -> list[AliasHit]:
        """Longest non-overlapping alias occurrences, left to right."""
        toks = tokenize(text)
        hits: list[AliasHit] = []
        n = len(toks)
        i = 0
        prefixes = self._prefixes
        lows = [t[2].lower() for t in toks]
        while i < n:
            if lows[i] not in prefixes and toks[i][2] not in prefixes:
                i += 1
                continue
            best: tuple[int, list[AliasEntry]] | None = None
            lower_parts: list[str] = []
            exact_parts: list[str] = []
            j = i
            while j < n and j - i < self._max_tokens:
                if j > i and not _GAP_OK.fullmatch(text, toks[j - 1][1], toks[j][0]):
                    break
                tok = toks[j][2]
                lower_parts.append(tok.lower())
                exact_parts.append(tok)
                lk, ek = _key(lower_parts), _key(exact_parts)
                if lk not in prefixes and ek not in prefixes:
                    break
                found = self._cs.get(ek)
                if found is None:
                    ci = self._ci.get(lk)
                    if ci is not None and self._case_ok(ci, exact_parts):
                        found = ci
                if found:
                    best = (j, found)
                j += 1
            if best is None:
                i += 1
                continue
            j, entries = best
            start, end = toks[i][0], toks[j][1]
            hits.append(AliasHit(start, end, text[start:end], tuple(entries)))
            i = j + 1
        return hits

    @staticmethod
    def _case_ok(entries: list[AliasEntry], parts: list[str]) -> bool:
        if entries[0].kind in ("mineral", "block"):
            return True
        # Countries, blockers: every content word capitalised ("china" the porcelain is not).
        return all(p[0].isupper() or p.lower() in _FUNCTION_WORDS for p in parts) and (
            parts[0][0].isupper() or parts[0].lower() == "the"
        )


@cache
def _refdata_gazetteer() -> Gazetteer:
    return Gazetteer._build_from_refdata()
