"""Process-wide Prometheus metrics (prometheus-client's default registry).

The API serves them at /metrics (app/api/observability.py, which adds the job-queue depth
read from the database at scrape time); `orewatch worker` serves them on
OREWATCH_WORKER_METRICS_PORT. Label values are bounded: route templates, never raw paths.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram, disable_created_metrics

disable_created_metrics()  # type: ignore[no-untyped-call]  # no *_created series

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_DURATION = Histogram(
    "orewatch_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template.",
    ("route", "method", "status"),
    buckets=LATENCY_BUCKETS,
)
RATE_LIMITED = Counter(
    "orewatch_http_rate_limited_total",
    "Requests refused with 429, by kind of client.",
    ("client",),
)
JOB_OUTCOMES = Counter(
    "orewatch_job_outcomes_total",
    "Job attempts by kind and outcome: succeeded, retried (failed, will run again), dead, "
    "lease_lost.",
    ("kind", "outcome"),
)
ENRICHMENT_DURATION = Histogram(
    "orewatch_enrichment_duration_seconds",
    "Extraction and persistence of one article in the enrich_article job.",
    ("outcome",),
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
)


def job_outcome(kind: str, outcome: str) -> None:
    JOB_OUTCOMES.labels(kind, outcome).inc()
