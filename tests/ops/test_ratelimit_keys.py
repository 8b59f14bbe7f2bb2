"""Per-key rate limits on reads and writes alike, over real HTTP on 127.0.0.1.

A real server (uvicorn in a thread, the app owning its engine on committed data) with tiny
buckets and the limiter's clock frozen, so no token is ever refilled: every outcome follows
from the order of the requests alone, never from timing. Hypothesis draws sequences of
requests (keyed reads and writes, anonymous reads, unknown and revoked keys) and each
answer is compared with a model of the buckets the README describes.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from app.api.main import create_app
from app.api.ratelimit import MemoryBuckets, RedisBuckets
from app.db import create_db_engine, make_session_factory, transaction
from app.services.keys import create_key, revoke_key
from app.settings import Settings
from tests.jobs.live import serve
from tests.ops.conftest import REDIS_URL

ANONYMOUS_BURST = 3
KEYED_BURST = 4
READ = "/v1/articles"
PROBLEM = "application/problem+json"
# Every kind of request a client can make here, and the bearer token it carries.
KINDS = (
    "keyed_read",
    "keyed_write",
    "anonymous_read",
    "unknown_read",  # shaped like a key, but none: looked up
    "revoked_read",
    "garbage_read",  # not shaped like a key: never looked up
)


@dataclass
class Live:
    base: str
    app: FastAPI
    key: str
    revoked: str
    cached_keys: bool
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def reset(self) -> None:
        """Fresh buckets and key cache: each example starts from nothing."""
        limiter = self.app.state.rate_limiter
        limiter.memory = MemoryBuckets()
        self.app.state.key_cache.clear()


@pytest.fixture(scope="module", params=[300.0, 0.0], ids=["key-cache", "no-key-cache"])
def live(request: pytest.FixtureRequest, live_url: str) -> Iterator[Live]:
    cache_s: float = request.param
    settings = Settings(
        database_url=live_url,
        data_version_ttl_s=0,
        api_key_cache_s=cache_s,
        rate_limit_enabled=True,
        rate_limit_anonymous_burst=ANONYMOUS_BURST,
        rate_limit_keyed_burst=KEYED_BURST,
        worker_concurrency=0,
    )
    engine = create_db_engine(settings)
    with transaction(make_session_factory(engine)) as session:
        _key, secret = create_key(session, f"limits {uuid.uuid4().hex[:6]}", ["ingest"])
        gone, revoked = create_key(session, "limits revoked", ["ingest"])
        revoke_key(session, str(gone.id))
    engine.dispose()
    app = create_app(settings, embedded_worker=False)
    app.state.rate_limiter.clock = lambda: 1_000.0  # frozen: buckets never refill
    with serve(app) as base:
        live = Live(base, app, secret, revoked, cached_keys=cache_s > 0)
        yield live
        live.client.close()


def _send(live: Live, kind: str) -> httpx.Response:
    tokens = {
        "keyed_read": live.key,
        "keyed_write": live.key,
        "unknown_read": "ow_00000000_" + "x" * 32,
        "revoked_read": live.revoked,
        "garbage_read": "not-a-key",
    }
    headers = {"Authorization": f"Bearer {tokens[kind]}"} if kind in tokens else {}
    if kind == "keyed_write":
        body = {"text": f"Gallium note {uuid.uuid4().hex}: China restricts exports."}
        return live.client.post(live.base + "/v1/articles", json=body, headers=headers)
    return live.client.get(live.base + READ, headers=headers)


@dataclass
class Model:
    """The buckets as documented: a valid key's requests draw from the key's bucket; any
    other request from the address's; a lookup that finds no key also takes a token from the
    address's miss bucket, and once that is empty no more tokens are looked up. Tokens not
    shaped like a key are never looked up."""

    cached_keys: bool
    key_used: int = 0
    address_used: int = 0
    misses: int = 0
    key_known: bool = False
    refused: set[str] = field(default_factory=set)

    def expect(self, kind: str) -> tuple[int, str]:
        """The status and, for a 429, whose limit it was."""
        if kind.startswith("keyed"):
            if self.key_known or self.misses < ANONYMOUS_BURST:
                self.key_known = self.cached_keys
                self.key_used += 1
                if self.key_used > KEYED_BURST:
                    return 429, "API key"
                return (202 if kind == "keyed_write" else 200), ""
            # Not looked up: counted as anonymous, whose bucket the misses have emptied.
            return self._anonymous(202 if kind == "keyed_write" else 200)
        looked_up = kind not in ("anonymous_read", "garbage_read") and kind not in self.refused
        if looked_up and self.misses < ANONYMOUS_BURST:
            self.misses += 1
            if self.cached_keys:
                self.refused.add(kind)
        return self._anonymous(200 if kind == "anonymous_read" else 401)

    def _anonymous(self, status: int) -> tuple[int, str]:
        self.address_used += 1
        return (429, "client address") if self.address_used > ANONYMOUS_BURST else (status, "")


@pytest.mark.timeout(120)
def test_every_request_draws_from_its_keys_bucket_or_its_address(live: Live) -> None:
    @hypothesis_settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=12))
    def run(kinds: list[str]) -> None:
        live.reset()
        model = Model(live.cached_keys)
        for index, kind in enumerate(kinds):
            response = _send(live, kind)
            status, whose = model.expect(kind)
            assert response.status_code == status, (index, kinds, response.text[:300])
            if status >= 400:
                assert response.headers["content-type"] == PROBLEM
                assert response.json()["status"] == status
            if status == 429:
                assert whose in response.json()["detail"]
                assert int(response.headers["retry-after"]) >= 1
            if status == 401:
                assert response.headers["www-authenticate"].startswith("Bearer")

    run()


def test_a_keyed_reader_is_limited_by_its_key_not_its_address(live: Live) -> None:
    """The issue's case: reads with a key used to count as anonymous (or, right after a
    write, not at all). Now the key's burst bounds them, and the address keeps its own."""
    live.reset()
    keyed = [_send(live, "keyed_read").status_code for _ in range(KEYED_BURST + 2)]
    assert keyed == [200] * KEYED_BURST + [429, 429]
    assert _send(live, "keyed_write").status_code == 429  # one bucket for reads and writes
    anonymous = [_send(live, "anonymous_read").status_code for _ in range(ANONYMOUS_BURST + 1)]
    assert anonymous == [200] * ANONYMOUS_BURST + [429]


