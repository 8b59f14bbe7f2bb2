"""Real `orewatch` processes for tests: one-shot commands and a served API over loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
ORE = [sys.executable, "-m", "app.cli"]
READY_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def orewatch(env: Mapping[str, str], *args: str) -> str:
    """Run one `orewatch` command to completion; its stdout (the command must succeed)."""
    done = subprocess.run(
        [*ORE, *args], env=dict(env), cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


def run_orewatch(
    *args: str, database_url: str | None = None, cwd: Path = ROOT, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run one `orewatch` command as a user would (wide terminal), whatever its outcome."""
    extra = {"COLUMNS": "220", **env}
    if database_url is not None:
        extra["OREWATCH_DATABASE_URL"] = database_url
    return subprocess.run(
        [*ORE, *args],
        env=os.environ | extra,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def prepare_database(env: Mapping[str, str]) -> None:
    orewatch(env, "migrate")
    orewatch(env, "seed")


def create_key(env: Mapping[str, str], *scopes: str, name: str = "test") -> str:
    """A new API key's secret (the last line `keys create` prints)."""
    args = [arg for scope in scopes for arg in ("--scope", scope)]
    return orewatch(env, "keys", "create", *args, "--name", name).strip().splitlines()[-1]


def wait_ready(
    base: str, process: subprocess.Popen[Any], timeout_s: float = READY_TIMEOUT_S
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server at {base} was not ready within {timeout_s:.0f} s")


def stop_process(process: subprocess.Popen[Any], timeout_s: float = 15.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout_s`."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(
    env: Mapping[str, str],
    *serve_args: str,
    stderr: int | IO[Any] = subprocess.DEVNULL,
    stop_timeout_s: float = 20.0,
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`orewatch serve` on a free loopback port, ready; SIGTERM (then SIGKILL) at the end."""
    port = free_port()
    process = subprocess.Popen(
        [*ORE, "serve", "--port", str(port), *serve_args],
        env=dict(env),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base, process
    finally:
        stop_process(process, stop_timeout_s)
