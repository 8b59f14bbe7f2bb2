"""Benchmark of the HTTP read path (not a test).

Measures requests/s and p50/p99 latency of five cached read endpoints of the API
(country profile, producers of a mineral, countries list, supply concentration of a
mineral, an importer's exposure to a mineral) against two references:

* a bare FastAPI endpoint (bench/bare_app.py) returning a constant dict that FastAPI
  serialises per request, whose body is the real countries-list body (same size);
* Datasette (an optional bench dependency, `pip install -e '.[bench]'`) serving an
  equivalent SQLite copy of the `country` table in immutable mode (`-i`), asked for 50
  rows as objects without facet suggestions (`_nosuggest=1`).

Load generator: wrk (Debian package `wrk`), run as a separate process against
127.0.0.1 for a fixed time per target (default 10 s, 2 threads, 32 connections); a small
Lua `done()` hook prints the summary as JSON. Every server runs under uvicorn with one
worker (Datasette runs its own uvicorn, one process). Targets are loaded one after another,
never concurrently; wrk and the server under load share this machine's CPUs.

The API runs on a fresh, migrated and seeded SQLite database in a temp dir, or on the
database given by --database-url (e.g. postgresql+psycopg://user@127.0.0.1/orewatch,
which is migrated and seeded too: seed is idempotent).

Targets: every API endpoint >= 0.50x the bare endpoint's requests/s, >= 10x Datasette's,
p99 < 50 ms, no errors. Results are printed as a table and written to
bench/results/read-<timestamp>.json.

    python bench/read.py [--duration 10] [--connections 32] [--threads 2]
                         [--database-url URL] [--only countries-list,bare,...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "bench"
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"
READY_TIMEOUT_S = 60.0
DATASETTE_DB_NAME = "countries"
WRK_MARKER = "WRKJSON "

MIN_RATIO_TO_BARE = 0.50
MIN_RATIO_TO_DATASETTE = 10.0
MAX_P99_MS = 50.0

BARE = "bare"
DATASETTE = "datasette"
API = "api"

WRK_SCRIPT = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{WRK_MARKER}{{"requests":%d,"duration_us":%d,"bytes":%d,'
    .. '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"max_us":%.1f,"mean_us":%.1f,'
    .. '"errors":{{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}}}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# Wide enough for the whole table when the output is piped to a file.
console = Console(width=None if sys.stdout.isatty() else 150)


@dataclass(frozen=True, slots=True)
class Target:
    """One URL to load; `server` names the process that answers it."""

    name: str
    server: str
    path: str


TARGETS = (
    Target("country-profile", API, "/v1/countries/US/profile"),
    Target("mineral-producers", API, "/v1/minerals/rare-earths/producers"),
    Target("countries-list", API, "/v1/countries?limit=50"),
    Target("mineral-supply", API, "/v1/minerals/gallium/supply"),
    Target("exposure", API, "/v1/exposure?importer=US&mineral=gallium"),
    Target(BARE, BARE, "/bare"),
    # _nosuggest=1 skips facet suggestions, which the API does not compute either (and which
    # halve Datasette's throughput); the row count is kept, as the API returns `total`.
    Target(
        DATASETTE,
        DATASETTE,
        f"/{DATASETTE_DB_NAME}/country.json?_size=50&_shape=objects&_nosuggest=1",
    ),
)
# References first, so a failing API run still leaves the baselines on record.
RUN_ORDER = (
    BARE,
    DATASETTE,
    "country-profile",
    "mineral-producers",
    "countries-list",
    "mineral-supply",
    "exposure",
)


@dataclass(slots=True)
class Result:
    target: str
    url: str
    body_bytes: int
    requests: int
    duration_s: float
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    load_1m_before: float
    ratio_to_bare: float | None = None
    ratio_to_datasette: float | None = None
    verdict: str = "baseline"
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Config:
    duration_s: int
    connections: int
    threads: int
    database_url: str | None
    only: tuple[str, ...]


# --- command line ------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> Config:
    names = [target.name for target in TARGETS]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--database-url",
        default=None,
        help="database of the API (default: a fresh SQLite file in a temp dir)",
    )
    parser.add_argument(
        "--only",
        default=",".join(names),
        help=f"comma-separated targets to load, among {', '.join(names)}",
    )
    args = parser.parse_args(argv)
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = sorted(set(only) - set(names))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose among {', '.join(names)}")
    if args.duration < 1 or args.connections < 1 or args.threads < 1:
        parser.error("--duration, --connections and --threads must be positive")
    if args.threads > args.connections:
        parser.error("--threads cannot exceed --connections (wrk needs a connection per thread)")
    return Config(args.duration, args.connections, args.threads, args.database_url, only)


# --- processes ---------------------------------------------------------------------------


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


def require_datasette() -> None:
    venv_bin = str(Path(sys.executable).parent)
    if shutil.which("datasette", path=venv_bin) is None and shutil.which("datasette") is None:
        fail("Datasette is not installed; install the bench extra: pip install -e '.[bench]'")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def run_checked(args: Sequence[str], env: dict[str, str]) -> None:
    completed = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        fail(f"`{' '.join(args)}` exited {completed.returncode}:\n{completed.stderr.strip()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server, SIGKILL it if it has not exited within 10 s."""
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
    """Start a server in its own session (Ctrl-C reaches only us) and always stop it."""
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


