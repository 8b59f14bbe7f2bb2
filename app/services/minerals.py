"""Mineral listing and detail."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Mineral
from app.repositories import reference as refs
from app.schemas.reference import CriticalListEntry, MineralDetail, MineralListItem, MineralPage
from app.services.converters import mineral_summary
from app.services.coverage import Coverage, coverage_of
from app.services.lookups import check_choice, require_mineral
from app.services.pagination import decode_cursor, next_cursor


def _list_item(mineral: Mineral, coverage: Coverage) -> MineralListItem:
    return MineralListItem(
        **mineral_summary(mineral).model_dump(),
        has_statistics=coverage.has_statistics,
        available_years=coverage.available_years,
        forms=coverage.forms,
        statistics_note=coverage.statistics_note,
    )


def list_minerals(
    session: Session,
    *,
    group: str | None,
    critical_list: str | None,
    has_statistics: bool | None = None,
    cursor: str | None,
    limit: int,
) -> MineralPage:
    group = check_choice("group", group, refs.group_slugs(session))
    critical_list = check_choice("critical_list", critical_list, refs.critical_list_slugs(session))
    after = decode_cursor(cursor, 1)
    rows = refs.list_minerals(
        session,
        group=group,
        critical_list=critical_list,
        has_statistics=has_statistics,
        after=str(after[0]) if after else None,
        limit=limit + 1,
    )
    page = list(rows[:limit])
    coverage = coverage_of(session, page)
    return MineralPage(
        items=[_list_item(m, coverage[m.slug]) for m in page],
        next_cursor=next_cursor(list(rows), limit, lambda m: (m.slug,)),
        total=refs.count_minerals(
            session, group=group, critical_list=critical_list, has_statistics=has_statistics
        ),
    )


def get_mineral(session: Session, slug: str) -> MineralDetail:
    mineral = require_mineral(session, slug)
    item = _list_item(mineral, coverage_of(session, [mineral])[mineral.slug])
    return MineralDetail(
        **item.model_dump(),
        uses=list(mineral.uses),
        aliases=refs.mineral_aliases(session, mineral.slug),
        members=refs.group_members(session, mineral.slug),
        critical_lists=[
            CriticalListEntry(slug=lst.slug, name=lst.name, entry=membership.entry)
            for membership, lst in refs.critical_entries(session, mineral.slug)
        ],
    )
