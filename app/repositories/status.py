"""Queries over claims, status records and their change history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select as CoreSelect
from sqlalchemy import Table, delete, func, tuple_
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.models import (
    Claim,
    ImportReliance,
    ProductionFigure,
    ReserveFigure,
    StatusChange,
    StatusRecord,
)

Pair = tuple[str, str]
_record: Table = StatusRecord.__table__  # type: ignore[attr-defined]
_CLAIM_CHUNK = 500  # pairs per INSERT: well below either engine's bound-parameter limit


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


def record_pairs(session: Session) -> set[Pair]:
    query = select(StatusRecord.country_iso2, StatusRecord.mineral_slug)
    return {(c, m) for c, m in session.exec(query).all()}


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


def claim_records(
    session: Session, pairs: Iterable[Pair], placeholder: dict[str, Any]
) -> tuple[dict[Pair, StatusRecord], set[Pair]]:
    """The records of `pairs`, each row created if missing and all locked until the
    transaction ends; with the pairs whose row this call created (holding `placeholder`).

    Race-free whatever the number of workers: `INSERT ... ON CONFLICT DO NOTHING` never
    fails on a row another transaction inserted (on PostgreSQL it waits for that
    transaction, then does nothing), and `SELECT ... FOR UPDATE` then waits for any
    transaction holding a record, so the caller derives from evidence committed before it,
    and writes after it. Rows are inserted and locked in key order (no deadlock between two
    callers). On SQLite the single writer serialises the transactions anyway.
    """
    wanted = sorted(set(pairs))
    if not wanted:
        return {}, set()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    created: set[Pair] = set()
    # Only the pairs without a committed record are inserted: a recomputation that creates
    # nothing writes nothing (and so moves no data version).
    missing = sorted(set(wanted) - _existing_records(session, wanted))
    for start in range(0, len(missing), _CLAIM_CHUNK):
        rows = [
            {"country_iso2": c, "mineral_slug": m, **placeholder}
            for c, m in missing[start : start + _CLAIM_CHUNK]
        ]
        statement = (
            insert(_record)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["country_iso2", "mineral_slug"])
            .returning(_record.c.country_iso2, _record.c.mineral_slug)
        )
        created |= {(c, m) for c, m in session.connection().execute(statement).all()}
    records: dict[Pair, StatusRecord] = {}
    for start in range(0, len(wanted), _CLAIM_CHUNK):
        query = (
            select(StatusRecord)
            .where(
                tuple_(col(StatusRecord.country_iso2), col(StatusRecord.mineral_slug)).in_(
                    wanted[start : start + _CLAIM_CHUNK]
                )
            )
            .order_by(col(StatusRecord.country_iso2), col(StatusRecord.mineral_slug))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        records |= {(r.country_iso2, r.mineral_slug): r for r in session.exec(query).all()}
    return records, created


@dataclass(frozen=True)
class RecordFilters:
    production: str | None = None
    market_position: str | None = None
    flag: str | None = None
    """A flag column name; only records where it is true."""


_Query = TypeVar("_Query", SelectOfScalar[int], CoreSelect[Any])


def _filtered(query: _Query, slug: str, filters: RecordFilters) -> _Query:
    query = query.where(col(StatusRecord.mineral_slug) == slug)
    if filters.production is not None:
        query = query.where(col(StatusRecord.production_state) == filters.production)
    if filters.market_position is not None:
        query = query.where(col(StatusRecord.market_position) == filters.market_position)
    if filters.flag is not None:
        query = query.where(col(getattr(StatusRecord, filters.flag)).is_(True))
    return query


class RecordSummary(NamedTuple):
    """A status record without its facets: what a summary of it shows."""

    country_iso2: str
    mineral_slug: str
    production_state: str
    market_position: str
    reserves_state: str
    import_dependent: str
    export_restricted: bool | None
    disrupted: bool | None
    developing: bool | None
    updated_at: datetime


_SUMMARY_COLUMNS = tuple(col(getattr(StatusRecord, name)) for name in RecordSummary._fields)


def records_of_mineral(
    session: Session, slug: str, filters: RecordFilters, *, after: str | None, limit: int
) -> list[tuple[RecordSummary, dict[str, Any]]]:
    """One mineral's status records as summaries with their facets, by country code."""
    query = _filtered(core_select(*_SUMMARY_COLUMNS, col(StatusRecord.facets)), slug, filters)
    if after is not None:
        query = query.where(col(StatusRecord.country_iso2) > after)
    query = query.order_by(col(StatusRecord.country_iso2)).limit(limit)
    return [
        (RecordSummary._make(row[:-1]), row[-1])
        for row in session.connection().execute(query).all()
    ]


def count_records_of_mineral(session: Session, slug: str, filters: RecordFilters) -> int:
    return session.exec(_filtered(select(func.count()), slug, filters)).one()


def record_summaries_of_country(session: Session, iso2: str) -> dict[str, RecordSummary]:
    """The country's status records without their facets, by mineral."""
    query = core_select(*_SUMMARY_COLUMNS).where(col(StatusRecord.country_iso2) == iso2)
    rows = session.connection().execute(query).all()
    return {row.mineral_slug: RecordSummary._make(row) for row in rows}


def _existing_records(session: Session, pairs: list[Pair]) -> set[Pair]:
    found: set[Pair] = set()
    key = tuple_(col(StatusRecord.country_iso2), col(StatusRecord.mineral_slug))
    for start in range(0, len(pairs), _CLAIM_CHUNK):
        query = select(StatusRecord.country_iso2, StatusRecord.mineral_slug).where(
            key.in_(pairs[start : start + _CLAIM_CHUNK])
        )
        found |= {(c, m) for c, m in session.exec(query).all()}
    return found


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


def changes_of_pairs(session: Session, pairs: Iterable[Pair]) -> dict[Pair, list[StatusChange]]:
    """The stored history of each pair, oldest first (the replay order)."""
    wanted = sorted(set(pairs))
    result: dict[Pair, list[StatusChange]] = {}
    for start in range(0, len(wanted), _CLAIM_CHUNK):
        query = (
            select(StatusChange)
            .where(
                tuple_(col(StatusChange.country_iso2), col(StatusChange.mineral_slug)).in_(
                    wanted[start : start + _CLAIM_CHUNK]
                )
            )
            .order_by(col(StatusChange.id))
        )
        for change in session.exec(query).all():
            result.setdefault((change.country_iso2, change.mineral_slug), []).append(change)
    return result


def delete_changes(session: Session, ids: Sequence[int]) -> None:
    if ids:
        session.execute(delete(StatusChange).where(col(StatusChange.id).in_(list(ids))))


def add_all(session: Session, rows: Iterable[Any]) -> None:
    session.add_all(list(rows))
