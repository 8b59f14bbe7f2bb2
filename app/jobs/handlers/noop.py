"""A handler that does nothing: for benchmarks and smoke tests of the queue."""

from __future__ import annotations

from sqlmodel import Session

from app.jobs.registry import register
from app.models import Job

NOOP = "noop"


def handle_noop(_session: Session, _job: Job) -> None:
    return None


register(NOOP, handle_noop)
