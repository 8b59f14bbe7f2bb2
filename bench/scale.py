"""Benchmark of the database read path at scale (not a test).

Builds two PostgreSQL databases with the same generator, `small` (1,000 articles, 10,000
claims) and `large` (100,000 articles, 1,000,000 claims), each migrated (`orewatch
migrate`), seeded (`orewatch seed`) and filled with plain SQL (INSERT ... SELECT over
generate_series, in the server, in one transaction):

* articles: ids in ingestion order, published over the last ~5 years (monotonic in id with
  a few days of jitter), outlets from a list of 8, enrichment states 88% enriched and the
  rest pending, cleaned, failed or duplicate; a ~1.2 kB clean text each;
* claims: 10 per article on average, spread over the enriched articles in id order, dated
  at their article's publication; countries and minerals drawn with weights from the seeded
  reference data (China and the big producers most often), the 8 statuses with weights, 3%
  without a mineral;
* mentions: one row per (article, country) and (article, mineral) of its claims, with the
  claim count;
* status history: one synthetic `status_change` row per 10 claims (the facet the claim
  speaks to, basis `claims`, the claim as evidence), inserted directly, then
* status records: `app.services.status_records.recompute` (the real service) over every
  touched country x mineral pair, in batches; it adds its own `status_change` rows.

Each database is then VACUUM ANALYZEd, and an API server is started per database (uvicorn,
one worker, `OREWATCH_CACHE_MAX_ENTRIES=0` so no rendered response is ever kept, the
embedded job worker and the access log off, rate limits out of reach). Every target is
loaded with wrk (default 16 connections, 2 threads, 5 s) on the small server then on the
large one; a Lua `request()` rotates each target's query string over 20 page sizes
(limit=41..60), so consecutive requests differ and none could be answered from a cache even
if one were on. The verdict per endpoint is the slowdown `small req/s / large req/s`
(target <= 2.0).

In-process checks on the large database (and the small one, for the query counts):

* the SQL of each list query is captured with a `before_cursor_execute` listener while the
  real service function runs, then run again under EXPLAIN (ANALYZE, BUFFERS); a page
  query that shows a `Seq Scan` on article, claim or status_change is flagged;
* the same listener counts statements per service call at both sizes: a count that grows
  with the data would be an N+1;
* each service call is timed in-process (median of 9 calls, a session each, no HTTP) at both
  sizes, which separates the service's own cost from the server's and wrk's.

Results are printed and written to bench/results/scale-<timestamp>.json (EXPLAIN plans to
bench/results/scale-<timestamp>-explain.txt). The databases are dropped at the end unless
--keep is given; --reuse skips building databases that already exist (with --keep).

    python bench/scale.py [--duration 5] [--connections 16] [--threads 2]
                          [--pg postgresql+psycopg://postgres@127.0.0.1:5432]
                          [--only citations-all,status,...] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import read as readbench  # noqa: E402  (bench/read.py: server, wrk and report helpers)
from rich.table import Table  # noqa: E402
from sqlalchemy import Engine, create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.db import create_db_engine, make_session_factory, transaction  # noqa: E402
from app.services import articles as article_service  # noqa: E402
from app.services import citations as citation_service  # noqa: E402
from app.services import exposure as exposure_service  # noqa: E402
from app.services import status_views  # noqa: E402
from app.services.status_records import recompute  # noqa: E402
from app.settings import Settings  # noqa: E402

console = readbench.console
RESULTS_DIR = readbench.RESULTS_DIR
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
MAX_SLOWDOWN = 2.0
CLAIMS_PER_ARTICLE = 10
RECOMPUTE_BATCH = 40
LIMITS = tuple(range(41, 61))


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    articles: int

    @property
    def claims(self) -> int:
        return self.articles * CLAIMS_PER_ARTICLE


SIZES = (Size("small", 1_000), Size("large", 100_000))

OUTLETS = (
    ("Reuters", "reuters.com"),
    ("Bloomberg", "bloomberg.com"),
    ("Financial Times", "ft.com"),
    ("Mining.com", "mining.com"),
    ("Fastmarkets", "fastmarkets.com"),
    ("Nikkei Asia", "asia.nikkei.com"),
    ("Argus Media", "argusmedia.com"),
    ("S&P Global", "spglobal.com"),
)
STATES = (("enriched", 88), ("pending", 4), ("cleaned", 3), ("failed", 3), ("duplicate", 2))
STATUSES = (
    ("producing", 30),
    ("dominant", 10),
    ("not_producing", 5),
    ("reserves", 15),
    ("disrupted", 8),
    ("export_restricted", 12),
    ("import_dependent", 12),
    ("developing", 8),
)
# Countries by weight; the rest of the seeded producers share what is left.
COUNTRY_WEIGHTS = {"CN": 20, "US": 8, "AU": 6, "CD": 5, "CL": 4, "RU": 4, "ZA": 3, "ID": 3}
MINERAL_WEIGHTS = {
    "gallium": 8,
    "rare-earths": 8,
    "lithium": 8,
    "cobalt": 6,
    "graphite": 5,
    "germanium": 5,
    "nickel": 5,
}
# The measured pair and filters.
PAIR = ("CN", "gallium")
SINCE_DAYS_AGO = 90
FACET_OF_STATUS = {
    "producing": ("production", "not_producing", "producing"),
    "dominant": ("market_position", "major", "dominant"),
    "not_producing": ("production", "producing", "not_producing"),
    "reserves": ("reserves", "unknown", "holds"),
    "disrupted": ("disrupted", "false", "true"),
    "export_restricted": ("export_restricted", "false", "true"),
    "import_dependent": ("import_dependent", "no", "yes"),
    "developing": ("developing", "false", "true"),
}


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A measured URL; `limit` says whether the page size rotates in its query string."""

    name: str
    path: str
    limit: bool = True

    def paths(self) -> list[str]:
        if not self.limit:
            return [self.path]
        joiner = "&" if "?" in self.path else "?"
        return [f"{self.path}{joiner}limit={n}" for n in LIMITS]


