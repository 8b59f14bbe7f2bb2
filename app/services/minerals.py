"""Mineral listing and detail."""

from __future__ import annotations

from sqlmodel import Session

from app.repositories import reference as refs
from app.schemas.reference import CommodityFormItem, CriticalListEntry, MineralDetail, MineralPage
from app.services.converters import mineral_summary
from app.services.errors import InvalidParameterError
from app.services.lookups import require_mineral
from app.services.pagination import decode_cursor, next_cursor


def _check_choice(name: str, value: str | None, known: list[str]) -> str | None:
    if value is None:
        return None
    normalised = value.strip().lower()
    if normalised not in known:
        raise InvalidParameterError(
            name, f"Unknown {name.replace('_', ' ')} {value!r}; known values: {', '.join(known)}."
        )
    return normalised


def list_minerals(
    session: Session,
    *,
    group: str | None,
    critical_list: str | None,
    cursor: str | None,
    limit: int,
) -> MineralPage:
    group = _check_choice("group", group, refs.group_slugs(session))
    critical_list = _check_choice("critical_list", critical_list, refs.critical_list_slugs(session))
    after = decode_cursor(cursor, 1)
    rows = refs.list_minerals(
        session,
        group=group,
        critical_list=critical_list,
        after=str(after[0]) if after else None,
        limit=limit + 1,
    )
    return MineralPage(
        items=[mineral_summary(m) for m in rows[:limit]],
        next_cursor=next_cursor(list(rows), limit, lambda m: (m.slug,)),
        total=refs.count_minerals(session, group=group, critical_list=critical_list),
    )


def get_mineral(session: Session, slug: str) -> MineralDetail:
    mineral = require_mineral(session, slug)
    return MineralDetail(
        **mineral_summary(mineral).model_dump(),
        uses=list(mineral.uses),
        aliases=refs.mineral_aliases(session, mineral.slug),
        members=refs.group_members(session, mineral.slug),
        forms=[
            CommodityFormItem(slug=f.slug, name=f.name, stage=f.stage, is_default=f.is_default)
            for f in refs.forms_of(session, mineral.slug)
        ],
        critical_lists=[
            CriticalListEntry(slug=lst.slug, name=lst.name, entry=membership.entry)
            for membership, lst in refs.critical_entries(session, mineral.slug)
        ],
    )
