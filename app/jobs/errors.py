"""Errors a job handler raises to steer the queue."""

from __future__ import annotations


class JobError(Exception):
    """A failed attempt; the job is retried with backoff until its attempts run out."""


class PermanentJobError(JobError):
    """Retrying cannot help (refused URL, unsupported content): the job is dead at once."""


class LeaseLostError(Exception):
    """The worker no longer holds the job's lease; its work is rolled back."""