def endpoints() -> tuple[Endpoint, ...]:
    since = (datetime.now(UTC) - timedelta(days=SINCE_DAYS_AGO)).date().isoformat()
    iso2, slug = PAIR
    return (
        Endpoint("citations-all", "/v1/citations"),
        Endpoint("citations-pair", f"/v1/citations?country={iso2}&mineral={slug}"),
        Endpoint("citations-status", "/v1/citations?status=export_restricted"),
        Endpoint("citations-since", f"/v1/citations?since={since}"),
        Endpoint("citations-outlet", "/v1/citations?outlet=reuters"),
        Endpoint("articles-all", "/v1/articles"),
        Endpoint("articles-state", "/v1/articles?state=failed"),
        Endpoint("articles-outlet", "/v1/articles?outlet=Reuters"),
        Endpoint("status", f"/v1/countries/{iso2}/minerals/{slug}", limit=False),
        Endpoint("history", f"/v1/countries/{iso2}/minerals/{slug}/history"),
        Endpoint("exposure", f"/v1/exposure?importer=US&mineral={slug}", limit=False),
    )


# --- databases ---------------------------------------------------------------------------


def database_url(pg: str, size: Size) -> str:
    return make_url(pg).set(database=f"orewatch_scale_{size.name}").render_as_string(False)


def admin_engine(pg: str) -> Engine:
    url = make_url(pg).set(database="postgres")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def database_exists(pg: str, name: str) -> bool:
    engine = admin_engine(pg)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None
    finally:
        engine.dispose()


def recreate_database(pg: str, name: str, drop_only: bool = False) -> None:
    engine = admin_engine(pg)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not drop_only:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


def weighted(items: Sequence[tuple[str, int]]) -> list[str]:
    """A list in which each item appears `weight` times: random() picks by weight."""
    return [item for item, weight in items for _ in range(weight)]


