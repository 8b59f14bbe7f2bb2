"""Errors a job handler raises to steer the queue, and what a client may read of them.

A failed attempt's `last_error` (and a dead enrichment job's article `error`, a dead
poll's source `last_error`) is readable by anyone: it holds a plain, bounded sentence,
never SQL, bound parameters or class names. The details go to the worker's log.
"""

from __future__ import annotations

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

PUBLIC_ERROR_CHARS = 300


class JobError(Exception):
    """A failed attempt; the job is retried with backoff until its attempts run out.

    Its message is shown to clients as it is: plain words, no internals."""


class PermanentJobError(JobError):
    """Retrying cannot help (refused URL, unsupported content): the job is dead at once."""


class LeaseLostError(Exception):
    """The worker no longer holds the job's lease; its work is rolled back."""


def bounded(message: str, limit: int = PUBLIC_ERROR_CHARS) -> str:
    """One line of at most `limit` characters."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def public_message(exc: BaseException) -> str:
    """What clients may read of a failed attempt: a handler's own words for a JobError,
    a plain sentence naming the kind of trouble for anything else."""
    if isinstance(exc, JobError):
        return bounded(str(exc)) or "the job failed"
    if isinstance(exc, DataError):
        return "the database refused a value of this job's data (an invalid character or size)"
    if isinstance(exc, IntegrityError):
        return "the job's write conflicted with another write to the same data"
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError):
        return "the database was unavailable or out of resources"
    if isinstance(exc, DBAPIError):
        return "the database refused the job's write"
    return "an internal error stopped the job"


def is_permanent(exc: BaseException) -> bool:
    """Whether the same attempt would fail the same way: a refused value fails every time."""
    return isinstance(exc, PermanentJobError | DataError)
