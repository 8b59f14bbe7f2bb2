"""Expected concentration values, computed independently from the seeded figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.models import ProductionFigure, ReserveFigure


@dataclass(frozen=True)
class Expected:
    world: float
    shares: dict[str, float]

    @property
    def hhi(self) -> float:
        return sum((100 * s) ** 2 for s in self.shares.values())

    @property
    def covered(self) -> float:
        return sum(self.shares.values())

    def top(self, n: int) -> float:
        return sum(sorted(self.shares.values(), reverse=True)[:n])


def _number(text: str) -> float | None:
    text = text.strip().lstrip(">").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def expected(
    session: Session,
    model: type[ProductionFigure] | type[ReserveFigure],
    mineral: str,
    form: str,
    year: int | None = None,
) -> Expected:
    rows = session.exec(
        select(model).where(model.mineral_slug == mineral, model.form_slug == form)
    ).all()
    year = year or max(r.year for r in rows)
    table = [r for r in rows if r.year == year]
    world = next(_number(r.value_text) for r in table if r.row_kind == "world")
    assert world
    shares = {}
    for row in table:
        number = _number(row.value_text)
        if row.row_kind == "country" and row.country_iso2 and number and number > 0:
            shares[row.country_iso2] = number / world
    return Expected(world=world, shares=shares)
