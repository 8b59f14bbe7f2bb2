"""The URLs to load, built from the running API's own data so that every one is valid.

`discover` reads the vocabulary (countries, regions, minerals with their years and forms,
status records, citations, articles, claims, jobs) through the public API; `fixed_paths`
gives each endpoint its one URL (warm and cold scenarios); `distinct_paths` draws many
different URLs per endpoint (random countries, minerals, years, forms, filters, limits,
plus the cursors of a few first pages), asks each once and keeps those that answer 200.
"""

from __future__ import annotations

import json
import random
import string
import urllib.parse
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from readbench.endpoints import ENDPOINTS, Endpoint
from readbench.processes import console, get_json, http_get

PAGE = 500  # the API's largest page
LIMITS = (5, 10, 20, 50, 100)
# The critical-mineral lists the OpenAPI names for `critical_list` (an invalid one is
# dropped by validation like any other URL that does not answer 200).
CRITICAL_LISTS = ("us-2022", "us-2025", "eu-crma-critical", "eu-crma-strategic")
CURSOR_SEEDS = 6  # distinct first pages whose next cursors are followed
CURSOR_PAGES = 3  # pages followed from each


@dataclass(frozen=True, slots=True)
class Mineral:
    slug: str
    name: str
    group: str | None
    has_statistics: bool
    years: tuple[int, ...]
    forms: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(slots=True)
class Vocab:
    countries: dict[str, str] = field(default_factory=dict)  # iso2 -> name
    regions: list[str] = field(default_factory=list)
    minerals: list[Mineral] = field(default_factory=list)
    status_pairs: list[tuple[str, str]] = field(default_factory=list)
    citation_countries: list[str] = field(default_factory=list)
    citation_minerals: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)
    job_ids: list[int] = field(default_factory=list)

    @property
    def stats_minerals(self) -> list[Mineral]:
        return [m for m in self.minerals if m.has_statistics and m.years] or self.minerals


def with_query(path: str, **params: object) -> str:
    """`path` with the parameters that are not None appended (booleans as true/false)."""
    pairs = [
        (name, str(value).lower() if isinstance(value, bool) else str(value))
        for name, value in params.items()
        if value is not None
    ]
    if not pairs:
        return path
    return f"{path}{'&' if '?' in path else '?'}{urllib.parse.urlencode(pairs)}"


def collect(base_url: str, path: str, pages: int = 20) -> list[dict[str, Any]]:
    """Every item of a list, following next_cursor (at most `pages` pages)."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(pages):
        page = get_json(base_url + with_query(path, limit=PAGE, cursor=cursor))
        items.extend(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return items


def discover(base_url: str) -> Vocab:
    vocab = Vocab()
    for item in collect(base_url, "/v1/countries"):
        vocab.countries[item["iso2"]] = item["name"]
    vocab.regions = sorted({c["region"] for c in collect(base_url, "/v1/countries") if c["region"]})
    for item in collect(base_url, "/v1/minerals"):
        forms = tuple((f["slug"], tuple(f["available_years"])) for f in item.get("forms") or [])
        vocab.minerals.append(
            Mineral(
                item["slug"],
                item["name"],
                item.get("group"),
                bool(item.get("has_statistics")),
                tuple(item.get("available_years") or ()),
                forms,
            )
        )
    for mineral in vocab.minerals:
        for item in collect(base_url, f"/v1/minerals/{mineral.slug}/statuses", pages=2):
            vocab.status_pairs.append((item["country"]["iso2"], mineral.slug))
    citations = collect(base_url, "/v1/citations", pages=4)
    vocab.citation_countries = [
        iso2 for iso2, _ in Counter(c["country"]["iso2"] for c in citations).most_common()
    ]
    vocab.citation_minerals = sorted({c["mineral"]["slug"] for c in citations})
    articles = collect(base_url, "/v1/articles", pages=4)
    vocab.article_ids = [a["id"] for a in articles]
    vocab.outlets = sorted({a["outlet"] for a in articles if a.get("outlet")})
    vocab.claim_ids = [c["id"] for c in collect(base_url, "/v1/claims", pages=4)]
    vocab.job_ids = [j["id"] for j in collect(base_url, "/v1/jobs", pages=4)]
    return vocab


def fixed_paths(vocab: Vocab) -> dict[str, str | None]:
    """Each endpoint's one URL (None when the data has nothing for it, e.g. no claim)."""
    stats = vocab.stats_minerals
    slugs = {m.slug: m for m in stats}
    slug = "gallium" if "gallium" in slugs else stats[0].slug
    producers = slugs.get("rare-earths") or slugs[slug]
    pair = ("CN", "gallium") if ("CN", "gallium") in vocab.status_pairs else None
    pair = pair or (vocab.status_pairs[0] if vocab.status_pairs else ("US", slug))
    values: dict[str, object] = {
        "iso2": "US" if "US" in vocab.countries else next(iter(vocab.countries)),
        "slug": slug,
        "producers_slug": producers.slug,
        "producers_year": max(producers.years),
        "status_iso2": pair[0],
        "status_slug": pair[1],
        "citation_iso2": vocab.citation_countries[0] if vocab.citation_countries else "CN",
        "article_id": vocab.article_ids[0] if vocab.article_ids else None,
        "claim_id": vocab.claim_ids[0] if vocab.claim_ids else None,
        "job_id": vocab.job_ids[0] if vocab.job_ids else None,
    }
    paths: dict[str, str | None] = {}
    for endpoint in ENDPOINTS:
        needed = [name for _, name, _, _ in _fields(endpoint.fixed) if name]
        missing = any(values.get(name) is None for name in needed)
        paths[endpoint.name] = None if missing else endpoint.fixed.format(**values)
    return paths


