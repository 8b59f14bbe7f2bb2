"""The share a cue states ("70%", "three-quarters", "more than half"), and each mineral's
own share in an enumeration of them."""

from __future__ import annotations

import re

from app.enrichment.cue_patterns import IGNORE_CASE, NUM

_PCT_VALUE_RE = re.compile(rf"({NUM})\s*(?:%|per ?cent|percent|pc)", IGNORE_CASE)
_FRACTION_VALUE_RE = re.compile(
    r"(?P<more>more\s+than\s+|over\s+)?(?:(?P<num>a|one|two|three)[- ])?"
    r"(?P<den>half|thirds?|quarters?|fifths?|tenths?)",
    IGNORE_CASE,
)
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3}


_MORE_THAN_RE = re.compile(r"\b(?:more\s+than|over|just\s+over)\s+$", IGNORE_CASE)


def shares_by_mineral(
    text: str, start: int, minerals: list[tuple[int, tuple[str, ...]]]
) -> dict[str, float]:
    """In an enumeration of shares ("96% of graphite, 78% of cobalt and 44% of copper"),
    each mineral named after `start` with the nearest percentage before it."""
    values = [
        (m.start(), float(m.group(1).replace(",", ".")))
        for m in _PCT_VALUE_RE.finditer(text, start)
    ]
    out: dict[str, float] = {}
    for pos, slugs in minerals:
        before = [v for at, v in values if at < pos]
        if pos >= start and before:
            for slug in slugs:
                out.setdefault(slug, before[-1])
    return out


def share_of(match_text: str, before: str = "") -> float | None:
    """The share a cue states, in percent ("70%", "three-quarters", "more than half")."""
    m = _PCT_VALUE_RE.search(match_text)
    if m:
        return float(m.group(1).replace(",", "."))
    f = _FRACTION_VALUE_RE.search(match_text)
    if not f:
        return None
    den = _DENOMINATORS[f.group("den").lower().rstrip("s")]
    num = _NUMERATORS.get((f.group("num") or "a").lower(), 1)
    value = 100.0 * num / den
    more = f.group("more") or (f.start() == 0 and _MORE_THAN_RE.search(before))
    return value + 1 if more else value