def reference_picks(engine: Engine) -> tuple[list[str], list[str]]:
    """Weighted country codes and mineral slugs, from the seeded reference data."""
    with engine.connect() as conn:
        producers = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT country_iso2 FROM production_figure WHERE country_iso2 IS NOT NULL "
                    "GROUP BY country_iso2 ORDER BY count(*) DESC, country_iso2 LIMIT 40"
                )
            )
        ]
        minerals = [
            row[0]
            for row in conn.execute(
                text("SELECT DISTINCT mineral_slug FROM production_figure ORDER BY mineral_slug")
            )
        ]
    countries = weighted([(c, COUNTRY_WEIGHTS.get(c, 1)) for c in producers])
    countries += [c for c in COUNTRY_WEIGHTS if c not in producers]
    slugs = weighted([(m, MINERAL_WEIGHTS.get(m, 1)) for m in minerals])
    return countries, slugs


def _pick(name: str) -> str:
    """A random element of the text[] parameter `name`."""
    array = f"CAST(:{name} AS text[])"
    return f"({array})[1 + floor(random() * array_length({array}, 1))::int]"


FILL_ARTICLES = """
INSERT INTO article (id, url, source_url, outlet, title, author, published_at, language,
                     content_type, raw_body, clean_text, content_hash, ingested_at,
                     updated_at, enrichment_state, extractor_version, error, duplicate_of_id,
                     idempotency_key, request_hash)
SELECT g.i,
       'https://' || o.host || '/news/' || g.i,
       'https://www.' || o.host || '/news/' || g.i || '?utm_source=feed',
       o.name,
       'Critical minerals report ' || g.i,
       NULL,
       g.published,
       'en',
       'text/plain',
       NULL,
       repeat('Supply of critical minerals remained tight this quarter. ', 20) || g.i,
       encode(sha256(convert_to('scale-' || g.i, 'UTF8')), 'hex'),
       g.published + interval '2 hours',
       g.published + interval '2 hours',
       CASE WHEN g.i % 50 = 7 THEN 'duplicate'
            ELSE {pick_states} END,
       'scale-1',
       NULL, NULL, NULL, NULL
FROM (SELECT i,
             now() - interval '1826 days'
                   + (i::float8 / :n) * interval '1826 days'
                   - random() * interval '3 days' AS published,
             1 + floor(random() * :outlets)::int AS o
      FROM generate_series(1, :n) AS i) AS g
JOIN (SELECT ordinality AS k, name, host
      FROM unnest(CAST(:outlet_names AS text[]), CAST(:outlet_hosts AS text[]))
           WITH ORDINALITY AS t(name, host)) AS o ON o.k = g.o
"""

FILL_CLAIMS = """
INSERT INTO claim (id, article_id, country_iso2, mineral_slug, status, evidence, start, "end",
                   confidence, extractor_version, dated_at)
SELECT c.j, e.id, c.country, c.mineral, c.status,
       c.country || ' ' || replace(c.status, '_', ' ') || ' ' || coalesce(c.mineral, 'minerals')
           || ', according to officials cited in report ' || e.id || '.',
       (c.j % 7) * 60, (c.j % 7) * 60 + 55,
       round((0.55 + random() * 0.45)::numeric, 3)::float8,
       'scale-1',
       coalesce(e.published_at, e.ingested_at)
FROM (SELECT j,
             {pick_countries} AS country,
             CASE WHEN random() < 0.03 THEN NULL
                  ELSE {pick_minerals}
             END AS mineral,
             {pick_statuses} AS status
      FROM generate_series(1, :claims) AS j) AS c
JOIN (SELECT id, published_at, ingested_at, row_number() OVER (ORDER BY id) AS rn
      FROM article WHERE enrichment_state = 'enriched') AS e
  ON e.rn = 1 + ((c.j - 1)::bigint * (SELECT count(*) FROM article
                                      WHERE enrichment_state = 'enriched')) / :claims
"""

