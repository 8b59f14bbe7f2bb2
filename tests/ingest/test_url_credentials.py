"""Credentials in URLs are refused where they come in, so no reader can ever see them.

Over real HTTP on 127.0.0.1 against the test database: each way a URL enters (an article's
`url` or `source_url`, a source's `feed_url`) answers 422 naming the field, and every
public surface read back afterwards (articles, jobs, sources, citations) holds no secret.
"""

from __future__ import annotations

import httpx
import pytest

from app.schemas.articles import ArticleCreate
from app.services.article_identity import canonical_url
from app.url_credentials import has_userinfo, without_userinfo
from tests.ingest.conftest import bearer

SECRET = "s3cret-pw"
CREDENTIALED = [
    f"https://user:{SECRET}@example.com/news/gallium",
    f"https://{SECRET}@example.com/news/gallium",  # a token as the user name
    f"http://user:{SECRET}@example.com:8080/news?x=1",
    f"https://user:{SECRET}@example.com",
    f"https://example.com\\@{SECRET}.example/",  # host example.com for WHATWG, not urllib
]


def _submissions(url: str) -> list[tuple[str, str, dict[str, str]]]:
    """(field, path, body): each way a URL enters."""
    return [
        ("url", "/v1/articles", {"url": url}),
        ("source_url", "/v1/articles", {"text": "China mines gallium.", "source_url": url}),
        ("feed_url", "/v1/sources", {"feed_url": url}),
    ]


def _field_names(response: httpx.Response) -> set[str]:
    return {error["name"] for error in response.json().get("errors", [])}


@pytest.mark.parametrize("url", CREDENTIALED)
def test_credentials_are_refused_in_every_url_field(
    api: httpx.Client, live_keys: dict[str, str], url: str
) -> None:
    auth = bearer(live_keys["ingest"])
    for field, path, body in _submissions(url):
        response = api.post(path, json=body, headers=auth)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert _field_names(response) == {field}
        assert "credentials" in response.text
        assert SECRET not in response.text  # the error does not echo the value


def test_no_public_surface_shows_a_secret_after_the_attempts(
    api: httpx.Client, live_keys: dict[str, str]
) -> None:
    auth = bearer(live_keys["ingest"])
    for url in CREDENTIALED:
        api.post("/v1/articles", json={"url": url}, headers=auth)
        api.post("/v1/articles", json={"html": "<p>Gallium.</p>", "source_url": url}, headers=auth)
        api.post("/v1/sources", json={"feed_url": url}, headers=auth)
    # The same URLs without credentials are accepted, and stored as given.
    plain = api.post("/v1/articles", json={"url": "https://example.com/news/ok"}, headers=auth)
    assert plain.status_code == 202, plain.text
    article, job = plain.json()["article"], plain.json()["job"]
    assert (article["url"], article["source_url"]) == ("https://example.com/news/ok",) * 2
    assert job["payload"]["url"] == "https://example.com/news/ok"
    feed = api.post("/v1/sources", json={"feed_url": "https://example.com/feed"}, headers=auth)
    assert feed.status_code == 201, feed.text
    surfaces = [
        "/v1/articles",
        f"/v1/articles/{article['id']}",
        "/v1/jobs",
        f"/v1/jobs/{job['id']}",
        "/v1/sources",
        f"/v1/sources/{feed.json()['id']}",
        "/v1/citations",
        "/v1/articles?format=ndjson",
    ]
    for path in surfaces:
        response = api.get(path)
        assert response.status_code == 200, (path, response.text)
        assert SECRET not in response.text, path
        assert "@example.com" not in response.text, path


def test_feed_entries_with_credentialed_links_keep_their_content_only() -> None:
    """Feed entries go through the same request model: an entry whose link carries
    credentials cannot name it as source_url (the poller then keeps the content alone)."""
    with pytest.raises(ValueError, match="credentials"):
        ArticleCreate(html="<p>Gallium.</p>", source_url=CREDENTIALED[0])
    assert ArticleCreate(html="<p>Gallium.</p>").source_url is None


@pytest.mark.parametrize("url", CREDENTIALED)
def test_the_service_layer_refuses_them_too(url: str) -> None:
    assert has_userinfo(url)
    with pytest.raises(ValueError, match="credentials"):
        canonical_url(url)
    stripped = without_userinfo(url)
    assert not has_userinfo(stripped)
    assert "user" not in stripped
    assert stripped.startswith(("https://example.com", "http://example.com", "https://s3cret"))


def test_at_signs_outside_the_authority_are_not_credentials() -> None:
    for url in ("https://example.com/@user/post", "https://example.com/?to=a@b.example"):
        assert not has_userinfo(url)
        assert canonical_url(url).startswith("https://example.com/")


def test_a_url_whose_canonical_form_is_too_long_is_a_422(
    api: httpx.Client, live_keys: dict[str, str]
) -> None:
    """Percent-encoding and the path's "/" can make the stored form longer than the URL as
    given: refused naming the field, never a database error (PostgreSQL varchar(2048))."""
    auth = bearer(live_keys["ingest"])
    long_query = "https://example.com/a?q=" + "\u00e9" * 1000  # each becomes %C3%A9
    bare_host = "https://" + "a" * 2040  # the path "/" is added
    for url in (long_query, bare_host):
        assert len(url) <= 2048
        for field, path, body in _submissions(url):
            response = api.post(path, json=body, headers=auth)
            assert response.status_code == 422, (field, response.text)
            assert _field_names(response) == {field}
            assert "canonical form" in response.text
