"""Bearer API keys with scopes: 401 for a missing or unknown key, 403 for a wrong scope."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from app.services.keys import authenticate, granted

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
    """Known-good keys for a few seconds (OREWATCH_API_KEY_CACHE_S): one lookup per key and
    period instead of one per request. Unknown keys are never cached."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[Principal, float]] = {}

    def get(self, secret: str) -> Principal | None:
        entry = self._entries.get(secret)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, secret: str, principal: Principal) -> None:
        if self.ttl_s > 0:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[secret] = (principal, time.monotonic() + self.ttl_s)


def _lookup(request: Request, secret: str) -> Principal:
    with request.app.state.session_factory() as session:
        key = authenticate(session, secret)
    if key is None or key.id is None:
        raise HTTPException(401, "The API key is unknown or revoked.", CHALLENGE)
    return Principal(key.id, key.name, frozenset(granted(key.scopes)))


async def _principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """The key's principal: from the cache, else looked up in a worker thread."""
    if credentials is None:
        raise HTTPException(401, "An API key is required: Authorization: Bearer <key>.", CHALLENGE)
    cache: KeyCache = request.app.state.key_cache
    secret = credentials.credentials
    principal = cache.get(secret)
    if principal is None:
        principal = await run_in_threadpool(_lookup, request, secret)
        cache.put(secret, principal)
    return principal


def _require(principal: Principal, scope: str) -> Principal:
    if scope not in principal.scopes:
        raise HTTPException(403, f"This API key lacks the scope {scope!r}.")
    return principal


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def require_ingest(request: Request, credentials: Credentials) -> Principal:
    return _require(await _principal(request, credentials), "ingest")


async def require_admin(request: Request, credentials: Credentials) -> Principal:
    return _require(await _principal(request, credentials), "admin")


async def read_access(request: Request, credentials: Credentials) -> None:
    """Reads are open unless OREWATCH_READS_REQUIRE_KEY is set; then they need `read`.

    Async, so an open read costs no thread hop."""
    if request.app.state.settings.reads_require_key:
        _require(await _principal(request, credentials), "read")


IngestKey = Annotated[Principal, Depends(require_ingest)]
AdminKey = Annotated[Principal, Depends(require_admin)]
