"""Bearer API keys with scopes: 401 for a missing or unknown key, 403 for a wrong scope.

A bearer key presented on an open read is checked too (401 when unknown or revoked): a
client with a wrong key learns it at once instead of being served as anonymous. The rate
limiter verifies keys before routing and leaves its verdict in the request's scope state,
so a request costs at most one lookup.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import Scope

from app.services.keys import authenticate, granted, plausible_secret

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="`Authorization: Bearer <key>`; create keys with `orewatch keys create`.",
)
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="orewatch"'}


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: int
    name: str
    scopes: frozenset[str]


class KeyCache:
    """Verdicts on keys for a few seconds (OREWATCH_API_KEY_CACHE_S): one lookup per key and
    period instead of one per request. Known-good keys map to their principal; refused ones
    are remembered too (a refused secret never becomes valid: new keys are random)."""

    MAX_ENTRIES = 10_000

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._refused: dict[str, float] = {}

    def get(self, secret: str) -> Principal | None:
        entry = self._entries.get(secret)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, secret: str, principal: Principal) -> None:
        if self.ttl_s > 0:
            if len(self._entries) > self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[secret] = (principal, time.monotonic() + self.ttl_s)

    def clear(self) -> None:
        self._entries.clear()
        self._refused.clear()

    def refused(self, secret: str) -> bool:
        until = self._refused.get(secret)
        return until is not None and until >= time.monotonic()

    def refuse(self, secret: str) -> None:
        if self.ttl_s > 0:
            if len(self._refused) > self.MAX_ENTRIES:
                self._refused.clear()
            self._refused[secret] = time.monotonic() + self.ttl_s


# scope["state"][VERDICT] = (secret, principal or None when refused), set by the rate limiter.
VERDICT = "orewatch_key_verdict"


def bearer_secret(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The bearer token of an ASGI request, parsed as fastapi's HTTPBearer does."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, param = value.decode("latin-1").partition(" ")
            secret = param.strip()
            return secret if scheme.lower() == "bearer" and secret else None
    return None


def lookup_principal(session_factory: sessionmaker[Session], secret: str) -> Principal | None:
    """The active key's principal, or None (one indexed query; none for a malformed token)."""
    if not plausible_secret(secret):
        return None
    with session_factory() as session:
        key = authenticate(session, secret)
    if key is None or key.id is None:
        return None
    return Principal(key.id, key.name, frozenset(granted(key.scopes)))


def remember_verdict(scope: Scope, secret: str, principal: Principal | None) -> None:
    scope.setdefault("state", {})[VERDICT] = (secret, principal)


def _verdict(scope: Scope, secret: str) -> tuple[bool, Principal | None]:
    """Whether the rate limiter judged this very secret, and the principal it found."""
    verdict = scope.get("state", {}).get(VERDICT)
    if isinstance(verdict, tuple) and verdict[0] == secret:
        principal = verdict[1]
        return True, principal if isinstance(principal, Principal) else None
    return False, None


def known_good(scope: Scope, cache: KeyCache) -> bool:
    """False when the request bears a key that is not known to be valid (refused or not yet
    checked): such a request must go through the routes, which check it."""
    secret = bearer_secret(scope["headers"])
    return secret is None or cache.get(secret) is not None or _verdict(scope, secret)[1] is not None


UNKNOWN_KEY = "The API key is unknown or revoked."


async def _principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """The key's principal: the rate limiter's verdict, the cache, else a lookup in a thread."""
    if credentials is None:
        raise HTTPException(401, "An API key is required: Authorization: Bearer <key>.", CHALLENGE)
    cache: KeyCache = request.app.state.key_cache
    secret = credentials.credentials
    judged, principal = _verdict(request.scope, secret)
    if not judged:
        principal = cache.get(secret)
        if principal is None and not cache.refused(secret):
            principal = await run_in_threadpool(
                lookup_principal, request.app.state.session_factory, secret
            )
            if principal is None:
                cache.refuse(secret)
            else:
                cache.put(secret, principal)
    if principal is None:
        raise HTTPException(401, UNKNOWN_KEY, CHALLENGE)
    return principal


def _require(principal: Principal, scope: str) -> Principal:
    if scope not in principal.scopes:
        raise HTTPException(403, f"This API key lacks the scope {scope!r}.")
    return principal


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def require_ingest(request: Request, credentials: Credentials) -> Principal:
    return _require(await _principal(request, credentials), "ingest")


async def require_review(request: Request, credentials: Credentials) -> Principal:
    return _require(await _principal(request, credentials), "review")


async def require_admin(request: Request, credentials: Credentials) -> Principal:
    return _require(await _principal(request, credentials), "admin")


async def read_access(request: Request, credentials: Credentials) -> None:
    """Reads are open unless OREWATCH_READS_REQUIRE_KEY is set; then they need `read`. A key
    presented on an open read must be valid all the same (401 otherwise), any scope.

    Async, so an open read costs no thread hop."""
    if request.app.state.settings.reads_require_key:
        _require(await _principal(request, credentials), "read")
    elif credentials is not None:
        await _principal(request, credentials)


IngestKey = Annotated[Principal, Depends(require_ingest)]
AdminKey = Annotated[Principal, Depends(require_admin)]
ReviewKey = Annotated[Principal, Depends(require_review)]
