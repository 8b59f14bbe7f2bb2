"""Run the real API (with its embedded worker) on 127.0.0.1 in a thread, and worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(15)


def start_worker(database_url: str, name: str, **env: str) -> subprocess.Popen[str]:
    """`orewatch worker` as a real process that also knows the test job kinds."""
    environment = os.environ | {
        "OREWATCH_DATABASE_URL": database_url,
        "OREWATCH_JOB_HANDLER_MODULES": '["tests.jobs.handlers"]',
        "OREWATCH_TEST_WORKER_NAME": name,
        "OREWATCH_WORKER_POLL_INTERVAL_S": "0.2",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--concurrency", "2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # "worker ... ready"
    assert "ready" in line, process.stderr.read() if process.stderr else line
    return process
