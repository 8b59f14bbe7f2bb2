"""The processes a run starts: the API, the bare reference, Datasette and the writer.

Each runs under its own session and is stopped (SIGTERM, then SIGKILL after 10 s) when
the ExitStack it was entered on closes: at the end of its scenario or engine, on an error,
on Ctrl-C and on SIGTERM (read.py turns SIGTERM into SystemExit).
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from readbench.processes import (
    BENCH_DIR,
    HOST,
    console,
    free_port,
    server,
    uvicorn_args,
    venv_tool,
    wait_ready,
)

DATASETTE_DB_NAME = "countries"
DATASETTE_PATH = f"/{DATASETTE_DB_NAME}/country.json?_size=50&_shape=objects&_nosuggest=1"


def api_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "OREWATCH_DATABASE_URL": database_url,
        # Rate limiting stays on, so its cost is measured, but wrk's one address is not
        # throttled.
        "OREWATCH_RATE_LIMIT_ANONYMOUS_PER_S": "1000000",
        "OREWATCH_RATE_LIMIT_ANONYMOUS_BURST": "1000000",
        **extra,
    }


def start_api(stack: ExitStack, env: dict[str, str], workdir: Path, name: str) -> str:
    """The API as `orewatch serve` runs it (create_app, embedded worker per the settings)
    under uvicorn, one process; its base URL once /readyz answers 200."""
    port = free_port()
    log = workdir / f"{name}.log"
    args = uvicorn_args("app.api.main:create_app", port, "--factory")
    process = stack.enter_context(server(args, env, log))
    base_url = f"http://{HOST}:{port}"
    wait_ready(name, process, base_url + "/readyz", log)
    return base_url


def start_bare(stack: ExitStack, body: bytes, workdir: Path) -> str:
    """bench/bare_app.py answering `body` (the API's countries list: same size)."""
    body_path = workdir / "bare-body.json"
    body_path.write_bytes(body)
    port = free_port()
    log = workdir / "bare.log"
    env = {**os.environ, "BENCH_BARE_BODY_PATH": str(body_path)}
    args = uvicorn_args("bare_app:app", port, "--app-dir", str(BENCH_DIR))
    process = stack.enter_context(server(args, env, log))
    base_url = f"http://{HOST}:{port}"
    wait_ready("bare", process, base_url + "/bare", log)
    return base_url


def require_datasette() -> None:
    venv_bin = str(Path(sys.executable).parent)
    import shutil

    if shutil.which("datasette", path=venv_bin) is None and shutil.which("datasette") is None:
        from readbench.processes import fail

        fail("Datasette is not installed; install the bench extra: pip install -e '.[bench]'")


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


def start_datasette(stack: ExitStack, database_url: str, workdir: Path) -> str:
    """Datasette in immutable mode on a SQLite copy of the `country` table."""
    datasette = venv_tool("datasette")
    sqlite_path = workdir / f"{DATASETTE_DB_NAME}.db"
    rows = copy_country_table(database_url, sqlite_path)
    console.print(f"copied {rows} country rows to {sqlite_path} for Datasette")
    port = free_port()
    log = workdir / "datasette.log"
    args = [datasette, "serve", "-i", str(sqlite_path), "-h", HOST, "-p", str(port)]
    process = stack.enter_context(server(args, dict(os.environ), log))
    base_url = f"http://{HOST}:{port}"
    wait_ready("datasette", process, base_url + "/-/versions.json", log)
    return base_url


def start_writer(
    stack: ExitStack,
    base_url: str,
    key_path: Path,
    vocab_path: Path,
    rate: float,
    run: str,
    workdir: Path,
) -> tuple[subprocess.Popen[bytes], Path]:
    """The writer process (readbench.writer); its stats file is written when it stops."""
    stats = workdir / f"writer-{run}.json"
    args = [
        sys.executable,
        "-m",
        "readbench.writer",
        f"--base-url={base_url}",
        f"--key-file={key_path}",
        f"--vocab={vocab_path}",
        f"--rate={rate}",
        f"--run={run}",
        f"--stats={stats}",
    ]
    path = os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    process = stack.enter_context(server(args, env, workdir / f"writer-{run}.log"))
    return process, stats
