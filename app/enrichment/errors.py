"""Errors raised by the extraction pipeline."""

from __future__ import annotations


class ExtractionError(Exception):
    """The input cannot be processed (too large, not text, unparsable, over the time limit)."""
