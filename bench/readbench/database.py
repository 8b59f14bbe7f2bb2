"""A fresh database per engine: migrated, seeded, with an API key for the writers.

SQLite: a new file in the run's temp dir. PostgreSQL: the database named in
--database-url is dropped and created again (on 127.0.0.1 only), then left in place for
inspection after the run.
"""

from __future__ import annotations

from pathlib import Path

from readbench.processes import console, fail, redact, run_checked, venv_tool

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_loopback(database_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        fail(f"--database-url must be a PostgreSQL URL, not {url.drivername}")
    if url.host not in LOOPBACK or not url.database:
        fail(f"--database-url must name a database on 127.0.0.1, not {redact(database_url)}")


def recreate_postgres(database_url: str) -> None:
    """DROP (with FORCE) and CREATE the database the URL names, through `postgres`."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    name = url.database
    assert name is not None
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def prepare(engine: str, database_url: str | None, workdir: Path) -> str:
    """A fresh, migrated and seeded database of `engine`; its URL."""
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'orewatch.db'}"
    else:
        assert database_url is not None
        recreate_postgres(database_url)
        url = database_url
    env = {"OREWATCH_DATABASE_URL": url}
    console.print(f"[bold]{engine}[/]: migrating and seeding {redact(url)}")
    run_checked([venv_tool("orewatch"), "migrate"], with_env(env))
    run_checked([venv_tool("orewatch"), "seed"], with_env(env))
    return url


def ingest_key(database_url: str, path: Path) -> str:
    """A new API key with scope `ingest`, also saved to `path` for the writer process."""
    out = run_checked(
        [venv_tool("orewatch"), "keys", "create", "--scope", "ingest", "--name", "read-bench"],
        with_env({"OREWATCH_DATABASE_URL": database_url}),
    )
    secret = out.strip().splitlines()[-1].strip()
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(0o600)
    return secret


def with_env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}
