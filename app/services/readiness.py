"""What a process needs besides its database before it may take traffic."""

from __future__ import annotations

from app.enrichment.selfcheck import pipeline_problem


def enrichment_problem() -> str | None:
    """None when the enrichment pipeline can run here, else why not (checked once per
    process: the first call imports its libraries and runs a sample page through it)."""
    return pipeline_problem()
