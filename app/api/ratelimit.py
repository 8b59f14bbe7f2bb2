"""Token-bucket rate limits per API key and per client address (pure ASGI middleware).

Runs before the cached-read fast path, so cached reads are limited too. A request that
carries a bearer token this process has verified recently (the API key cache, no database
access here) is charged to its key's bucket (OREWATCH_RATE_LIMIT_KEYED_*); any other
request, including one with an unknown token, is charged to its client address's bucket
(OREWATCH_RATE_LIMIT_ANONYMOUS_*), so made-up tokens cannot escape the per-address limit.
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
from typing import Any

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import KeyCache
from app.api.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from app.metrics import RATE_LIMITED
from app.settings import Settings

logger = logging.getLogger("orewatch.ratelimit")

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
REDIS_RETRY_AFTER_FAILURE_S = 5.0
REDIS_WARNING_INTERVAL_S = 30.0
REDIS_TIMEOUT_S = 0.25
MEMORY_MAX_KEYS = 100_000

# KEYS[1] bucket; ARGV rate (tokens/s), burst. Returns {allowed (0|1), retry_after_ms}.
TOKEN_BUCKET_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
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
  tokens = tokens - 1
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

    def take(self, identity: str, rate: float, burst: int, now: float) -> float:
        """Take a token; 0.0 when allowed, else the seconds until one is available."""
        bucket = self._buckets.get(identity)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._prune(now)
            self._idle_full_s = max(self._idle_full_s, burst / rate)
            self._buckets[identity] = [burst - 1.0, now]
            return 0.0
        tokens = bucket[0] + (now - bucket[1]) * rate
        if tokens > burst:
            tokens = burst
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
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

    async def take(self, identity: str, rate: float, burst: int) -> float:
        script = self._ensure()
        allowed, retry_ms = await script(keys=[self.prefix + identity], args=[rate, burst])
        return 0.0 if int(allowed) else max(int(retry_ms), 1) / 1000.0

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()


class RateLimiter:
    def __init__(self, settings: Settings, key_cache: KeyCache) -> None:
        self.enabled = settings.rate_limit_enabled
        self.key_cache = key_cache
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

    def identify(self, scope: Scope) -> tuple[str, bool]:
        """The bucket's identity and whether it is a verified key's."""
        for name, value in scope["headers"]:
            if name == b"authorization":
                if value[:7].lower() == b"bearer ":
                    principal = self.key_cache.get(value[7:].decode("latin-1").strip())
                    if principal is not None:
                        return f"k:{principal.key_id}", True
                break
        client = scope.get("client")
        return "a:" + (client[0] if client else "unknown"), False

    async def retry_after(self, identity: str, keyed: bool) -> float:
        """0.0 when the request may go on, else seconds until it may be retried."""
        rate, burst = self.keyed if keyed else self.anonymous
        now = time.monotonic()
        if self.redis is not None and now >= self._redis_down_until:
            try:
                return await self.redis.take(identity, rate, burst)
            except Exception as exc:  # any Redis or network failure: fail open
                self._redis_failed(now, exc)
        return self.memory.take(identity, rate, burst, now)

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
        identity, keyed = self.limiter.identify(scope)
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
