"""Process-wide job configuration: the fetch policy handlers use, set by the worker."""

from __future__ import annotations

from app.jobs.fetch import FetchPolicy
from app.settings import Settings, get_settings

_policy: FetchPolicy | None = None
_time_limit_s: float | None = None
_min_confidence: float | None = None


def policy_from_settings(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        connect_timeout_s=settings.fetch_connect_timeout_s,
        read_timeout_s=settings.fetch_read_timeout_s,
        total_timeout_s=settings.fetch_total_timeout_s,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        allow_loopback=settings.fetch_allow_loopback,
    )


def configure(settings: Settings) -> None:
    global _policy, _time_limit_s, _min_confidence
    _policy = policy_from_settings(settings)
    _time_limit_s = settings.enrichment_time_limit_s
    _min_confidence = settings.status_min_confidence


def fetch_policy() -> FetchPolicy:
    return _policy or policy_from_settings(get_settings())


def enrichment_time_limit() -> float:
    """Seconds one article's extraction may take before its job fails."""
    return _time_limit_s or get_settings().enrichment_time_limit_s


def status_min_confidence() -> float | None:
    """The confidence a claim needs to move a status facet (None: the model's default)."""
    return _min_confidence if _policy is not None else get_settings().status_min_confidence
