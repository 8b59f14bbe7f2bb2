"""Token-bucket rate limits per API key and per client address (pure ASGI middleware).

Runs before the cached-read fast path, so cached reads are limited too. A request that
carries a valid API key is charged to its key's bucket (OREWATCH_RATE_LIMIT_KEYED_*), on
reads and writes alike: a key this process has not verified recently (the API key cache)
is looked up here, once per cache period, and the verdict is handed to the routes in the
request's scope state. Any other request, including one with an unknown or revoked key,
is charged to its client address's bucket (OREWATCH_RATE_LIMIT_ANONYMOUS_*), so made-up
tokens cannot escape the per-address limit; its routes answer 401. Lookups that find no
key also take a token from a bucket of their own per address (same size and rate as the
anonymous one): once it is empty, that address's unknown tokens are no longer looked up
until it refills, so guessing keys cannot load the database beyond the anonymous rate.
Beyond the limit: 429 problem+json with Retry-After (whole seconds, rounded up).

Buckets live in a dict in memory (one limit per process), or in Redis when
OREWATCH_REDIS_URL is set (one limit across replicas): a Lua script refills and takes a
token atomically, on Redis's clock. When Redis fails the limiter fails open to the
in-memory buckets (a warning is logged, at most every 30 s) and tries Redis again after
a few seconds; it never answers 500 because of Redis.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import KeyCache, Principal, bearer_secret, lookup_principal, remember_verdict
from app.api.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from app.metrics import RATE_LIMITED
from app.services.keys import plausible_secret
from app.settings import Settings

logger = logging.getLogger("orewatch.ratelimit")

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
REDIS_RETRY_AFTER_FAILURE_S = 5.0
REDIS_WARNING_INTERVAL_S = 30.0
REDIS_TIMEOUT_S = 0.25
MEMORY_MAX_KEYS = 100_000

# KEYS[1] bucket; ARGV rate (tokens/s), burst, cost (0: only look whether a token is left).
# Returns {allowed (0|1), retry_after_ms}.
TOKEN_BUCKET_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1])
local ts = tonumber(bucket[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 0
local retry_ms = 0
if tokens >= 1 then
  tokens = tokens - cost
  allowed = 1
else
  retry_ms = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, retry_ms}
"""


