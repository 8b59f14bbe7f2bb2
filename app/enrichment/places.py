"""First-level subdivisions (states, provinces, regions) as names of their country.

"A mine in Idaho", "a refinery in the Atacama", "operations in Haut-Katanga" place a claim in
a country that the sentence never names. The names are ISO 3166-2's, from pycountry, in the
forms news writes them: administrative suffixes of the romanised local name dropped
("Sichuan Sheng" is written "Sichuan"), accents folded as a second form ("Karnataka" for
"Karnātaka"). Left out: a name that is already an alias of a country (Georgia, the US
state), one shared by subdivisions of two countries, one made only of generic geographic
words ("Central", "Northern Cape" keeps, "North" does not), and short names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import pycountry

# Romanised administrative suffixes that English-language news leaves off.
_SUFFIX_RE = re.compile(
    r"\s+(?:Sheng|Zizhiqu|Shi|Tebiexingzhengqu|oblysy|oblast['\u2019]?|kray|"
    r"avtonomnyy okrug|Respublika|Province|Region)$"
    r"|,\s*Respublika$|\s*\[[^\]]*\]$",
    re.IGNORECASE,
)
# Names made only of these are directions or kinds of place, not one place.
_GENERIC_WORDS = frozenset(
    str.split(
        """north south east west northern southern eastern western central centre center upper
        lower capital coast coastal islands island lakes lake highlands plateau valley mountain
        mountains river delta littoral interior federal district city region province state
        territory north-east north-west south-east south-west far great greater"""
    )
)
_MIN_CHARS = 4


def _forms(name: str) -> set[str]:
    """The written forms of one ISO 3166-2 name."""
    plain = _SUFFIX_RE.sub("", name).strip()
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch)
    )
    return {form for form in (plain, folded) if len(form) >= _MIN_CHARS}


def _is_generic(form: str) -> bool:
    return all(word in _GENERIC_WORDS for word in re.split(r"[\s-]+", form.lower()) if word)


def subdivision_aliases(taken: Iterable[str]) -> list[tuple[str, str]]:
    """(name, iso2) for every first-level subdivision name that points to one country.

    `taken` holds the aliases already in use (country names, capitals, minerals): a
    subdivision never takes one over."""
    used = {alias.casefold() for alias in taken}
    owners: dict[str, set[str]] = defaultdict(set)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None:
            continue
        for form in _forms(subdivision.name):
            owners[form].add(subdivision.country_code)
    return sorted(
        (form, next(iter(countries)))
        for form, countries in owners.items()
        if len(countries) == 1 and form.casefold() not in used and not _is_generic(form)
    )
