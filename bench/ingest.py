"""Benchmark of ingestion and the job queue (not a test).

1. accept: articles/s accepted by POST /v1/articles (202, each body unique) at 16
   concurrent clients: wrk (2 threads, 16 connections, a Lua script that makes every body
   unique) against `orewatch serve --no-worker` (one uvicorn process), for --duration s.
2. drain: jobs/s drained by 1 and by 2 `orewatch worker` processes (each with --threads
   threads) running the built-in no-op handler: the workers are started and idle, then
   --jobs jobs are committed at once, and the clock runs until the last one succeeded.

Each engine gets a fresh database: a SQLite file in a temp dir, and (with --postgres URL,
e.g. postgresql+psycopg://postgres@127.0.0.1:5432/orewatch_dev) a new PostgreSQL database
next to the one named, dropped afterwards. Targets on PostgreSQL: >= 300 articles/s
accepted, >= 500 jobs/s drained by 2 workers.

    python bench/ingest.py [--postgres URL] [--duration 10] [--jobs 5000] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.db import create_db_engine, make_session_factory, transaction  # noqa: E402
from app.models import Job  # noqa: E402
from app.services.keys import create_key  # noqa: E402
from app.services.migrations import upgrade_to_head  # noqa: E402
from app.settings import Settings  # noqa: E402

ORE = [sys.executable, "-m", "app.cli"]
LUA = """
local counter = 0
local tid = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) tid = wrk.thread:get("tid") or math.random(1, 1000000) end
request = function()
  counter = counter + 1
  local body = '{"text":"Bench article ' .. RUN .. ' ' .. tid .. ' ' .. counter ..
    '. China produces most of the world\\'s gallium and germanium; export controls ' ..
    'tightened in 2024.","outlet":"Bench"}'
  return wrk.format("POST", "/v1/articles", HEADERS, body)
end
done = function(summary, latency, requests)
  local codes = 0
  io.write(string.format('{"requests":%d,"duration_us":%d,"non2xx":%d,"errors":%d,' ..
    '"p50_ms":%.2f,"p99_ms":%.2f}\\n', summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database(kind: str, base: str | None) -> Iterator[str]:
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="ow-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.db'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    assert base is not None
    url = make_url(base)
    name = f"{url.database}_bench_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare(url: str) -> str:
    upgrade_to_head(url)
    engine = create_db_engine(Settings(database_url=url))
    with transaction(make_session_factory(engine)) as session:
        _key, secret = create_key(session, "bench", ["ingest"])
    engine.dispose()
    return secret


def env_for(url: str, **extra: str) -> dict[str, str]:
    return os.environ | {
        "OREWATCH_DATABASE_URL": url,
        "OREWATCH_LOG_LEVEL": "warning",
        "OREWATCH_RATE_LIMIT_ENABLED": "false",  # one key at hundreds of requests/s
        **extra,
    }


def wait_ready(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not become ready")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its children (uvicorn's worker processes)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def bench_accept(url: str, secret: str, duration: int, processes: int = 1) -> dict[str, Any]:
    """POST load against uvicorn serving the app in `processes` processes (no job worker)."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.api.main:create_app",
            "--factory",
            "--port",
            str(port),
            "--workers",
            str(processes),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=REPO,
        env=env_for(url, OREWATCH_WORKER_CONCURRENCY="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            headers = f'{{["Content-Type"]="application/json",["Authorization"]="Bearer {secret}"}}'
            script.write(f'RUN = "{uuid.uuid4().hex[:8]}"\nHEADERS = {headers}\n{LUA}')
        cpu_before = cpu_seconds(server.pid)
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        cpu = cpu_seconds(server.pid) - cpu_before
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(15)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["per_s"] = result["requests"] / (result["duration_us"] / 1e6)
    result["server_cpu_ms_per_request"] = cpu * 1000 / max(1, result["requests"])
    result["processes"] = processes
    return result


def bench_drain(url: str, workers: int, threads: int, jobs: int) -> dict[str, Any]:
    engine = create_db_engine(Settings(database_url=url))
    factory = make_session_factory(engine)
    procs = []
    with transaction(factory) as session:  # no enrichment jobs left over from the POST run
        session.execute(Job.__table__.delete())  # type: ignore[attr-defined]
    try:
        for _ in range(workers):
            proc = subprocess.Popen(
                [*ORE, "worker", "--concurrency", str(threads)],
                cwd=REPO,
                env=env_for(url, OREWATCH_WORKER_POLL_INTERVAL_S="0.2"),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert proc.stdout is not None
            proc.stdout.readline()  # ready
            procs.append(proc)
        with transaction(factory) as session:
            for _ in range(jobs):
                session.add(_noop_job())
            session.flush()  # committing wakes the workers (NOTIFY trigger on PostgreSQL)
        started = time.monotonic()
        while True:
            with factory() as session:
                left = session.execute(
                    select(func.count()).select_from(Job).where(Job.state != "succeeded")
                ).scalar_one()
            if left == 0:
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        with transaction(factory) as session:
            session.execute(Job.__table__.delete())  # type: ignore[attr-defined]
        engine.dispose()
    return {"jobs": jobs, "seconds": elapsed, "per_s": jobs / elapsed}


def _noop_job() -> Job:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return Job(kind="noop", payload={}, run_at=now, created_at=now, updated_at=now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="PostgreSQL URL (a new database is made next to it)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of POST load")
    parser.add_argument("--jobs", type=int, default=5000, help="jobs per drain run")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker process")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    engines = ["sqlite"] + (["postgresql"] if args.postgres else [])
    results: dict[str, Any] = {}
    for kind in engines:
        with database(kind, args.postgres) as url:
            secret = prepare(url)
            accept = bench_accept(url, secret, args.duration)
            accept2 = bench_accept(url, secret, args.duration, processes=2)
            drain1 = bench_drain(url, 1, args.threads, args.jobs)
            drain2 = bench_drain(url, 2, args.threads, args.jobs)
        results[kind] = {
            "accept_1_process": accept,
            "accept_2_processes": accept2,
            "drain_1_worker": drain1,
            "drain_2_workers": drain2,
        }
        for run in (accept, accept2):
            print(
                f"{kind:10s} accepted {run['per_s']:5.0f} articles/s with "
                f"{run['processes']} API process(es) (p50 {run['p50_ms']:.1f} ms, "
                f"p99 {run['p99_ms']:.1f} ms, server CPU "
                f"{run['server_cpu_ms_per_request']:.2f} ms/request, "
                f"non-2xx {run['non2xx']}, errors {run['errors']})",
                flush=True,
            )
        print(
            f"{kind:10s} drained {drain1['per_s']:5.0f} jobs/s (1 worker), "
            f"{drain2['per_s']:5.0f} jobs/s (2 workers, {args.threads} threads each)",
            flush=True,
        )
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"ingest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(results, indent=2))
    print(f"results: {target}")


if __name__ == "__main__":
    main()