# --- databases ---------------------------------------------------------------------------


def prepare_api_database(database_url: str, env: dict[str, str]) -> None:
    console.print(f"migrating and seeding {redact(database_url)}")
    run_checked([venv_tool("orewatch"), "migrate"], env)
    run_checked([venv_tool("orewatch"), "seed"], env)


def redact(database_url: str) -> str:
    """Hide a password in a URL before printing or recording it."""
    from sqlalchemy.engine import make_url

    return make_url(database_url).render_as_string(hide_password=True)


def copy_country_table(database_url: str, sqlite_path: Path) -> int:
    """Copy `country` (same columns, indexes and rows) into a new SQLite file for Datasette."""
    from sqlalchemy import MetaData, Table, create_engine, select

    source = create_engine(database_url)
    target = create_engine(f"sqlite:///{sqlite_path}")
    try:
        metadata = MetaData()
        table = Table("country", metadata, autoload_with=source)
        with source.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(select(table))]
        metadata.create_all(target)
        with target.begin() as connection:
            connection.execute(table.insert(), rows)
        return len(rows)
    finally:
        source.dispose()
        target.dispose()


# --- load --------------------------------------------------------------------------------


def run_wrk(wrk: str, script: Path, url: str, config: Config) -> dict[str, Any]:
    args = [
        wrk,
        f"--threads={config.threads}",
        f"--connections={config.connections}",
        f"--duration={config.duration_s}s",
        "--timeout=2s",
        f"--script={script}",
        url,
    ]
    completed = subprocess.run(args, capture_output=True, text=True)
    for line in completed.stdout.splitlines():
        if line.startswith(WRK_MARKER):
            summary: dict[str, Any] = json.loads(line.removeprefix(WRK_MARKER))
            return summary
    output = f"{completed.stdout}\n{completed.stderr}".strip()
    fail(f"wrk gave no summary (exit {completed.returncode}):\n{output}")


def warm(url: str) -> int:
    """One request before the load; the API renders and caches the body on it."""
    status, body = http_get(url)
    if status != 200:
        fail(f"GET {url} answered {status}: {body[:300]!r}")
    return len(body)


def measure(wrk: str, script: Path, target: Target, base_url: str, config: Config) -> Result:
    url = base_url + target.path
    body_bytes = warm(url)
    # Other processes on the machine skew the figures; the load average tells afterwards.
    load_1m = os.getloadavg()[0]
    console.print(f"loading {target.name:<18} {url} (load average {load_1m:.2f})")
    summary = run_wrk(wrk, script, url, config)
    duration_s = summary["duration_us"] / 1e6
    return Result(
        target=target.name,
        url=url,
        body_bytes=body_bytes,
        requests=summary["requests"],
        duration_s=round(duration_s, 3),
        requests_per_s=round(summary["requests"] / duration_s, 1),
        p50_ms=round(summary["p50_us"] / 1000, 2),
        p90_ms=round(summary["p90_us"] / 1000, 2),
        p99_ms=round(summary["p99_us"] / 1000, 2),
        max_ms=round(summary["max_us"] / 1000, 2),
        errors={key: int(value) for key, value in summary["errors"].items()},
        load_1m_before=round(load_1m, 2),
    )