FILL_MENTIONS = """
INSERT INTO mention (article_id, entity_kind, entity_key, name, count, first_start, first_end)
SELECT m.article_id, m.kind, m.key, coalesce(co.name, mi.name, m.key), m.n, m.first, m.first + 8
FROM (SELECT article_id, 'country' AS kind, country_iso2 AS key, count(*) AS n,
             min(start) AS first
      FROM claim GROUP BY article_id, country_iso2
      UNION ALL
      SELECT article_id, 'mineral', mineral_slug, count(*), min(start)
      FROM claim WHERE mineral_slug IS NOT NULL GROUP BY article_id, mineral_slug) AS m
LEFT JOIN country co ON m.kind = 'country' AND co.iso2 = m.key
LEFT JOIN mineral mi ON m.kind = 'mineral' AND mi.slug = m.key
"""

FILL_HISTORY = """
INSERT INTO status_change (country_iso2, mineral_slug, facet, old_value, new_value, basis,
                           as_of, reason, evidence, cause, changed_at)
SELECT c.country_iso2, c.mineral_slug, f.facet, f.old, f.new, 'claims', c.dated_at::date,
       'news of ' || c.dated_at::date || ' (claim ' || c.id || ')',
       json_build_array(json_build_object(
           'kind', 'claim', 'claim_id', c.id, 'article_id', c.article_id,
           'status', c.status, 'sentence', c.evidence, 'dated', c.dated_at::date::text)),
       'enrich_article', c.dated_at + interval '3 hours'
FROM claim c
JOIN (SELECT * FROM json_to_recordset(CAST(:facets AS json))
      AS x(status text, facet text, old text, new text)) AS f ON f.status = c.status
WHERE c.id % 10 = 0 AND c.mineral_slug IS NOT NULL
ORDER BY c.id
"""


PICKS = {f"pick_{name}": _pick(name) for name in ("states", "countries", "minerals", "statuses")}


def fill(engine: Engine, size: Size) -> dict[str, float]:
    """Insert the synthetic data; seconds per step."""
    countries, minerals = reference_picks(engine)
    timings: dict[str, float] = {}
    facets = [
        {"status": s, "facet": f, "old": old, "new": new}
        for s, (f, old, new) in FACET_OF_STATUS.items()
    ]
    steps: list[tuple[str, str, dict[str, Any]]] = [
        (
            "articles",
            FILL_ARTICLES,
            {
                "n": size.articles,
                "states": weighted(STATES),
                "outlets": len(OUTLETS),
                "outlet_names": [name for name, _ in OUTLETS],
                "outlet_hosts": [host for _, host in OUTLETS],
            },
        ),
        (
            "claims",
            FILL_CLAIMS,
            {
                "claims": size.claims,
                "countries": countries,
                "minerals": minerals,
                "statuses": weighted(STATUSES),
            },
        ),
        ("mentions", FILL_MENTIONS, {}),
        ("history", FILL_HISTORY, {"facets": json.dumps(facets)}),
    ]
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL synchronous_commit = off"))
        # The generated keys are valid by construction: skip the per-row foreign-key
        # triggers, and build claim's secondary indexes once after the load.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("SELECT setseed(0.42)"))
        indexes = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = 'claim' AND indexname <> 'pk_claim'"
            )
        ).all()
        for index_name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{index_name}"'))
        for name, sql, params in steps:
            started = time.perf_counter()
            conn.execute(text(sql.format(**PICKS)), params)
            if name == "claims":
                for _, definition in indexes:
                    conn.execute(text(definition))
            timings[name] = round(time.perf_counter() - started, 1)
            console.print(f"  {name}: {timings[name]} s")
        for table in ("article", "claim", "mention", "status_change"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )
    return timings


def compute_records(engine: Engine) -> tuple[int, int, float]:
    """Status records of every claimed pair with the real service; (pairs, changes, s)."""
    started = time.perf_counter()
    with engine.connect() as conn:
        pairs = [
            (row[0], row[1])
            for row in conn.execute(
                text(
                    "SELECT DISTINCT country_iso2, mineral_slug FROM claim "
                    "WHERE mineral_slug IS NOT NULL ORDER BY 1, 2"
                )
            )
        ]
    factory = make_session_factory(engine)
    changes = 0
    for offset in range(0, len(pairs), RECOMPUTE_BATCH):
        with transaction(factory) as session:
            changes += recompute(session, pairs[offset : offset + RECOMPUTE_BATCH])
    return len(pairs), changes, round(time.perf_counter() - started, 1)


