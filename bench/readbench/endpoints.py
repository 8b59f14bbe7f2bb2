"""Every public read endpoint of the API, its class, and each scenario's targets.

Left out: the probes and metrics (/healthz, /readyz, /metrics) and the API docs. Every
GET of /v1 is open to anonymous reads (OREWATCH_READS_REQUIRE_KEY is off by default), so
none needs an admin key. /v1/sources/{id} is left out too: the bench creates no feed
source (a source would make the worker fetch a URL), so there is no id to ask for.

`kind` sorts the answers by cost: `list` (a page of rows or one record) and `composite`
(an answer computed from several tables). `domain` says what the answer is built from as
far as the writes scenario goes: `statistics` (reference data and official figures, which
news leaves alone) or `news` (articles, claims and the status records they move).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["list", "composite"]
Domain = Literal["statistics", "news"]

WARM = "warm"
COLD = "cold"
DISTINCT = "distinct"
WRITES = "writes"
SCENARIOS = (WARM, COLD, DISTINCT, WRITES)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A read endpoint; `fixed` is its one URL in warm and cold, filled from the data."""

    name: str
    kind: Kind
    domain: Domain
    fixed: str


ENDPOINTS = (
    Endpoint("countries-list", "list", "statistics", "/v1/countries?limit=50"),
    Endpoint("country-get", "list", "statistics", "/v1/countries/{iso2}"),
    Endpoint("minerals-list", "list", "statistics", "/v1/minerals?limit=50"),
    Endpoint("mineral-get", "list", "statistics", "/v1/minerals/{slug}"),
    Endpoint("production-list", "list", "statistics", "/v1/production?mineral={slug}&limit=50"),
    Endpoint("country-profile", "composite", "statistics", "/v1/countries/{iso2}/profile"),
    Endpoint(
        "mineral-producers",
        "composite",
        "statistics",
        "/v1/minerals/{producers_slug}/producers?year={producers_year}",
    ),
    Endpoint("mineral-supply", "composite", "news", "/v1/minerals/{slug}/supply"),
    Endpoint("exposure", "composite", "news", "/v1/exposure?importer={iso2}&mineral={slug}"),
    Endpoint("exposure-importer", "composite", "news", "/v1/exposure/importers/{iso2}?limit=50"),
    Endpoint("exposure-mineral", "composite", "news", "/v1/exposure/minerals/{slug}?limit=50"),
    Endpoint("status-record", "list", "news", "/v1/countries/{status_iso2}/minerals/{status_slug}"),
    Endpoint(
        "status-history",
        "list",
        "news",
        "/v1/countries/{status_iso2}/minerals/{status_slug}/history?limit=20",
    ),
    Endpoint("mineral-statuses", "list", "news", "/v1/minerals/{slug}/statuses?limit=50"),
    Endpoint("citations-list", "list", "news", "/v1/citations?country={citation_iso2}&limit=20"),
    Endpoint("articles-list", "list", "news", "/v1/articles?limit=20"),
    Endpoint("article-get", "list", "news", "/v1/articles/{article_id}"),
    Endpoint("claims-list", "list", "news", "/v1/claims?limit=20"),
    Endpoint("claim-get", "list", "news", "/v1/claims/{claim_id}"),
    Endpoint("reviews-list", "list", "news", "/v1/reviews?limit=20"),
    Endpoint("jobs-list", "list", "news", "/v1/jobs?limit=20"),
    Endpoint("job-get", "list", "news", "/v1/jobs/{job_id}"),
    Endpoint("sources-list", "list", "news", "/v1/sources?limit=20"),
)
ENDPOINT_NAMES = tuple(endpoint.name for endpoint in ENDPOINTS)


@dataclass(frozen=True, slots=True)
class Target:
    """An API result passes with requests/s >= min_ratio x bare's and p99 under the cap."""

    min_ratio: float
    max_p99_ms: float | None

    def describe(self) -> str:
        p99 = f", p99 < {self.max_p99_ms:.0f} ms" if self.max_p99_ms is not None else ""
        return f">= {self.min_ratio:.2f}x bare{p99}"


def target_for(scenario: str, endpoint: Endpoint) -> Target:
    if scenario == WARM:
        return Target(0.50, 50.0)
    if scenario in (COLD, DISTINCT):
        return Target(0.25 if endpoint.kind == "list" else 0.10, 100.0)
    if scenario == WRITES:
        return Target(0.50 if endpoint.domain == "statistics" else 0.20, None)
    raise ValueError(f"unknown scenario {scenario!r}")


TARGETS_TEXT = {
    WARM: "every endpoint >= 0.50x bare, p99 < 50 ms",
    COLD: "list/record reads >= 0.25x bare, composite answers >= 0.10x, p99 < 100 ms",
    DISTINCT: "list/record reads >= 0.25x bare, composite answers >= 0.10x, p99 < 100 ms",
    WRITES: "statistics answers >= 0.50x bare, news-dependent answers >= 0.20x, every post "
    "accepted",
}
