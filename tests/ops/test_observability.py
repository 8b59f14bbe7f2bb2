"""Security headers, request ids, structured logs and Prometheus metrics."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.jobs import queue
from app.jobs.worker import Worker, WorkerConfig
from app.logging_config import JsonFormatter, RequestIdFilter, log_config
from app.services.keys import create_key

SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    app = make_app()

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/v1/boom", boom, methods=["GET"])
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the app logs, as JSON lines, through the production filter and formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger("orewatch")
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/v1/countries/UA", 200), ("/v1/countries/XQ", 404), ("/nowhere", 404), ("/v1/boom", 500)],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    for name, value in SECURITY.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_cached_and_conditional_reads_carry_them_too(client: TestClient) -> None:
    etag = client.get("/v1/countries/FR").headers["etag"]
    cached = client.get("/v1/countries/FR")
    not_modified = client.get("/v1/countries/FR", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    for response in (cached, not_modified):
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-request-id"]
    # Headers are added per response, never accumulated in the cached entry.
    assert client.get("/v1/countries/FR").headers.get_list("x-frame-options") == ["DENY"]


def test_the_docs_page_gets_a_policy_that_lets_it_run(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'none'" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_request_ids_are_echoed_when_sane_and_generated_otherwise(client: TestClient) -> None:
    sane = "req-2025.11:abc_DEF/1"
    assert client.get("/healthz", headers={"X-Request-ID": sane}).headers["x-request-id"] == sane
    for insane in ("x" * 200, "two words", "<script>", "-leading-dash"):
        answered = client.get("/healthz", headers={"X-Request-ID": insane})
        assert re.fullmatch(r"[0-9a-f]{32}", answered.headers["x-request-id"])
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5


def test_access_lines_are_json_with_the_request_id(
    client: TestClient, log_lines: io.StringIO
) -> None:
    client.get("/v1/countries/UA?x=1", headers={"X-Request-ID": "trace-42"})
    client.get("/v1/boom", headers={"X-Request-ID": "trace-500"})
    records = _records(log_lines)
    access = [r for r in records if r["logger"] == "orewatch.access"]
    first = next(r for r in access if r["request_id"] == "trace-42")
    assert first["method"] == "GET"
    assert first["path"] == "/v1/countries/UA"
    assert first["status"] == 200
    assert isinstance(first["duration_ms"], float)
    assert first["level"] == "info"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", str(first["time"]))
    failed = next(r for r in access if r["request_id"] == "trace-500")
    assert failed["status"] == 500
    # The error logged while handling that request carries its id as well.
    errors = [r for r in records if r["level"] == "error"]
    assert errors
    assert all(r["request_id"] == "trace-500" for r in errors)


def test_log_config_formats_text_and_json_alike() -> None:
    for fmt in ("text", "json"):
        config = log_config(fmt, "debug")
        assert config["handlers"]["default"]["filters"] == ["request_id"]
        assert config["loggers"]["uvicorn.access"]["propagate"] is False
    assert config["formatters"]["default"]["()"] == "app.logging_config.JsonFormatter"


def _samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    return [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]


def test_latency_is_measured_by_route_template(client: TestClient) -> None:
    for iso2 in ("UA", "UA", "DE"):  # the second UA is a cached fast-path hit
        client.get(f"/v1/countries/{iso2}")
    client.get("/v1/countries/XQ")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    routes = {
        labels["route"]
        for name, labels, _ in samples
        if name == "orewatch_http_request_duration_seconds_count"
    }
    assert "/v1/countries/{iso2}" in routes
    assert not any("UA" in route or "DE" in route for route in routes)
    statuses = {
        labels["status"]
        for name, labels, _ in samples
        if name == "orewatch_http_request_duration_seconds_count"
        and labels["route"] == "/v1/countries/{iso2}"
    }
    assert {"2xx", "4xx"} <= statuses


def test_queue_depth_outcomes_and_enrichment_durations(
    client: TestClient, session: Session, session_factory: sessionmaker[Session]
) -> None:
    def value(name: str, **labels: str) -> float:
        text = client.get("/metrics").text
        return sum(
            v
            for n, sample_labels, v in _samples(text)
            if n == name and all(sample_labels.get(k) == want for k, want in labels.items())
        )

    queued_before = value("orewatch_job_queue_jobs", state="queued")
    succeeded_before = value("orewatch_job_outcomes_total", kind="noop", outcome="succeeded")
    enriched_before = value("orewatch_enrichment_duration_seconds_count", outcome="enriched")
    for _ in range(3):
        queue.enqueue(session, "noop")
    session.commit()
    assert value("orewatch_job_queue_jobs", state="queued") == queued_before + 3

    _key, secret = create_key(session, "metrics", ["ingest"])
    session.commit()
    created = client.post(
        "/v1/articles",
        json={"text": "Ukraine is a producer of titanium; gallium exports from China fell."},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert created.status_code == 202
    worker = Worker(session_factory, WorkerConfig(claim_batch=10))
    while worker.run_once():
        pass
    assert value("orewatch_job_queue_jobs", state="queued") == 0
    assert value("orewatch_job_outcomes_total", kind="noop", outcome="succeeded") == (
        succeeded_before + 3
    )
    assert value("orewatch_job_queue_jobs", state="succeeded") >= 4
    assert value("orewatch_enrichment_duration_seconds_count", outcome="enriched") == (
        enriched_before + 1
    )
