"""`orewatch migrate`, `seed` and `serve` as real processes, answering over loopback HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
ORE = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_database: str) -> Iterator[str]:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    for command in (["migrate"], ["seed"]):
        subprocess.run([*ORE, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*ORE, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not become ready")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_served_api_answers_over_http(served: str) -> None:
    with httpx.Client(base_url=served, timeout=5) as http:
        assert http.get("/healthz").json() == {"status": "ok"}
        producers = http.get("/v1/minerals/rare-earths/producers").json()
        assert producers["producers"][0]["country"]["iso2"] == "CN"
        missing = http.get("/v1/countries/XQ")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        etag = http.get("/v1/countries/UA").headers["etag"]
        assert http.get("/v1/countries/UA", headers={"If-None-Match": etag}).status_code == 304


def test_seed_twice_reports_no_changes(tmp_database: str) -> None:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    subprocess.run([*ORE, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*ORE, "seed"], env=env, cwd=ROOT, check=True, capture_output=True)
    second = subprocess.run(
        [*ORE, "seed"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert all(" 0 inserted, 0 updated" in line for line in second.stdout.splitlines())
