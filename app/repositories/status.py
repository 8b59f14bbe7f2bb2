"""Queries over claims, status records and their change history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from app.models import (
    Claim,
    ImportReliance,
    ProductionFigure,
    ReserveFigure,
    StatusChange,
    StatusRecord,
)

Pair = tuple[str, str]


def statistics_pairs(session: Session) -> set[Pair]:
    """Every country x mineral that the official statistics say anything about."""
    pairs: set[Pair] = set()
    for model in (ProductionFigure, ReserveFigure):
        query = (
            select(model.country_iso2, model.mineral_slug)
            .where(col(model.country_iso2).is_not(None))
            .distinct()
        )
        pairs |= {(c, m) for c, m in session.exec(query).all() if c}
    reliance = select(ImportReliance.importer_iso2, ImportReliance.mineral_slug).distinct()
    pairs |= set(session.exec(reliance).all())
    return pairs


def claims_for_pairs(session: Session, pairs: Iterable[Pair]) -> Sequence[Claim]:
    wanted = list(pairs)
    if not wanted:
        return []
    query = select(Claim).where(
        tuple_(col(Claim.country_iso2), col(Claim.mineral_slug)).in_(wanted)
    )
    return session.exec(query).all()


def claimed_pairs_of_article(session: Session, article_id: int) -> set[Pair]:
    query = (
        select(Claim.country_iso2, Claim.mineral_slug)
        .where(Claim.article_id == article_id, col(Claim.mineral_slug).is_not(None))
        .distinct()
    )
    return {(c, m) for c, m in session.exec(query).all() if m}


def records_for_pairs(session: Session, pairs: Iterable[Pair]) -> dict[Pair, StatusRecord]:
    wanted = list(pairs)
    if not wanted:
        return {}
    query = select(StatusRecord).where(
        tuple_(col(StatusRecord.country_iso2), col(StatusRecord.mineral_slug)).in_(wanted)
    )
    return {(r.country_iso2, r.mineral_slug): r for r in session.exec(query).all()}


def get_record(session: Session, iso2: str, slug: str) -> StatusRecord | None:
    return session.get(StatusRecord, (iso2, slug))


def list_changes(
    session: Session, iso2: str, slug: str, *, before_id: int | None, limit: int
) -> Sequence[StatusChange]:
    query = select(StatusChange).where(
        StatusChange.country_iso2 == iso2, StatusChange.mineral_slug == slug
    )
    if before_id is not None:
        query = query.where(col(StatusChange.id) < before_id)
    return session.exec(query.order_by(col(StatusChange.id).desc()).limit(limit)).all()


def count_changes(session: Session, iso2: str, slug: str) -> int:
    query = select(func.count()).where(
        StatusChange.country_iso2 == iso2, StatusChange.mineral_slug == slug
    )
    return session.exec(query).one()


def add_all(session: Session, rows: Iterable[Any]) -> None:
    session.add_all(list(rows))
