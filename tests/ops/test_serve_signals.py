"""`orewatch serve` as a real process: JSON logs with request ids, SIGTERM -> exit 0."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import httpx
import orjson

from tests.processes import serving


def test_serve_logs_json_and_stops_cleanly_on_sigterm(tmp_database: str) -> None:
    env = os.environ | {
        "OREWATCH_DATABASE_URL": tmp_database,
        "OREWATCH_LOG_FORMAT": "json",
        "OREWATCH_LOG_LEVEL": "info",
    }
    with serving(env, stderr=subprocess.PIPE) as (base, server):
        answered = httpx.get(f"{base}/v1/countries/UA", headers={"X-Request-ID": "sigterm-1"})
        assert answered.headers["x-request-id"] == "sigterm-1"
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=15)
        elapsed = time.monotonic() - started
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