def judge(results: list[Result]) -> None:
    """Fill in each API result's ratios to the references and its verdict."""
    by_name = {result.target: result for result in results}
    bare, datasette = by_name.get(BARE), by_name.get(DATASETTE)
    servers = {target.name: target.server for target in TARGETS}
    for result in results:
        if bare is not None:
            result.ratio_to_bare = round(result.requests_per_s / bare.requests_per_s, 3)
        if datasette is not None:
            result.ratio_to_datasette = round(result.requests_per_s / datasette.requests_per_s, 2)
        if servers[result.target] != API:
            continue
        result.failures = failures_of(result)
        result.verdict = "FAIL" if result.failures else "pass"


def failures_of(result: Result) -> list[str]:
    failures = []
    if result.ratio_to_bare is not None and result.ratio_to_bare < MIN_RATIO_TO_BARE:
        failures.append(f"{result.ratio_to_bare:.2f}x bare < {MIN_RATIO_TO_BARE:.2f}x")
    if result.ratio_to_datasette is not None and result.ratio_to_datasette < MIN_RATIO_TO_DATASETTE:
        failures.append(
            f"{result.ratio_to_datasette:.1f}x Datasette < {MIN_RATIO_TO_DATASETTE:.0f}x"
        )
    if result.p99_ms >= MAX_P99_MS:
        failures.append(f"p99 {result.p99_ms:.1f} ms >= {MAX_P99_MS:.0f} ms")
    if any(result.errors.values()):
        failures.append(f"errors {result.errors}")
    return failures


# --- report ------------------------------------------------------------------------------


def ratio_text(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}x"


def print_table(results: list[Result], config: Config) -> None:
    table = Table(
        title=f"read path: wrk {config.threads} threads, {config.connections} connections, "
        f"{config.duration_s} s per target, {os.cpu_count()} CPUs shared with wrk"
    )
    for header in ("target", "body B", "req/s", "p50 ms", "p99 ms", "vs bare", "vs Datasette"):
        table.add_column(header, justify="left" if header == "target" else "right")
    table.add_column("errors", justify="right")
    table.add_column("verdict")
    for result in results:
        style = {"pass": "green", "FAIL": "bold red"}.get(result.verdict, "dim")
        table.add_row(
            result.target,
            str(result.body_bytes),
            f"{result.requests_per_s:,.0f}",
            f"{result.p50_ms:.2f}",
            f"{result.p99_ms:.2f}",
            ratio_text(result.ratio_to_bare, 2),
            ratio_text(result.ratio_to_datasette, 1),
            str(sum(result.errors.values())),
            f"[{style}]{result.verdict}[/]",
        )
    console.print(table)
    for result in results:
        for failure in result.failures:
            console.print(f"  [red]{result.target}[/]: {failure}")
    console.print(
        f"targets: >= {MIN_RATIO_TO_BARE:.2f}x bare req/s, >= {MIN_RATIO_TO_DATASETTE:.0f}x "
        f"Datasette req/s, p99 < {MAX_P99_MS:.0f} ms, no errors"
    )


