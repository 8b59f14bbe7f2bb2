"""Queries over countries, minerals, their aliases, forms and critical lists."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, union
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from app.models import (
    CommodityForm,
    Country,
    CountryAlias,
    CriticalList,
    CriticalListMembership,
    Mineral,
    MineralAlias,
    ProductionFigure,
    ReserveFigure,
)
from app.repositories.reference_snapshot import ReferenceSnapshot, snapshot_of


def _holders_of(mineral_slug: str) -> Select[tuple[str | None]]:
    """Countries with a non-zero production or reserves figure of the mineral."""
    produced = select(ProductionFigure.country_iso2).where(
        ProductionFigure.mineral_slug == mineral_slug,
        col(ProductionFigure.country_iso2).is_not(None),
        ProductionFigure.value_text != "0",
    )
    held = select(ReserveFigure.country_iso2).where(
        ReserveFigure.mineral_slug == mineral_slug,
        col(ReserveFigure.country_iso2).is_not(None),
        ReserveFigure.value_text != "0",
    )
    return select(union(produced, held).subquery().c[0])


def _country_filters(region: str | None, mineral: str | None) -> list[object]:
    filters: list[object] = []
    if region is not None:
        filters.append(func.lower(Country.region) == region.lower())
    if mineral is not None:
        filters.append(col(Country.iso2).in_(_holders_of(mineral)))
    return filters


def _countries_in(
    snapshot: ReferenceSnapshot, region: str | None, mineral: str | None
) -> list[Country]:
    countries = list(snapshot.countries.values())
    if region is not None:
        countries = [c for c in countries if c.region.lower() == region.lower()]
    if mineral is not None:
        holders = snapshot.production.holders_of_mineral.get(mineral, set())
        holders = holders | snapshot.reserves.holders_of_mineral.get(mineral, set())
        countries = [c for c in countries if c.iso2 in holders]
    return countries


def list_countries(
    session: Session, *, region: str | None, mineral: str | None, after: str | None, limit: int
) -> Sequence[Country]:
    if (snapshot := snapshot_of(session)) is not None:
        found = _countries_in(snapshot, region, mineral)
        return [c for c in found if after is None or c.iso2 > after][:limit]
    query = select(Country).where(*_country_filters(region, mineral))  # type: ignore[arg-type]
    if after is not None:
        query = query.where(Country.iso2 > after)
    return session.exec(query.order_by(Country.iso2).limit(limit)).all()


def count_countries(session: Session, *, region: str | None, mineral: str | None) -> int:
    if (snapshot := snapshot_of(session)) is not None:
        return len(_countries_in(snapshot, region, mineral))
    query = select(func.count()).select_from(Country)
    return session.exec(query.where(*_country_filters(region, mineral))).one()  # type: ignore[arg-type]


def get_country(session: Session, iso2: str) -> Country | None:
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.countries.get(iso2)
    return session.get(Country, iso2)


def countries_by_code(session: Session, codes: set[str]) -> dict[str, Country]:
    if (snapshot := snapshot_of(session)) is not None:
        return {c: snapshot.countries[c] for c in codes if c in snapshot.countries}
    rows = session.exec(select(Country).where(col(Country.iso2).in_(codes))).all()
    return {row.iso2: row for row in rows}


def country_aliases(session: Session, iso2: str) -> Sequence[CountryAlias]:
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.country_aliases.get(iso2, [])
    query = select(CountryAlias).where(CountryAlias.country_iso2 == iso2)
    return session.exec(query.order_by(CountryAlias.kind, CountryAlias.alias)).all()


def regions(session: Session) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.regions
    return list(session.exec(select(Country.region).distinct().order_by(Country.region)).all())


def _mineral_filters(
    group: str | None, critical_list: str | None, has_statistics: bool | None = None
) -> list[object]:
    filters: list[object] = []
    if has_statistics is not None:
        with_table = select(ProductionFigure.mineral_slug).distinct()
        held = col(Mineral.slug).in_(with_table)
        filters.append(held if has_statistics else ~held)
    if group is not None:
        filters.append(or_(col(Mineral.group_slug) == group, col(Mineral.slug) == group))
    if critical_list is not None:
        members = select(CriticalListMembership.mineral_slug).where(
            CriticalListMembership.list_slug == critical_list
        )
        filters.append(col(Mineral.slug).in_(members))
    return filters


def _minerals_in(
    snapshot: ReferenceSnapshot,
    group: str | None,
    critical_list: str | None,
    has_statistics: bool | None,
) -> list[Mineral]:
    minerals = list(snapshot.minerals.values())
    if has_statistics is not None:
        with_table = snapshot.production.by_mineral
        minerals = [m for m in minerals if (m.slug in with_table) == has_statistics]
    if group is not None:
        minerals = [m for m in minerals if group in (m.group_slug, m.slug)]
    if critical_list is not None:
        minerals = [
            m
            for m in minerals
            if any(e.list_slug == critical_list for e in snapshot.memberships.get(m.slug, []))
        ]
    return minerals


def list_minerals(
    session: Session,
    *,
    group: str | None,
    critical_list: str | None,
    has_statistics: bool | None = None,
    after: str | None,
    limit: int,
) -> Sequence[Mineral]:
    if (snapshot := snapshot_of(session)) is not None:
        found = _minerals_in(snapshot, group, critical_list, has_statistics)
        return [m for m in found if after is None or m.slug > after][:limit]
    filters = _mineral_filters(group, critical_list, has_statistics)
    query = select(Mineral).where(*filters)  # type: ignore[arg-type]
    if after is not None:
        query = query.where(Mineral.slug > after)
    return session.exec(query.order_by(Mineral.slug).limit(limit)).all()


def count_minerals(
    session: Session,
    *,
    group: str | None,
    critical_list: str | None,
    has_statistics: bool | None = None,
) -> int:
    if (snapshot := snapshot_of(session)) is not None:
        return len(_minerals_in(snapshot, group, critical_list, has_statistics))
    query = select(func.count()).select_from(Mineral)
    filters = _mineral_filters(group, critical_list, has_statistics)
    return session.exec(query.where(*filters)).one()  # type: ignore[arg-type]


def get_mineral(session: Session, slug: str) -> Mineral | None:
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.minerals.get(slug)
    return session.get(Mineral, slug)


def minerals_by_slug(session: Session, slugs: set[str]) -> dict[str, Mineral]:
    if (snapshot := snapshot_of(session)) is not None:
        return {s: snapshot.minerals[s] for s in slugs if s in snapshot.minerals}
    rows = session.exec(select(Mineral).where(col(Mineral.slug).in_(slugs))).all()
    return {row.slug: row for row in rows}


def group_slugs(session: Session) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return [m.slug for m in snapshot.minerals.values() if m.kind == "group"]
    query = select(Mineral.slug).where(Mineral.kind == "group").order_by(Mineral.slug)
    return list(session.exec(query).all())


def critical_list_slugs(session: Session) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return list(snapshot.critical_lists)
    return list(session.exec(select(CriticalList.slug).order_by(CriticalList.slug)).all())


def mineral_aliases(session: Session, slug: str) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return list(snapshot.mineral_aliases.get(slug, []))
    query = select(MineralAlias.alias).where(MineralAlias.mineral_slug == slug)
    return list(session.exec(query.order_by(MineralAlias.alias)).all())


def group_members(session: Session, slug: str) -> list[str]:
    if (snapshot := snapshot_of(session)) is not None:
        return [m.slug for m in snapshot.minerals.values() if m.group_slug == slug]
    query = select(Mineral.slug).where(Mineral.group_slug == slug).order_by(Mineral.slug)
    return list(session.exec(query).all())


def forms_of(session: Session, slug: str) -> Sequence[CommodityForm]:
    if (snapshot := snapshot_of(session)) is not None:
        return snapshot.forms.get(slug, [])
    query = select(CommodityForm).where(CommodityForm.mineral_slug == slug)
    return session.exec(
        query.order_by(col(CommodityForm.is_default).desc(), CommodityForm.slug)
    ).all()


def forms_of_minerals(session: Session, slugs: set[str]) -> dict[str, list[CommodityForm]]:
    """Forms of each mineral, the default first, then by slug."""
    if (snapshot := snapshot_of(session)) is not None:
        return {s: list(snapshot.forms[s]) for s in slugs if s in snapshot.forms}
    query = select(CommodityForm).where(col(CommodityForm.mineral_slug).in_(slugs))
    order = (col(CommodityForm.mineral_slug), col(CommodityForm.is_default).desc())
    rows = session.exec(query.order_by(*order, CommodityForm.slug)).all()
    result: dict[str, list[CommodityForm]] = {}
    for row in rows:
        result.setdefault(row.mineral_slug, []).append(row)
    return result


def critical_entries(
    session: Session, slug: str
) -> Sequence[tuple[CriticalListMembership, CriticalList]]:
    if (snapshot := snapshot_of(session)) is not None:
        entries = snapshot.memberships.get(slug, [])
        return [(e, snapshot.critical_lists[e.list_slug]) for e in entries]
    query = (
        select(CriticalListMembership, CriticalList)
        .join(CriticalList, col(CriticalList.slug) == CriticalListMembership.list_slug)
        .where(CriticalListMembership.mineral_slug == slug)
        .order_by(CriticalList.slug)
    )
    return session.exec(query).all()