class MemoryBuckets:
    """Buckets in a dict: [tokens, last refill] per identity, on the monotonic clock."""

    def __init__(self, max_keys: int = MEMORY_MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._buckets: dict[str, list[float]] = {}
        self._idle_full_s = 0.0  # after this long idle, any bucket is full again

    def take(self, identity: str, rate: float, burst: int, now: float, cost: float = 1.0) -> float:
        """Take a token (cost 0: only look); 0.0 when allowed, else the seconds until one is
        available."""
        bucket = self._buckets.get(identity)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._prune(now)
            self._idle_full_s = max(self._idle_full_s, burst / rate)
            self._buckets[identity] = [burst - cost, now]
            return 0.0
        tokens = bucket[0] + (now - bucket[1]) * rate
        if tokens > burst:
            tokens = burst
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - cost
            return 0.0
        bucket[0] = tokens
        return (1.0 - tokens) / rate

    def _prune(self, now: float) -> None:
        horizon = now - self._idle_full_s
        self._buckets = {k: b for k, b in self._buckets.items() if b[1] > horizon}
        if len(self._buckets) >= self.max_keys:  # all recently active: start afresh
            self._buckets.clear()


class RedisBuckets:
    """Buckets in Redis (redis-py asyncio, one client per event loop)."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self._client: Any = None
        self._script: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _ensure(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            import redis.asyncio as aioredis

            self._client = aioredis.Redis.from_url(
                self.url,
                socket_timeout=REDIS_TIMEOUT_S,
                socket_connect_timeout=REDIS_TIMEOUT_S,
                health_check_interval=30,
            )
            self._script = self._client.register_script(TOKEN_BUCKET_LUA)
            self._loop = loop
        return self._script

    async def take(self, identity: str, rate: float, burst: int, cost: float = 1.0) -> float:
        script = self._ensure()
        allowed, retry_ms = await script(keys=[self.prefix + identity], args=[rate, burst, cost])
        return 0.0 if int(allowed) else max(int(retry_ms), 1) / 1000.0

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()


class RateLimiter:
    def __init__(
        self,
        settings: Settings,
        key_cache: KeyCache,
        session_factory: sessionmaker[Session] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Without a session factory, keys missing from the cache count as anonymous (their
        routes still check them); `clock` is the in-memory buckets' clock (tests freeze it)."""
        self.enabled = settings.rate_limit_enabled
        self.key_cache = key_cache
        self.session_factory = session_factory
        self.clock = clock
        self.anonymous = (settings.rate_limit_anonymous_per_s, settings.rate_limit_anonymous_burst)
        self.keyed = (settings.rate_limit_keyed_per_s, settings.rate_limit_keyed_burst)
        self.memory = MemoryBuckets()
        self.redis = (
            RedisBuckets(settings.redis_url, settings.rate_limit_redis_prefix)
            if settings.redis_url
            else None
        )
        self._redis_down_until = 0.0
        self._last_warning = -math.inf

    async def identify(self, scope: Scope) -> tuple[str, bool]:
        """The bucket's identity and whether it is a valid key's."""
        client = scope.get("client")
        address = client[0] if client else "unknown"
        secret = bearer_secret(scope["headers"])
        principal = None
        if secret is not None:
            principal = self.key_cache.get(secret)
            if principal is None and not self.key_cache.refused(secret):
                principal = await self._verify(scope, secret, address)
        if principal is None:
            return "a:" + address, False
        return f"k:{principal.key_id}", True

    async def _verify(self, scope: Scope, secret: str, address: str) -> Principal | None:
        """Look a key up (a worker thread, one query); a miss is paid for by its address."""
        if not plausible_secret(secret):  # not even shaped like a key: no lookup to pay for
            remember_verdict(scope, secret, None)
            return None
        misses = "m:" + address
        if self.session_factory is None or await self._take(misses, *self.anonymous, 0.0) > 0:
            return None  # this address's misses are used up: no lookup, counted as anonymous
        try:
            principal = await run_in_threadpool(lookup_principal, self.session_factory, secret)
        except (DBAPIError, PoolTimeoutError):
            return None  # the database is out: the route checks the key again, and says so
        remember_verdict(scope, secret, principal)
        if principal is None:
            self.key_cache.refuse(secret)
            await self._take(misses, *self.anonymous)
        else:
            self.key_cache.put(secret, principal)
        return principal

    async def retry_after(self, identity: str, keyed: bool) -> float:
        """0.0 when the request may go on, else seconds until it may be retried."""
        return await self._take(identity, *(self.keyed if keyed else self.anonymous))

    async def _take(self, identity: str, rate: float, burst: int, cost: float = 1.0) -> float:
        if self.redis is not None:
            now = time.monotonic()
            if now >= self._redis_down_until:
                try:
                    return await self.redis.take(identity, rate, burst, cost)
                except Exception as exc:  # any Redis or network failure: fail open
                    self._redis_failed(now, exc)
        return self.memory.take(identity, rate, burst, self.clock(), cost)

    def _redis_failed(self, now: float, exc: Exception) -> None:
        self._redis_down_until = now + REDIS_RETRY_AFTER_FAILURE_S
        if now - self._last_warning >= REDIS_WARNING_INTERVAL_S:
            self._last_warning = now
            logger.warning(
                "rate limiting: Redis unavailable (%s: %s); using per-process in-memory "
                "buckets, retrying Redis in %.0f s",
                type(exc).__name__,
                str(exc)[:200],
                REDIS_RETRY_AFTER_FAILURE_S,
            )

    async def aclose(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()


class RateLimit:
    """Pure ASGI middleware around a RateLimiter."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.limiter.enabled or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        identity, keyed = await self.limiter.identify(scope)
        wait = await self.limiter.retry_after(identity, keyed)
        if wait <= 0.0:
            await self.app(scope, receive, send)
            return
        RATE_LIMITED.labels("key" if keyed else "address").inc()
        await _reject(scope, send, wait, keyed)


async def _reject(scope: Scope, send: Send, wait: float, keyed: bool) -> None:
    seconds = max(1, math.ceil(wait))
    who = "API key" if keyed else "client address"
    body = orjson.dumps(
        {
            "type": PROBLEM_BASE + "rate-limited",
            "title": "Too Many Requests",
            "status": 429,
            "detail": f"Rate limit exceeded for this {who}; retry in {seconds} s.",
            "instance": scope["path"][:80],
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(seconds).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