def write_json(results: list[Result], config: Config, database: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"read-{stamp}.json"
    document = {
        "benchmark": "read",
        "load_generator": "wrk",
        "started_at": stamp,
        "config": {
            "duration_s": config.duration_s,
            "connections": config.connections,
            "threads": config.threads,
            "database": database,
            "datasette_mode": "immutable (-i)",
            "uvicorn": "one worker, --log-level warning --no-access-log",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "targets": {
            "min_ratio_to_bare": MIN_RATIO_TO_BARE,
            "min_ratio_to_datasette": MIN_RATIO_TO_DATASETTE,
            "max_p99_ms": MAX_P99_MS,
        },
        "results": [asdict(result) for result in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


# --- orchestration -----------------------------------------------------------------------


def start_api(stack: ExitStack, env: dict[str, str], workdir: Path) -> str:
    port = free_port()
    log = workdir / "api.log"
    args = uvicorn_args("app.api.main:create_app", port, "--factory")
    process = stack.enter_context(server(args, env, log))
    base_url = f"http://{HOST}:{port}"
    wait_ready("api", process, base_url + "/readyz", log)
    return base_url


def start_bare(stack: ExitStack, api_url: str, env: dict[str, str], workdir: Path) -> str:
    body_path = workdir / "bare-body.json"
    status, body = http_get(api_url + "/v1/countries?limit=50")
    if status != 200:
        fail(f"could not fetch the countries list for the bare body: {status}")
    body_path.write_bytes(body)
    port = free_port()
    log = workdir / "bare.log"
    bare_env = {**env, "BENCH_BARE_BODY_PATH": str(body_path)}
    args = uvicorn_args("bare_app:app", port, "--app-dir", str(BENCH_DIR))
    process = stack.enter_context(server(args, bare_env, log))
    base_url = f"http://{HOST}:{port}"
    wait_ready("bare", process, base_url + "/bare", log)
    return base_url


def start_datasette(stack: ExitStack, database_url: str, env: dict[str, str], workdir: Path) -> str:
    datasette = venv_tool("datasette")
    sqlite_path = workdir / f"{DATASETTE_DB_NAME}.db"
    rows = copy_country_table(database_url, sqlite_path)
    console.print(f"copied {rows} country rows to {sqlite_path} for Datasette")
    port = free_port()
    log = workdir / "datasette.log"
    args = [datasette, "serve", "-i", str(sqlite_path), "-h", HOST, "-p", str(port)]
    process = stack.enter_context(server(args, env, log))
    base_url = f"http://{HOST}:{port}"
    wait_ready("datasette", process, base_url + "/-/versions.json", log)
    return base_url


def start_servers(stack: ExitStack, config: Config, workdir: Path) -> dict[str, str]:
    """Prepare the database and start each server a selected target needs; base URLs."""
    database_url = config.database_url or f"sqlite:///{workdir / 'orewatch.db'}"
    env = {
        **os.environ,
        "OREWATCH_DATABASE_URL": database_url,
        # Rate limiting stays on, so its cost is measured, but wrk's one address is not
        # throttled.
        "OREWATCH_RATE_LIMIT_ANONYMOUS_PER_S": "1000000",
        "OREWATCH_RATE_LIMIT_ANONYMOUS_BURST": "1000000",
    }
    prepare_api_database(database_url, env)
    needed = {target.server for target in TARGETS if target.name in config.only}
    # The API always runs: the bare endpoint's body is the API's countries list.
    urls = {API: start_api(stack, env, workdir)}
    if BARE in needed:
        urls[BARE] = start_bare(stack, urls[API], env, workdir)
    if DATASETTE in needed:
        urls[DATASETTE] = start_datasette(stack, database_url, env, workdir)
    return urls


def run(config: Config) -> list[Result]:
    wrk = require_wrk()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="orewatch-bench-")))
        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        urls = start_servers(stack, config, workdir)
        targets = {target.name: target for target in TARGETS}
        results = []
        for name in RUN_ORDER:
            if name in config.only:
                target = targets[name]
                results.append(measure(wrk, script, target, urls[target.server], config))
        return results


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so the finally blocks stop every server."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_args(argv)
    exit_on_sigterm()
    if DATASETTE in config.only:
        require_datasette()
    results = run(config)
    judge(results)
    print_table(results, config)
    database = redact(config.database_url) if config.database_url else "fresh SQLite (temp dir)"
    path = write_json(results, config, database)
    console.print(f"results written to {path.relative_to(REPO)}")
    return 1 if any(result.verdict == "FAIL" for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