def vacuum(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def counts(engine: Engine) -> dict[str, int]:
    tables = ("article", "claim", "mention", "status_record", "status_change")
    with engine.connect() as conn:
        return {
            t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables
        }


def build(pg: str, size: Size, env: dict[str, str], reuse: bool) -> dict[str, Any]:
    url = database_url(pg, size)
    name = make_url(url).database
    assert name is not None
    if reuse and database_exists(pg, name):
        engine = create_engine(url)
        try:
            rows = counts(engine)
        finally:
            engine.dispose()
        if rows["claim"] == size.claims and rows["status_record"] > 0:
            console.print(f"reusing {name}: {rows}")
            return {"database": name, "reused": True, "rows": rows}
        console.print(f"{name} is incomplete ({rows}); building it again")
    console.print(f"building {name}: {size.articles:,} articles, {size.claims:,} claims")
    started = time.perf_counter()
    recreate_database(pg, name)
    env = {**env, "OREWATCH_DATABASE_URL": url}
    readbench.run_checked([readbench.venv_tool("orewatch"), "migrate"], env)
    readbench.run_checked([readbench.venv_tool("orewatch"), "seed"], env)
    engine = create_engine(url)
    try:
        timings = fill(engine, size)
        vacuum(url)
        pairs, changes, seconds = compute_records(engine)
        timings["recompute"] = seconds
        console.print(f"  recompute: {pairs} pairs, {changes} facet changes, {seconds} s")
        vacuum(url)
        rows = counts(engine)
    finally:
        engine.dispose()
    total = round(time.perf_counter() - started, 1)
    console.print(f"  built in {total} s: {rows}")
    return {"database": name, "seconds": total, "steps": timings, "pairs": pairs, "rows": rows}


# --- in-process checks: statements per call and EXPLAIN ----------------------------------


@dataclass(slots=True)
class Capture:
    statements: list[tuple[str, Any]] = field(default_factory=list)


@contextmanager
def capturing(engine: Engine) -> Iterator[Capture]:
    capture = Capture()

    def listener(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        capture.statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield capture
    finally:
        event.remove(engine, "before_cursor_execute", listener)


ServiceCall = Callable[[Session], Any]


def service_calls() -> dict[str, ServiceCall]:
    """The service behind each endpoint, with the endpoint's parameters (limit 50)."""
    iso2, slug = PAIR
    since = (datetime.now(UTC) - timedelta(days=SINCE_DAYS_AGO)).date()

    def cite(**filters: Any) -> ServiceCall:
        base: dict[str, Any] = {
            "country": None,
            "mineral": None,
            "status": None,
            "since": None,
            "outlet": None,
        }
        params = {**base, **filters}
        return lambda s: citation_service.list_citations(s, cursor=None, limit=50, **params)

    def arts(**filters: Any) -> ServiceCall:
        params = {"outlet": None, "state": None, "since": None, **filters}
        return lambda s: article_service.list_articles(s, cursor=None, limit=50, **params)

    return {
        "citations-all": cite(),
        "citations-pair": cite(country=iso2, mineral=slug),
        "citations-status": cite(status="export_restricted"),
        "citations-since": cite(since=since),
        "citations-outlet": cite(outlet="reuters"),
        "articles-all": arts(),
        "articles-state": arts(state="failed"),
        "articles-outlet": arts(outlet="Reuters"),
        "status": lambda s: status_views.get_status(s, iso2=iso2, slug=slug),
        "history": lambda s: status_views.list_history(
            s, iso2=iso2, slug=slug, cursor=None, limit=50
        ),
        "exposure": lambda s: exposure_service.get_exposure(
            s, importer="US", mineral=slug, form=None
        ),
    }


LIST_TABLES = ("article", "claim", "status_change")


def seq_scans(plan: str) -> list[str]:
    found = []
    for line in plan.splitlines():
        stripped = line.strip().removeprefix("->").strip()
        for table in LIST_TABLES:
            if stripped.startswith(f"Seq Scan on {table} ") or stripped.startswith(
                f"Parallel Seq Scan on {table} "
            ):
                found.append(table)
    return found


def is_list_query(statement: str) -> bool:
    lowered = statement.lower()
    return any(f"from {t}" in lowered or f"join {t}" in lowered for t in LIST_TABLES)


SERVICE_RUNS = 9


def timed(factory: Callable[[], Session], call: ServiceCall) -> float:
    """Median wall time of the service call in ms, each run in a fresh session."""
    times = []
    for _ in range(SERVICE_RUNS):
        started = time.perf_counter()
        with factory() as session:
            call(session)
        times.append((time.perf_counter() - started) * 1000)
    return round(sorted(times)[SERVICE_RUNS // 2], 1)


@dataclass(slots=True)
class Explained:
    endpoint: str
    kind: str  # page, count or other
    statement: str
    execution_ms: float
    seq_scans: list[str]
    plan: str


def explain_all(
    url: str, only: Sequence[str]
) -> tuple[dict[str, int], dict[str, float], list[Explained]]:
    """Statements per service call, the call's median time in-process (ms, a session per
    call, no HTTP), and EXPLAIN ANALYZE of each list statement it ran."""
    settings = Settings(database_url=url)
    engine = create_db_engine(settings, pool_size=2)
    factory = make_session_factory(engine)
    per_call: dict[str, int] = {}
    service_ms: dict[str, float] = {}
    explained: list[Explained] = []
    try:
        for name, call in service_calls().items():
            if name not in only:
                continue
            with factory() as session:
                call(session)  # warm the reference lookups' caches, if any
            with capturing(engine) as capture, factory() as session:
                call(session)
            per_call[name] = len(capture.statements)
            service_ms[name] = timed(factory, call)
            with engine.connect() as conn:
                for statement, parameters in capture.statements:
                    if not is_list_query(statement):
                        continue
                    result = conn.exec_driver_sql(
                        f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters
                    )
                    plan = "\n".join(row[0] for row in result)
                    kind = "count" if "count(" in statement.lower() else "page"
                    if "limit" not in statement.lower() and kind == "page":
                        kind = "other"
                    execution = 0.0
                    for line in plan.splitlines():
                        if line.startswith("Execution Time:"):
                            execution = float(line.split()[2])
                    explained.append(
                        Explained(name, kind, statement, execution, seq_scans(plan), plan)
                    )
    finally:
        engine.dispose()
    return per_call, service_ms, explained


# --- load --------------------------------------------------------------------------------


def lua_script(done: str, paths: Sequence[str]) -> str:
    quoted = ", ".join(json.dumps(p) for p in paths)
    return (
        f"local paths = {{{quoted}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1])\n'
        "end\n" + done
    )


@dataclass(slots=True)
class Measured:
    endpoint: str
    size: str
    body_bytes: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def load(
    wrk: str, workdir: Path, endpoint: Endpoint, size: str, base_url: str, config: Any
) -> Measured:
    paths = endpoint.paths()
    status, body = readbench.http_get(base_url + paths[0], timeout=120.0)
    if status != 200:
        readbench.fail(f"GET {paths[0]} answered {status}: {body[:300]!r}")
    time.sleep(1.0)  # let the server drain the previous load
    script = workdir / f"{endpoint.name}-{size}.lua"
    script.write_text(lua_script(readbench.WRK_SCRIPT, paths), encoding="utf-8")
    console.print(f"loading {endpoint.name:<17} {size:<5} {base_url}{paths[0]}")
    summary = readbench.run_wrk(wrk, script, base_url + paths[0], config)
    duration_s = summary["duration_us"] / 1e6
    measured = Measured(
        endpoint=endpoint.name,
        size=size,
        body_bytes=len(body),
        requests_per_s=round(summary["requests"] / duration_s, 1),
        p50_ms=round(summary["p50_us"] / 1000, 2),
        p99_ms=round(summary["p99_us"] / 1000, 2),
        errors=sum(int(v) for v in summary["errors"].values()),
    )
    console.print(f"  {asdict(measured)}")
    return measured


def start_api(stack: ExitStack, url: str, workdir: Path, name: str) -> str:
    env = {
        **os.environ,
        "OREWATCH_DATABASE_URL": url,
        "OREWATCH_CACHE_MAX_ENTRIES": "0",
        "OREWATCH_WORKER_CONCURRENCY": "0",
        "OREWATCH_ACCESS_LOG": "false",
        "OREWATCH_METRICS_ENABLED": "true",
        "OREWATCH_RATE_LIMIT_ANONYMOUS_PER_S": "1000000",
        "OREWATCH_RATE_LIMIT_ANONYMOUS_BURST": "1000000",
    }
    port = readbench.free_port()
    log = workdir / f"api-{name}.log"
    args = readbench.uvicorn_args("app.api.main:create_app", port, "--factory")
    process = stack.enter_context(readbench.server(args, env, log))
    base_url = f"http://{readbench.HOST}:{port}"
    readbench.wait_ready(f"api ({name})", process, base_url + "/readyz", log)
    return base_url


# --- command line and report -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Config:
    duration_s: int
    connections: int
    threads: int
    pg: str
    only: tuple[str, ...]
    keep: bool
    reuse: bool


def parse_args(argv: Sequence[str] | None = None) -> Config:
    names = [e.name for e in endpoints()]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL (no database)")
    parser.add_argument("--only", default=",".join(names), help="comma-separated endpoints")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse databases that exist")
    args = parser.parse_args(argv)
    only = tuple(n.strip() for n in args.only.split(",") if n.strip())
    unknown = sorted(set(only) - set(names))
    if unknown:
        parser.error(f"unknown endpoint(s) {', '.join(unknown)}; choose among {', '.join(names)}")
    return Config(
        args.duration, args.connections, args.threads, args.pg, only, args.keep, args.reuse
    )


def print_results(rows: list[dict[str, Any]], config: Config) -> None:
    table = Table(
        title=f"scale: wrk {config.threads} threads, {config.connections} connections, "
        f"{config.duration_s} s; 1k articles/10k claims vs 100k/1M; response cache off"
    )
    for header in (
        "endpoint",
        "small req/s",
        "p50",
        "p99",
        "large req/s",
        "p50",
        "p99",
        "slowdown",
        "queries",
        "in-process ms",
        "verdict",
    ):
        table.add_column(header, justify="left" if header == "endpoint" else "right")
    for row in rows:
        style = "green" if row["verdict"] == "pass" else "bold red"
        table.add_row(
            row["endpoint"],
            f"{row['small']['requests_per_s']:,.0f}",
            f"{row['small']['p50_ms']:.1f}",
            f"{row['small']['p99_ms']:.1f}",
            f"{row['large']['requests_per_s']:,.0f}",
            f"{row['large']['p50_ms']:.1f}",
            f"{row['large']['p99_ms']:.1f}",
            f"{row['slowdown']:.2f}x",
            f"{row['queries']['small']}/{row['queries']['large']}",
            f"{row['service_ms']['small']}/{row['service_ms']['large']}",
            f"[{style}]{row['verdict']}[/]",
        )
    console.print(table)
    console.print(
        f"slowdown = small req/s / large req/s (target <= {MAX_SLOWDOWN:.1f}x); queries = "
        "statements per request (small/large); equal counts mean no N+1; in-process ms = "
        f"median of {SERVICE_RUNS} calls of the service alone (small/large)"
    )


def scan_nodes(plan: str) -> list[str]:
    """The distinct scan nodes of a plan ("Index Scan Backward using ix_claim_dated on claim")."""
    nodes = set()
    for line in plan.splitlines():
        node = line.strip().removeprefix("->").strip().split("  (")[0]
        if "Scan" in node and not node.startswith(("Heap Fetches", "Buffers")):
            nodes.add(node)
    return sorted(nodes)


def print_explain(explained: list[Explained]) -> None:
    table = Table(title="EXPLAIN (ANALYZE, BUFFERS) on the large database")
    for header in ("endpoint", "statement", "exec ms", "seq scans on list tables", "scan nodes"):
        table.add_column(header)
    for item in explained:
        nodes = scan_nodes(item.plan)
        table.add_row(
            item.endpoint,
            item.kind,
            f"{item.execution_ms:.2f}",
            ", ".join(item.seq_scans) or "-",
            "; ".join(nodes),
        )
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_args(argv)
    readbench.exit_on_sigterm()
    wrk = readbench.require_wrk()
    env = dict(os.environ)
    wanted = [e for e in endpoints() if e.name in config.only]
    builds: dict[str, Any] = {}
    urls = {size.name: database_url(config.pg, size) for size in SIZES}
    try:
        for size in SIZES:
            builds[size.name] = build(config.pg, size, env, config.reuse)
        queries: dict[str, dict[str, int]] = {}
        service_ms: dict[str, dict[str, float]] = {}
        explained: list[Explained] = []
        for size in SIZES:
            per_call, timings, statements = explain_all(urls[size.name], config.only)
            queries[size.name] = per_call
            service_ms[size.name] = timings
            if size.name == "large":
                explained = statements
        measured: dict[tuple[str, str], Measured] = {}
        with ExitStack() as stack:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ow-scale-")))
            bases = {s.name: start_api(stack, urls[s.name], workdir, s.name) for s in SIZES}
            wrk_config = readbench.WrkOptions(config.duration_s, config.connections, config.threads)
            for endpoint in wanted:
                for size in SIZES:
                    measured[(endpoint.name, size.name)] = load(
                        wrk, workdir, endpoint, size.name, bases[size.name], wrk_config
                    )
    finally:
        if not config.keep:
            for url in urls.values():
                name = make_url(url).database
                assert name is not None
                recreate_database(config.pg, name, drop_only=True)
            console.print("dropped the scale databases")
    rows = []
    for endpoint in wanted:
        small, large = measured[(endpoint.name, "small")], measured[(endpoint.name, "large")]
        slowdown = round(small.requests_per_s / large.requests_per_s, 2)
        errors = small.errors + large.errors
        rows.append(
            {
                "endpoint": endpoint.name,
                "path": endpoint.path,
                "small": asdict(small),
                "large": asdict(large),
                "slowdown": slowdown,
                "p50_ratio": round(large.p50_ms / small.p50_ms, 2),
                "queries": {
                    "small": queries["small"].get(endpoint.name),
                    "large": queries["large"].get(endpoint.name),
                },
                "service_ms": {
                    "small": service_ms["small"].get(endpoint.name),
                    "large": service_ms["large"].get(endpoint.name),
                },
                "verdict": "pass" if slowdown <= MAX_SLOWDOWN and not errors else "FAIL",
            }
        )
    print_results(rows, config)
    print_explain(explained)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"scale-{stamp}.json"
    document = {
        "benchmark": "scale",
        "started_at": stamp,
        "config": {
            "duration_s": config.duration_s,
            "connections": config.connections,
            "threads": config.threads,
            "server": "uvicorn, one worker, OREWATCH_CACHE_MAX_ENTRIES=0, no job worker",
            "query_strings": f"limit rotates over {LIMITS[0]}..{LIMITS[-1]} per request",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "builds": builds,
        "results": rows,
        "explain": [
            {k: v for k, v in asdict(e).items() if k != "plan"} | {"plan": e.plan.splitlines()}
            for e in explained
        ],
        "generated_on": date.today().isoformat(),
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    plans = RESULTS_DIR / f"scale-{stamp}-explain.txt"
    plans.write_text(
        "\n\n".join(f"-- {e.endpoint} ({e.kind})\n{e.statement}\n\n{e.plan}" for e in explained)
        + "\n",
        encoding="utf-8",
    )
    console.print(f"results written to {path.relative_to(REPO)} and {plans.relative_to(REPO)}")
    return 1 if any(row["verdict"] == "FAIL" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
