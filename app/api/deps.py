"""Annotated dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from app.api.reads import ReadResponder
from app.schemas.common import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT


async def get_reads(request: Request) -> ReadResponder:
    reads: ReadResponder = request.app.state.reads
    return reads


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the route's service owns its transaction."""
    with request.app.state.session_factory() as session:
        yield session


ReadsDep = Annotated[ReadResponder, Depends(get_reads)]
SessionDep = Annotated[Session, Depends(get_session)]

Iso2Path = Annotated[
    str,
    Path(
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 country code (case-insensitive).",
        examples=["UA"],
    ),
]
SlugPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Mineral slug, as listed by GET /v1/minerals.",
        examples=["rare-earths"],
    ),
]
CursorQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Opaque cursor from a previous page's next_cursor.",
        examples=["WyJVQSJd"],
    ),
]
LimitQuery = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_PAGE_LIMIT,
        description=f"Items per page (at most {MAX_PAGE_LIMIT}).",
        examples=[DEFAULT_PAGE_LIMIT],
    ),
]
CountryQuery = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 country code.",
        examples=["CN"],
    ),
]
MineralQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Mineral slug.",
        examples=["gallium"],
    ),
]
YearQuery = Annotated[
    int | None, Query(ge=1900, le=2100, description="Calendar year.", examples=[2024])
]
FormQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Commodity form slug (mine, primary, sponge, ilmenite, rutile); "
        "default: the mineral's default form.",
        examples=["mine"],
    ),
]
