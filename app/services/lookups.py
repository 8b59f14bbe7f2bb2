"""Resolve identifiers from requests to rows, with errors that name what was unknown."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from app.models import CommodityForm, Country, Mineral
from app.repositories import reference as refs
from app.services.errors import InvalidParameterError, NotFoundError


def normalise_iso2(value: str) -> str:
    return value.strip().upper()


def require_country(session: Session, iso2: str) -> Country:
    country = refs.get_country(session, normalise_iso2(iso2))
    if country is None:
        raise NotFoundError(f"Unknown country {iso2!r}: not an ISO 3166-1 alpha-2 code.")
    return country


def require_mineral(session: Session, slug: str) -> Mineral:
    mineral = refs.get_mineral(session, slug.strip().lower())
    if mineral is None:
        raise NotFoundError(f"Unknown mineral {slug!r}; GET /v1/minerals lists the slugs.")
    return mineral


def country_filter(session: Session, iso2: str | None, name: str = "country") -> str | None:
    if iso2 is None:
        return None
    country = refs.get_country(session, normalise_iso2(iso2))
    if country is None:
        raise InvalidParameterError(name, f"Unknown country {iso2!r} in parameter {name!r}.")
    return country.iso2


def mineral_filter(session: Session, slug: str | None, name: str = "mineral") -> str | None:
    if slug is None:
        return None
    mineral = refs.get_mineral(session, slug.strip().lower())
    if mineral is None:
        raise InvalidParameterError(name, f"Unknown mineral {slug!r} in parameter {name!r}.")
    return mineral.slug


def choose_form(
    forms: list[CommodityForm], mineral: Mineral, requested: str | None
) -> CommodityForm:
    """The requested form of a mineral, or its default form (the mineral has forms)."""
    if requested is None:
        return next((f for f in forms if f.is_default), forms[0])
    for form in forms:
        if form.slug == requested.strip().lower():
            return form
    known = ", ".join(f.slug for f in forms) or "none (no statistics are held)"
    raise InvalidParameterError(
        "form", f"Mineral {mineral.slug!r} has no form {requested!r}; known forms: {known}."
    )


def check_choice(name: str, value: str | None, known: Iterable[str]) -> str | None:
    """`value` (case-insensitive) if it is one of `known`, else a 422 naming the parameter
    and every known value."""
    if value is None:
        return None
    allowed = [str(k) for k in known]
    normalised = value.strip().lower()
    if normalised not in allowed:
        raise InvalidParameterError(
            name, f"Unknown {name.replace('_', ' ')} {value!r}; known values: {', '.join(allowed)}."
        )
    return normalised
