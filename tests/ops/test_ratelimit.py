"""Token-bucket rate limits: in memory, shared through Redis, failing open without it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api.auth import Principal
from app.api.ratelimit import MemoryBuckets, RedisBuckets
from tests.ops.conftest import REDIS_URL

LOW = {"rate_limit_anonymous_per_s": 0.01, "rate_limit_anonymous_burst": 3}


def _codes(client: TestClient, path: str, count: int, **kwargs: object) -> list[int]:
    return [client.get(path, **kwargs).status_code for _ in range(count)]  # type: ignore[arg-type]


def test_beyond_the_burst_is_a_429_problem_with_retry_after(
    make_app: Callable[..., FastAPI],
) -> None:
    with TestClient(make_app(**LOW), raise_server_exceptions=False) as client:
        # The first request renders and caches; the next ones take the cached fast path,
        # which is limited all the same.
        assert _codes(client, "/v1/countries/UA", 3) == [200, 200, 200]
        refused = client.get("/v1/countries/UA")
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1
    body = refused.json()
    assert body["status"] == 429
    assert body["title"] == "Too Many Requests"
    assert body["type"].endswith("/rate-limited")
    assert body["instance"] == "/v1/countries/UA"
    assert "client address" in body["detail"]
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert refused.headers["x-request-id"]


def test_limits_apply_to_every_path_but_the_probes(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app(**LOW), raise_server_exceptions=False) as client:
        assert _codes(client, "/v1/minerals/gallium", 2) == [200, 200]
        assert client.get("/v1/nowhere").status_code == 404
        assert client.get("/v1/countries/UA").status_code == 429
        assert _codes(client, "/healthz", 5) == [200] * 5
        assert _codes(client, "/readyz", 5) == [200] * 5
        assert _codes(client, "/metrics", 2) == [200] * 2


def test_disabled_limiter_lets_everything_through(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app(**LOW, rate_limit_enabled=False)) as client:
        assert _codes(client, "/v1/countries/UA", 10) == [200] * 10


def test_a_verified_key_has_its_own_bucket_and_a_made_up_one_does_not(
    make_app: Callable[..., FastAPI],
) -> None:
    app = make_app(**LOW, rate_limit_keyed_per_s=0.01, rate_limit_keyed_burst=5)
    app.state.key_cache.put("verified-secret", Principal(7, "test", frozenset({"read"})))
    keyed = {"Authorization": "Bearer verified-secret"}
    made_up = {"Authorization": "Bearer not-a-key"}
    with TestClient(app) as client:
        assert _codes(client, "/v1/countries/UA", 4) == [200, 200, 200, 429]
        # Unknown tokens are charged to the address, whose bucket is empty.
        assert client.get("/v1/countries/UA", headers=made_up).status_code == 429
        assert _codes(client, "/v1/countries/UA", 6, headers=keyed) == [200] * 5 + [429]
        refused = client.get("/v1/countries/UA", headers=keyed)
    assert "API key" in refused.json()["detail"]


def test_memory_bucket_refills_at_the_rate() -> None:
    buckets = MemoryBuckets()
    assert [buckets.take("a", 2.0, 2, 100.0) for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("a", 2.0, 2, 100.0) == pytest.approx(0.5)
    assert buckets.take("a", 2.0, 2, 100.5) == 0.0  # one token back after 0.5 s
    assert buckets.take("a", 2.0, 2, 100.5) > 0
    assert buckets.take("a", 2.0, 2, 1000.0) == 0.0  # full again, never above the burst
    assert buckets.take("a", 2.0, 2, 1000.0) == 0.0
    assert buckets.take("a", 2.0, 2, 1000.0) > 0
    assert buckets.take("b", 2.0, 2, 1000.0) == 0.0  # another identity, another bucket


def test_memory_buckets_stay_bounded() -> None:
    buckets = MemoryBuckets(max_keys=100)
    for index in range(1_000):
        buckets.take(f"client-{index}", 1.0, 5, float(index))
    assert len(buckets._buckets) <= 100


def test_two_apps_share_one_limit_through_redis(
    make_app: Callable[..., FastAPI], redis_prefix: str
) -> None:
    shared = {**LOW, "rate_limit_anonymous_burst": 4, "redis_url": REDIS_URL}
    first = make_app(**shared, rate_limit_redis_prefix=redis_prefix)
    second = make_app(**shared, rate_limit_redis_prefix=redis_prefix)
    with TestClient(first) as one, TestClient(second) as two:
        codes = []
        for _ in range(3):
            codes.append(one.get("/v1/countries/UA").status_code)
            codes.append(two.get("/v1/countries/FR").status_code)
    assert codes == [200, 200, 200, 200, 429, 429]
    stored = redis.Redis.from_url(REDIS_URL).keys(redis_prefix + "*")
    assert stored == [(redis_prefix + "a:testclient").encode()]


def test_redis_bucket_refills_on_the_server_clock(redis_prefix: str) -> None:
    async def scenario() -> list[float]:
        buckets = RedisBuckets(REDIS_URL, redis_prefix)
        try:
            taken = [await buckets.take("x", 20.0, 2) for _ in range(3)]
            await asyncio.sleep(0.12)  # 20 tokens/s: two back
            taken += [await buckets.take("x", 20.0, 2) for _ in range(3)]
            return taken
        finally:
            await buckets.aclose()

    taken = asyncio.run(scenario())
    assert taken[:2] == [0.0, 0.0]
    assert 0 < taken[2] <= 0.05
    assert taken[3:5] == [0.0, 0.0]
    assert taken[5] > 0
    ttl = redis.Redis.from_url(REDIS_URL).pttl(redis_prefix + "x")
    assert 0 < ttl <= 1_100  # buckets expire once they would be full again


def test_redis_down_fails_open_to_memory_with_a_warning(
    make_app: Callable[..., FastAPI], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(**LOW, redis_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    with (
        caplog.at_level(logging.WARNING, logger="orewatch.ratelimit"),
        TestClient(app, raise_server_exceptions=False) as client,
    ):
        codes = _codes(client, "/v1/countries/UA", 5)
    # Never a 500: the per-process buckets take over, so the limit still holds.
    assert codes == [200, 200, 200, 429, 429]
    warnings = [r for r in caplog.records if r.name == "orewatch.ratelimit"]
    assert len(warnings) == 1  # logged once, not per request
    assert "Redis unavailable" in warnings[0].getMessage()
