"""Helpers for the exposure tests: enrich an article of our own into claims and records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tests.articles import store_and_enrich

# Our own wording, not a real article: one export restriction and one disruption of gallium.
GALLIUM_NEWS = """Gallium curbs tighten
China imposed export controls on gallium and germanium in July 2023, the commerce \
ministry said.
Russia's gallium output was disrupted by a fire at the Pikalevo plant, according to the \
company.
"""

Enrich = Callable[[str], int]


@pytest.fixture
def enrich(session_factory: sessionmaker[Session]) -> Enrich:
    """Store an article, extract its claims and recompute status records; returns its id."""

    def run(text: str) -> int:
        return store_and_enrich(
            session_factory,
            text,
            published=datetime(2025, 3, 1, tzinfo=UTC),
            title="Gallium curbs tighten",
            url=f"https://news.example/exposure-{abs(hash(text))}",
        )

    return run
