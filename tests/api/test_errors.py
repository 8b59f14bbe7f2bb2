"""Every error is an RFC 9457 problem document; bad input never yields a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response

PROBLEM = "application/problem+json"


def _problem(response: Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["detail"]
    return body


def test_unknown_country_is_404_naming_it(client: TestClient) -> None:
    body = _problem(client.get("/v1/countries/XQ"), 404)
    assert "'XQ'" in body["detail"]
    _problem(client.get("/v1/countries/XQ/profile"), 404)


def test_unknown_mineral_is_404_naming_it(client: TestClient) -> None:
    body = _problem(client.get("/v1/minerals/unobtainium"), 404)
    assert "'unobtainium'" in body["detail"]
    _problem(client.get("/v1/minerals/unobtainium/producers"), 404)


def test_mineral_without_statistics_is_not_an_error(client: TestClient) -> None:
    # A known mineral without a production table is a 200 saying so (tests/api/
    # test_coverage.py), never the 404 of an unknown slug; a form it lacks is a 422.
    response = client.get("/v1/minerals/hafnium/producers")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["known"] is False
    assert "hafnium" in body["detail"]
    problem = _problem(client.get("/v1/minerals/hafnium/producers", params={"form": "mine"}), 422)
    assert problem["errors"][0]["name"] == "form"


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/v1/countries", {"limit": 0}, "limit"),
        ("/v1/countries", {"limit": 501}, "limit"),
        ("/v1/countries", {"limit": "ten"}, "limit"),
        ("/v1/countries", {"region": "Atlantis"}, "region"),
        ("/v1/countries", {"mineral": "unobtainium"}, "mineral"),
        ("/v1/countries", {"mineral": "bad slug!"}, "mineral"),
        ("/v1/countries", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/countries", {"cursor": "WzEsMiwzXQ"}, "cursor"),
        ("/v1/minerals", {"group": "metals"}, "group"),
        ("/v1/minerals", {"critical_list": "us-1999"}, "critical_list"),
        ("/v1/production", {"country": "USA"}, "country"),
        ("/v1/production", {"country": "XQ"}, "country"),
        ("/v1/production", {"year": 1492}, "year"),
        ("/v1/minerals/gallium/producers", {"year": 2019}, "year"),
        ("/v1/minerals/gallium/producers", {"form": "sponge"}, "form"),
        ("/v1/countries/U1", {}, "iso2"),
    ],
)
def test_bad_parameters_are_422_naming_them(
    client: TestClient, path: str, params: dict, name: str
) -> None:
    body = _problem(client.get(path, params=params), 422)
    assert name in {e["name"] for e in body["errors"]}


def test_errors_never_echo_large_inputs(client: TestClient) -> None:
    huge = "A" * 20_000
    for response in (
        client.get("/v1/countries", params={"region": huge}),
        client.get("/v1/countries", params={"cursor": huge}),
        client.get(f"/v1/minerals/{huge}"),
        client.get("/v1/" + "x" * 5000),
    ):
        assert response.status_code in (404, 422)
        assert len(response.content) < 2_000
        assert "A" * 100 not in response.text


def test_unknown_route_and_wrong_method_are_problems(client: TestClient) -> None:
    _problem(client.get("/v1/nothing-here"), 404)
    body = _problem(client.post("/v1/countries", json={}), 405)
    assert body["title"] == "Method Not Allowed"


def test_malformed_json_body_is_a_400_problem(client: TestClient) -> None:
    # Starlette/FastAPI parse JSON bodies themselves; the problem handler must still answer.
    from fastapi import Body

    app = client.app
    route_path = "/_test/echo"

    @app.post(route_path)  # type: ignore[attr-defined]
    def echo(payload: dict = Body(...)) -> dict:
        return payload

    response = client.post(
        route_path, content=b'{"broken": ', headers={"content-type": "application/json"}
    )
    body = _problem(response, 400)
    assert "JSON" in body["detail"]


def test_unexpected_errors_are_500_problems_without_internals(client: TestClient) -> None:
    app = client.app

    @app.get("/_test/boom")  # type: ignore[attr-defined]
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    body = _problem(client.get("/_test/boom"), 500)
    assert "secret" not in body["detail"]
