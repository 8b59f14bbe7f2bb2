"""Fixtures for the operations tests: apps with chosen settings, a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.api.main import create_app
from app.settings import Settings

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def make_app(settings: Settings, session_factory: sessionmaker[Session]) -> Callable[..., FastAPI]:
    """create_app with the test settings plus overrides (rate limits on by default)."""

    def make(**overrides: Any) -> FastAPI:
        changed = settings.model_copy(update={"rate_limit_enabled": True, **overrides})
        return create_app(changed, session_factory=session_factory)

    return make


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    prefix = f"orewatch-test:{uuid.uuid4().hex}:"
    yield prefix
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()
