"""Queries over API keys."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.models import ApiKey


def by_secret_hash(session: Session, secret_hash: str) -> ApiKey | None:
    query = select(ApiKey).where(col(ApiKey.secret_hash) == secret_hash)
    return session.exec(query).first()


def all_keys(session: Session) -> Sequence[ApiKey]:
    return session.exec(select(ApiKey).order_by(col(ApiKey.id))).all()


def active_count(session: Session) -> int:
    return len(session.exec(select(ApiKey.id).where(col(ApiKey.revoked_at).is_(None))).all())