def _fields(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return list(string.Formatter().parse(template))


# --- distinct URLs -----------------------------------------------------------------------

Draw = Callable[[random.Random, Vocab], str | None]


def _maybe(rng: random.Random, values: list[Any] | tuple[Any, ...], none_weight: int = 1) -> Any:
    """One of `values`, or None with weight `none_weight` against 1 for the lot."""
    if not values or rng.random() < none_weight / (none_weight + 1):
        return None
    return rng.choice(list(values))


def _statistics_query(path: str, rng: random.Random, vocab: Vocab) -> str:
    mineral = rng.choice(vocab.stats_minerals)
    form = rng.choice(mineral.forms) if mineral.forms and rng.random() < 0.5 else None
    years = form[1] if form else mineral.years
    year = rng.choice(years) if years and rng.random() < 0.7 else None
    return with_query(path.format(slug=mineral.slug), year=year, form=form[0] if form else None)


def _iso2(rng: random.Random, vocab: Vocab, known: float = 0.7) -> str:
    """A country, most often one with a status record (a non-empty answer)."""
    if vocab.status_pairs and rng.random() < known:
        return rng.choice(vocab.status_pairs)[0]
    return rng.choice(list(vocab.countries))


def _slug(rng: random.Random, vocab: Vocab) -> str:
    return rng.choice(vocab.stats_minerals if rng.random() < 0.8 else vocab.minerals).slug


DRAWS: dict[str, Draw] = {
    "countries-list": lambda r, v: with_query(
        "/v1/countries",
        region=_maybe(r, v.regions),
        mineral=_maybe(r, [m.slug for m in v.minerals], 2),
        limit=r.choice(LIMITS),
    ),
    "country-get": lambda r, v: f"/v1/countries/{r.choice(list(v.countries))}",
    "minerals-list": lambda r, v: with_query(
        "/v1/minerals",
        group=_maybe(r, sorted({m.group for m in v.minerals if m.group}), 3),
        critical_list=_maybe(r, CRITICAL_LISTS, 2),
        has_statistics=_maybe(r, [True, False], 2),
        limit=r.choice(LIMITS),
    ),
    "mineral-get": lambda r, v: f"/v1/minerals/{r.choice(v.minerals).slug}",
    "production-list": lambda r, v: with_query(
        _statistics_query("/v1/production?mineral={slug}", r, v),
        country=_maybe(r, [iso2 for iso2, _ in v.status_pairs], 2),
        limit=r.choice(LIMITS),
    ),
    "country-profile": lambda r, v: f"/v1/countries/{_iso2(r, v)}/profile",
    "mineral-producers": lambda r, v: _statistics_query("/v1/minerals/{slug}/producers", r, v),
    "mineral-supply": lambda r, v: _statistics_query("/v1/minerals/{slug}/supply", r, v),
    "exposure": lambda r, v: with_query(
        "/v1/exposure", importer=_iso2(r, v, 0.5), mineral=_slug(r, v)
    ),
    "exposure-importer": lambda r, v: with_query(
        f"/v1/exposure/importers/{_iso2(r, v)}", limit=r.choice(LIMITS)
    ),
    "exposure-mineral": lambda r, v: with_query(
        f"/v1/exposure/minerals/{_slug(r, v)}", limit=r.choice(LIMITS)
    ),
    "status-record": lambda r, v: "/v1/countries/{}/minerals/{}".format(*_pair(r, v)),
    "status-history": lambda r, v: with_query(
        "/v1/countries/{}/minerals/{}/history".format(*_pair(r, v)), limit=r.choice(LIMITS)
    ),
    "mineral-statuses": lambda r, v: with_query(
        f"/v1/minerals/{_slug(r, v)}/statuses",
        production=_maybe(r, ["producing"], 3),
        limit=r.choice(LIMITS),
    ),
    "citations-list": lambda r, v: with_query(
        "/v1/citations",
        country=_maybe(r, v.citation_countries[:40], 1),
        mineral=_maybe(r, v.citation_minerals, 2),
        limit=r.choice(LIMITS),
    ),
    "articles-list": lambda r, v: with_query(
        "/v1/articles",
        state=_maybe(r, ["enriched"], 2),
        outlet=_maybe(r, v.outlets, 2),
        limit=r.choice(LIMITS),
    ),
    "article-get": lambda r, v: (
        f"/v1/articles/{r.choice(v.article_ids)}" if v.article_ids else None
    ),
    "claims-list": lambda r, v: with_query(
        "/v1/claims",
        review=_maybe(r, ["unreviewed"], 2),
        country=_maybe(r, v.citation_countries[:40], 1),
        mineral=_maybe(r, v.citation_minerals, 2),
        limit=r.choice(LIMITS),
    ),
    "claim-get": lambda r, v: f"/v1/claims/{r.choice(v.claim_ids)}" if v.claim_ids else None,
    "reviews-list": lambda r, v: with_query("/v1/reviews", limit=r.randint(1, 100)),
    "jobs-list": lambda r, v: with_query(
        "/v1/jobs",
        state=_maybe(r, ["succeeded"], 2),
        kind=_maybe(r, ["enrich_article"], 2),
        limit=r.choice(LIMITS),
    ),
    "job-get": lambda r, v: f"/v1/jobs/{r.choice(v.job_ids)}" if v.job_ids else None,
    "sources-list": lambda r, v: with_query("/v1/sources", limit=r.randint(1, 100)),
}


def _pair(rng: random.Random, vocab: Vocab) -> tuple[str, str]:
    if vocab.status_pairs and rng.random() < 0.9:
        return rng.choice(vocab.status_pairs)
    return rng.choice(list(vocab.countries)), _slug(rng, vocab)


def _draw_unique(draw: Draw, rng: random.Random, vocab: Vocab, count: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(count * 20):
        path = draw(rng, vocab)
        if path is None:
            break
        seen.setdefault(path, None)
        if len(seen) >= count:
            break
    return list(seen)


def _check(base_url: str, path: str) -> tuple[str, int, str | None]:
    """A path's status and, for a page, its next cursor."""
    try:
        status, body = http_get(base_url + path, timeout=30.0)
    except OSError:
        return path, 0, None
    cursor = None
    if status == 200 and body.startswith(b"{"):
        document = json.loads(body)
        cursor = document.get("next_cursor") if isinstance(document, dict) else None
    return path, status, cursor


@dataclass(slots=True)
class Distinct:
    paths: list[str]
    drawn: int
    rejected: Counter[int]


def distinct_paths(
    base_url: str, endpoint: Endpoint, vocab: Vocab, count: int, seed: int, pool: ThreadPoolExecutor
) -> Distinct:
    """Up to `count` different URLs of `endpoint` answering 200, some of them later pages."""
    rng = random.Random(f"{seed}:{endpoint.name}")
    drawn = _draw_unique(DRAWS[endpoint.name], rng, vocab, count)
    checked = list(pool.map(lambda p: _check(base_url, p), drawn))
    rejected: Counter[int] = Counter(status for _, status, _ in checked if status != 200)
    valid = [path for path, status, _ in checked if status == 200]
    paged = [(path, cursor) for path, status, cursor in checked if status == 200 and cursor]
    # Later pages: follow the next cursors of a few first pages, as a client paging would.
    for path, cursor in rng.sample(paged, min(CURSOR_SEEDS, len(paged))):
        next_cursor: str | None = cursor
        for _ in range(CURSOR_PAGES):
            if not next_cursor:
                break
            page = with_query(path, cursor=next_cursor)
            page, status, next_cursor = _check(base_url, page)
            if status != 200:
                rejected[status] += 1
                break
            valid.append(page)
    return Distinct(valid, len(drawn), rejected)


def build_catalogue(
    base_url: str, vocab: Vocab, names: list[str], count: int, seed: int
) -> dict[str, list[str]]:
    catalogue: dict[str, list[str]] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for endpoint in ENDPOINTS:
            if endpoint.name not in names:
                continue
            found = distinct_paths(base_url, endpoint, vocab, count, seed, pool)
            catalogue[endpoint.name] = found.paths
            dropped = ", ".join(f"{n}x {s}" for s, n in sorted(found.rejected.items()))
            console.print(
                f"  {endpoint.name:<18} {len(found.paths):>4} distinct URLs"
                + (f" (dropped: {dropped})" if dropped else "")
            )
    return catalogue
