"""Shapes shared by every endpoint: the problem document and page envelopes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

MAX_PAGE_LIMIT = 500
DEFAULT_PAGE_LIMIT = 50
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _iso_only(value: Any) -> Any:
    """Dates and times are ISO 8601 text, as the schema says: pydantic would otherwise take
    a number (or a numeric string) as a Unix timestamp."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("must be an ISO 8601 date or date-time, not a number")
    return value


def _within_calendar(value: datetime) -> datetime:
    """Offset date-times are stored and compared in UTC: 0001-01-01T00:00+01:00 (or
    9999-12-31T23:59-01:00) is a valid ISO 8601 text whose UTC instant has no datetime."""
    if value.utcoffset() is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ValueError("must lie between years 1 and 9999 once converted to UTC") from None
    return value


NUL_MESSAGE = "must not contain the NUL character (U+0000)"
# The same rule as a pattern, so OpenAPI (and the SDKs and fuzzers reading it) state it;
# the validators check it first, with NUL_MESSAGE.
NO_NUL_PATTERN = r"^[^\x00]*$"


def no_nul(value: str) -> str:
    """PostgreSQL text cannot hold U+0000, so no engine accepts it: the field is named
    in a 422 instead of the database refusing the whole statement."""
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


IsoDatetime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_within_calendar)]
IsoDate = Annotated[date, BeforeValidator(_iso_only)]


class ApiModel(BaseModel):
    """Base of every response schema: strict field names, no extras."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemFieldError(ApiModel):
    """One invalid part of a request."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "location": "query",
                    "name": "limit",
                    "message": "must be <= 500",
                    "type": "less_than_equal",
                }
            ]
        }
    )

    location: str = Field(description="Where the bad value was: path, query, header or body.")
    name: str = Field(description="Name (or dotted path) of the parameter or field.")
    message: str = Field(description="What is wrong with it.")
    type: str = Field(description="Machine-readable error type.")


class Problem(ApiModel):
    """An RFC 9457 problem document; every error response has this shape."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "https://orewatch.dev/problems/not-found",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "Unknown country 'XK'.",
                    "instance": "/v1/countries/XK",
                }
            ]
        }
    )

    type: str = Field(description="URI identifying the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="What went wrong with this request.")
    instance: str | None = Field(default=None, description="Path of the request.")
    errors: list[ProblemFieldError] | None = Field(
        default=None, description="Each invalid parameter or field, when there are any."
    )


ItemT = TypeVar("ItemT")


class Page(ApiModel, Generic[ItemT]):
    """The one list envelope: a page of items, the cursor of the next page and the total.

    Every list is a named subclass (CountryPage(Page[CountrySummary]), ...), so SDKs get one
    type per list and OpenAPI one schema name, all with the same three fields."""

    items: list[ItemT]
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page (pass it as `cursor`); null on the last."
    )
    total: int | None = Field(
        description="Number of items matching the filters, all pages together; null only "
        "where counting would cost more than the page itself (citations beyond 10,000)."
    )
