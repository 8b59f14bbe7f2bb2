"""Read responses carry ETags, answer 304, and follow writes through the data version."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.models import Country


def test_etag_and_if_none_match(client: TestClient) -> None:
    first = client.get("/v1/countries/DE")
    etag = first.headers["etag"]
    assert first.headers["cache-control"]
    again = client.get("/v1/countries/DE", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/v1/countries/DE", headers={"If-None-Match": '"0-deadbeef"'})
    assert other.status_code == 200


def test_a_write_that_bumps_the_version_is_seen(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    before = client.get("/v1/countries/DE").json()
    with session_factory() as session, session.begin():
        country = session.get(Country, "DE")
        assert country is not None
        country.name = "Deutschland"
    after = client.get("/v1/countries/DE").json()
    assert before["name"] == "Germany"
    assert after["name"] == "Deutschland"