def test_no_window_when_the_key_cache_forgets_a_key(live: Live) -> None:
    """A key whose cache entry lapses is verified again and stays on its own bucket."""
    live.reset()
    codes = [_send(live, "keyed_write").status_code]
    for _ in range(KEYED_BURST + 1):
        live.app.state.key_cache.clear()
        codes.append(_send(live, "keyed_read").status_code)
    assert codes == [202] + [200] * (KEYED_BURST - 1) + [429, 429]


def test_a_bad_key_on_a_cached_read_is_a_401_not_the_cached_page(live: Live) -> None:
    live.reset()
    first = _send(live, "anonymous_read")
    again = _send(live, "anonymous_read")  # now served from the response cache
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    refused = _send(live, "unknown_read")
    assert refused.status_code == 401
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["detail"] == "The API key is unknown or revoked."


def test_a_miss_only_looks_whether_its_address_has_lookups_left() -> None:
    buckets = MemoryBuckets()
    assert buckets.take("m:a", 1.0, 2, 0.0, cost=0.0) == 0.0  # a look takes nothing
    assert buckets.take("m:a", 1.0, 2, 0.0) == 0.0
    assert buckets.take("m:a", 1.0, 2, 0.0, cost=0.0) == 0.0
    assert buckets.take("m:a", 1.0, 2, 0.0) == 0.0
    assert buckets.take("m:a", 1.0, 2, 0.0, cost=0.0) > 0  # both tokens taken


def test_a_look_takes_nothing_from_a_redis_bucket_either(redis_prefix: str) -> None:
    async def scenario() -> list[float]:
        buckets = RedisBuckets(REDIS_URL, redis_prefix)
        try:
            return [
                await buckets.take("m", 0.001, 1, cost=0.0),
                await buckets.take("m", 0.001, 1),
                await buckets.take("m", 0.001, 1, cost=0.0),
            ]
        finally:
            await buckets.aclose()

    first_look, take, last_look = asyncio.run(scenario())
    assert first_look == take == 0.0
    assert last_look > 0
