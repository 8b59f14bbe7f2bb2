"""Facet values as the history table stores them (text) and as clients read them (typed)."""

from __future__ import annotations

from app.claim_status import FLAG_FACETS, FacetValue, RecordFacet

_FLAG_TEXT = {True: "true", False: "false"}
_TEXT_FLAG = {text: flag for flag, text in _FLAG_TEXT.items()}


def facet_value_text(value: FacetValue | None) -> str | None:
    """The stored text of a facet value: `true`/`false` for flags, the name otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _FLAG_TEXT[value]
    return str(value)


def facet_value_from_text(facet: str, text: str | None) -> FacetValue | None:
    """The typed value of a stored one: a real boolean for a flag, null for unknown."""
    if text is None:
        return None
    try:
        known = RecordFacet(facet)
    except ValueError:
        return text
    if known in FLAG_FACETS:
        return _TEXT_FLAG.get(text)  # "unknown" (no evidence) reads as null
    return text
