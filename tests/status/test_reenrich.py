"""`orewatch reenrich`: queue enrichment again for outdated (or all) articles, once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from app.enrichment.pipeline import EXTRACTOR_VERSION
from app.models import Article, Job
from app.services.migrations import upgrade_to_head
from app.services.reenrich import queue_reenrichment


def _article(session: Session, version: str | None, ingested: datetime, n: int) -> int:
    article = Article(
        content_type="text/plain",
        raw_body=f"Article {n}: Chile produces lithium.",
        ingested_at=ingested,
        updated_at=ingested,
        enrichment_state="enriched" if version else "pending",
        extractor_version=version,
    )
    session.add(article)
    session.flush()
    assert article.id is not None
    return article.id


def _queued(session: Session) -> set[int | None]:
    jobs = session.exec(select(Job).where(Job.kind == "enrich_article")).all()
    return {j.article_id for j in jobs}


def test_only_outdated_articles_are_queued_and_only_once(session: Session) -> None:
    old = _article(session, "orewatch-extract/0.1", datetime(2025, 1, 1, tzinfo=UTC), 1)
    current = _article(session, EXTRACTOR_VERSION, datetime(2025, 1, 2, tzinfo=UTC), 2)
    assert queue_reenrichment(session, every=False, since=None) == 1
    assert _queued(session) == {old}
    assert queue_reenrichment(session, every=False, since=None) == 0  # still pending
    assert queue_reenrichment(session, every=True, since=None) == 1
    assert _queued(session) == {old, current}
    job = session.exec(select(Job).where(Job.article_id == current)).one()
    assert job.payload == {"article_id": current, "force": True}


def test_since_limits_by_ingestion_date(session: Session) -> None:
    _article(session, None, datetime(2024, 6, 1, tzinfo=UTC), 3)
    recent = _article(session, None, datetime(2025, 6, 1, tzinfo=UTC), 4)
    assert queue_reenrichment(session, every=True, since=date(2025, 1, 1)) == 1
    assert _queued(session) == {recent}


def test_cli_reports_what_it_queued(tmp_database: str) -> None:
    upgrade_to_head(tmp_database)
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "reenrich", "--all", "--since", "2025-01-01"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "queued 0 article(s)" in out.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "app.cli", "reenrich", "--since", "yesterday"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
