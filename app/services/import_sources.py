"""Parse the USGS "Import sources" text into groups of (country, percent) entries.

The text is printed prose such as

    "Germanium metal: China, 51%; Belgium, 27%; ...; and other, 2%. Combined total: ..."

i.e. one or more groups, each an optional label followed by `name, N%` entries separated by
semicolons (occasionally commas). Names keep the source's wording ("China (includes Hong
Kong)"); resolution to ISO codes happens in the exposure service, with the country table and
its aliases. Pure functions: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A group ends at a full stop that follows a percent sign.
_GROUP_END = re.compile(r"(?<=%)\.\s*")
# One entry: a name (non-greedy, may contain commas, e.g. "Korea, Republic of") then ", N%".
_ENTRY = re.compile(
    r"(?:^|[;,])\s*(?:and\s+)?(?P<name>[^;]+?),\s*(?P<percent>\d+(?:\.\d+)?)\s*%",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_TOTAL_LABEL = re.compile(r"^(combined\s+)?total\b", re.IGNORECASE)
OTHER_NAMES = frozenset({"other", "others", "other countries"})


@dataclass(frozen=True)
class ParsedEntry:
    name: str
    """The name as printed ("China (includes Hong Kong)")."""
    lookup: str
    """The name without parentheticals, lower-cased, for resolution ("china")."""
    percent: float
    is_other: bool


@dataclass(frozen=True)
class ParsedGroup:
    label: str | None
    entries: tuple[ParsedEntry, ...]


def _entry(name: str, percent: str) -> ParsedEntry:
    name = " ".join(name.split())
    lookup = _PARENTHETICAL.sub("", name).strip().lower()
    return ParsedEntry(
        name=name, lookup=lookup, percent=float(percent), is_other=lookup in OTHER_NAMES
    )


def _split_label(chunk: str) -> tuple[str | None, str]:
    head, sep, tail = chunk.partition(":")
    if sep and "%" not in head:
        return head.strip() or None, tail
    return None, chunk


def parse_import_sources(text: str | None) -> list[ParsedGroup]:
    """Groups of entries; text that holds no `name, N%` entry yields no group."""
    if not text:
        return []
    groups = []
    for chunk in _GROUP_END.split(text.strip()):
        if "%" not in chunk:
            continue
        label, body = _split_label(chunk.strip())
        entries = tuple(_entry(m["name"], m["percent"]) for m in _ENTRY.finditer(body.strip()))
        if entries:
            groups.append(ParsedGroup(label=label, entries=entries))
    return groups


def scoring_group_index(groups: list[ParsedGroup]) -> int | None:
    """The group that stands for all imports: a "Total"/"Combined total" one, else the first."""
    if not groups:
        return None
    for index, group in enumerate(groups):
        if group.label and _TOTAL_LABEL.match(group.label):
            return index
    return 0
