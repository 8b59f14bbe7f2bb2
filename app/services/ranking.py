"""Shares of the world total and ranks among countries, for one table of figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from weakref import WeakKeyDictionary

from app.repositories.reference_snapshot import LatestTable


class Figure(Protocol):
    label: str
    row_kind: str
    value: float | None


@dataclass(frozen=True)
class Standing:
    rank: int | None
    share: float | None


def world_value(figures: Iterable[Figure]) -> float | None:
    return next((f.value for f in figures if f.row_kind == "world"), None)


def standings(figures: list[Figure]) -> dict[str, Standing]:
    """Rank (1 = largest, ties share a rank) and share of world for every country row.

    Countries whose figure is not a positive number (W, NA, zero) get no rank.
    """
    world = world_value(figures)
    countries = [f for f in figures if f.row_kind == "country"]
    ranked = sorted(
        (f for f in countries if f.value is not None and f.value > 0),
        key=lambda f: -(f.value or 0),
    )
    ranks: dict[str, int] = {}
    previous: float | None = None
    for position, figure in enumerate(ranked, start=1):
        if figure.value != previous:
            rank = position
            previous = figure.value
        ranks[figure.label] = rank
    result = {}
    for figure in countries:
        share = None
        if world and figure.value is not None:
            share = round(figure.value / world, 6)
        result[figure.label] = Standing(rank=ranks.get(figure.label), share=share)
    return result


# Standings of a table, kept as long as the table is: the read path's snapshot holds its
# tables for a whole reference version, so a table is ranked once per version, not per read.
_STANDINGS: WeakKeyDictionary[LatestTable, dict[str, Standing]] = WeakKeyDictionary()


def table_standings(table: LatestTable) -> dict[str, Standing]:
    found = _STANDINGS.get(table)
    if found is None:
        found = _STANDINGS[table] = standings([figure for figure, _ in table.rows])
    return found
