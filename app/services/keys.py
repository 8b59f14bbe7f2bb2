"""API keys: created with scopes, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlmodel import Session

from app.models import ApiKey
from app.repositories import keys as repo
from app.services.errors import NotFoundError

SCOPES = ("read", "ingest", "review", "admin")
# What a scope grants: admin may do everything, ingest and review may also read.
GRANTS = {
    "read": {"read"},
    "ingest": {"ingest", "read"},
    "review": {"review", "read"},
    "admin": {"admin", "ingest", "review", "read"},
}
KEY_PREFIX = "ow_"


def hash_secret(secret: str) -> str:
    """Keys are 190-bit random strings, so a plain SHA-256 is a safe verifier."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def granted(scopes: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for scope in scopes:
        out |= GRANTS.get(scope, set())
    return out


def create_key(session: Session, name: str, scopes: Sequence[str]) -> tuple[ApiKey, str]:
    """Store a new key; returns it with its secret, which is never stored nor shown again."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)} (got {unknown or 'none'})")
    public = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}{public}_{secrets.token_urlsafe(24)}"
    key = ApiKey(
        name=name,
        prefix=f"{KEY_PREFIX}{public}",
        secret_hash=hash_secret(secret),
        scopes=sorted(set(scopes)),
        created_at=datetime.now(UTC),
    )
    session.add(key)
    session.flush()
    return key, secret


def plausible_secret(secret: str) -> bool:
    """Whether a token could be a key at all (checked without the database)."""
    return secret.startswith(KEY_PREFIX) and len(secret) <= 200


def authenticate(session: Session, secret: str) -> ApiKey | None:
    """The active key with this secret, or None."""
    if not plausible_secret(secret):
        return None
    key = repo.by_secret_hash(session, hash_secret(secret))
    if key is None or key.revoked_at is not None:
        return None
    return key


def revoke_key(session: Session, ident: str) -> ApiKey:
    """Revoke by id or by public prefix."""
    match = [k for k in repo.all_keys(session) if str(k.id) == ident or k.prefix == ident]
    if not match:
        raise NotFoundError(f"No API key {ident!r}.")
    key = match[0]
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.flush()
    return key


def list_keys(session: Session) -> Sequence[ApiKey]:
    return repo.all_keys(session)


def has_active_key(session: Session) -> bool:
    return repo.active_count(session) > 0
