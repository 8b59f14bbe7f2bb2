"""Job kinds and their handlers: the pluggable part of the queue.

A handler is `Callable[[Session, Job], None]`. The worker owns the transaction: it opens
it, checks that it still holds the job's lease, calls the handler, marks the job
succeeded and commits, all at once, so a handler's writes and the job's completion
commit together or not at all. Handlers never commit, and must be idempotent (a job may
run again after a crash).

A kind may also have a `prepare` step, run before the transaction with no database
access (network I/O such as fetching a URL); what it returns is merged into the
in-memory `job.payload` the handler sees under the key "prepared" (never stored).
`on_dead`, when given, runs in its own transaction when a job is given up, so the
handler's subject can record the failure.

Replace a handler with `register("enrich_article", my_handler)`; a later registration of
the same kind wins.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import Job

Handler = Callable[[Session, Job], None]
Prepare = Callable[[Job], Mapping[str, Any]]
OnDead = Callable[[Session, Job, str], None]


@dataclass(frozen=True, slots=True)
class JobKind:
    name: str
    handle: Handler
    prepare: Prepare | None = None
    on_dead: OnDead | None = None


_KINDS: dict[str, JobKind] = {}
_builtins_loaded = False


def register(
    kind: str, handler: Handler, *, prepare: Prepare | None = None, on_dead: OnDead | None = None
) -> None:
    """Register (or replace) the handler of a job kind."""
    _KINDS[kind] = JobKind(kind, handler, prepare, on_dead)


def _load_builtins() -> None:
    global _builtins_loaded
    if not _builtins_loaded:
        _builtins_loaded = True
        importlib.import_module("app.jobs.handlers")


def lookup(kind: str) -> JobKind | None:
    _load_builtins()
    return _KINDS.get(kind)


def kinds() -> list[str]:
    _load_builtins()
    return sorted(_KINDS)


def load_modules(modules: Iterable[str]) -> None:
    """Import extra modules that register handlers (setting OREWATCH_JOB_HANDLER_MODULES)."""
    _load_builtins()
    for name in modules:
        importlib.import_module(name)
