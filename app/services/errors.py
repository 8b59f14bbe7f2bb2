"""Domain errors raised by services; the API layer renders them as problem documents."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    title = "Bad Request"
    slug = "bad-request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(DomainError):
    status = 404
    title = "Not Found"
    slug = "not-found"


class InvalidParameterError(DomainError):
    """A syntactically valid parameter whose value names nothing (unknown filter value)."""

    status = 422
    title = "Unprocessable Content"
    slug = "invalid-parameter"

    def __init__(self, name: str, detail: str, location: str = "query") -> None:
        super().__init__(detail)
        self.name = name
        self.location = location
