"""Fixtures for ingestion tests: API keys of each scope in the test's transaction."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.services.keys import create_key


@pytest.fixture
def keys(session: Session) -> dict[str, str]:
    """A secret per scope ("read", "ingest", "admin") plus a revoked one."""
    out = {}
    for scope in ("read", "ingest", "admin"):
        _key, out[scope] = create_key(session, f"test {scope}", [scope])
    revoked, out["revoked"] = create_key(session, "revoked", ["admin"])
    from app.services.keys import revoke_key

    revoke_key(session, str(revoked.id))
    session.commit()
    return out


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
