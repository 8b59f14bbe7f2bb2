"""Servers in their own sessions, readiness checks, cleanup and small HTTP helpers."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from rich.console import Console

REPO = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = REPO / "bench"
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"
READY_TIMEOUT_S = 60.0

# Wide enough for the whole table when the output is piped to a file.
console = Console(width=None if sys.stdout.isatty() else 160)


def fail(message: str) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}")
    raise SystemExit(2)


def venv_tool(name: str) -> str:
    """An executable next to this interpreter (the venv's), else one on PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        fail(f"`{name}` not found next to {sys.executable} nor on PATH")
    return found


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        fail("wrk is not installed; install it with `apt-get update && apt-get install -y wrk`")
    return wrk


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def run_checked(args: Sequence[str], env: dict[str, str]) -> str:
    """Run a command to completion; its stdout, or fail with its stderr."""
    completed = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        fail(f"`{' '.join(args)}` exited {completed.returncode}:\n{completed.stderr.strip()}")
    return completed.stdout


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process, SIGKILL it if it has not exited within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server(
    args: Sequence[str], env: dict[str, str], log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process in its own session (Ctrl-C reaches only us) and always stop it."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str, timeout: float = 30.0) -> Any:
    """GET a JSON document that must answer 200."""
    status, body = http_get(url, timeout)
    if status != 200:
        fail(f"GET {url} answered {status}: {body[:300]!r}")
    return json.loads(body)


def wait_ready(name: str, process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"{name} exited {process.returncode}:\n{tail(log_path)}")
        try:
            status, _ = http_get(url, timeout=1.0)
        except OSError:
            status = 0
        if status == 200:
            return
        time.sleep(0.1)
    fail(f"{name} not ready at {url} after {READY_TIMEOUT_S:.0f} s:\n{tail(log_path)}")


def tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def uvicorn_args(app: str, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        *extra,
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def redact(database_url: str) -> str:
    """Hide a password in a URL before printing or recording it."""
    from sqlalchemy.engine import make_url

    return make_url(database_url).render_as_string(hide_password=True)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so the finally blocks stop every server."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
