"""Checks every route's parameters share, before any route-specific validation."""

from __future__ import annotations

from fastapi import Request

from app.schemas.common import NUL_MESSAGE
from app.services.errors import InvalidParameterError


async def reject_nul_parameters(request: Request) -> None:
    """A 422 naming the query or path parameter that holds U+0000.

    PostgreSQL text cannot hold the NUL character: a filter such as `?outlet=%00` would
    otherwise reach the database and fail there. Checked once for every route, so a new
    filter cannot forget it.
    """
    for location, items in (
        ("query", request.query_params.multi_items()),
        ("path", request.path_params.items()),
    ):
        for name, value in items:
            if isinstance(value, str) and "\x00" in value:
                shown = name.replace("\x00", "\\u0000")[:100]
                raise InvalidParameterError(shown, f"{shown} {NUL_MESSAGE}.", location)
