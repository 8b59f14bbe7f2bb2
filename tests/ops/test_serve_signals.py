"""`orewatch serve` as a real process: JSON logs with request ids, SIGTERM -> exit 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
ORE = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_logs_json_and_stops_cleanly_on_sigterm(tmp_database: str) -> None:
    env = os.environ | {
        "OREWATCH_DATABASE_URL": tmp_database,
        "OREWATCH_LOG_FORMAT": "json",
        "OREWATCH_LOG_LEVEL": "info",
    }
    port = _free_port()
    server = subprocess.Popen(
        [*ORE, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
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
        answered = httpx.get(f"{base}/v1/countries/UA", headers={"X-Request-ID": "sigterm-1"})
        assert answered.headers["x-request-id"] == "sigterm-1"
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=15)
        elapsed = time.monotonic() - started
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.stderr is not None
    stderr = server.stderr.read()
    assert code == 0, stderr[-2000:]
    assert elapsed < 8
    lines = [orjson.loads(line) for line in stderr.splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    access = [line for line in lines if line["request_id"] == "sigterm-1"]
    assert len(access) == 1
    assert access[0]["logger"] == "orewatch.access"
    assert access[0]["path"] == "/v1/countries/UA"
    assert access[0]["status"] == 404  # migrated by serve, not seeded
    assert any(line["logger"].startswith("uvicorn") for line in lines)
