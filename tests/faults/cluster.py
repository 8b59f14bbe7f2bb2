"""A throw-away PostgreSQL cluster the fault tests may stop, restart and break, and the
real processes (`orewatch serve`, `orewatch worker`) they run against it.

The machine's main cluster is shared with other suites and CI, so it is never touched:
`pg_createcluster` makes a cluster of the installed major version on a free port with its
data in a temporary folder, and `pg_dropcluster --stop` removes it afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.processes import ROOT, free_port, wait_ready

NAME_PREFIX = "orewatch_fault_"
PG_ETC = Path("/etc/postgresql")
PG_LIB = Path("/usr/lib/postgresql")
CTL_TIMEOUT_S = 60


def why_unavailable() -> str | None:
    """None when this machine can create clusters, else the reason it cannot."""
    for tool in ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (postgresql-common)"
    if installed_version() is None:
        return f"no PostgreSQL server under {PG_LIB}"
    if not os.access(PG_ETC, os.W_OK):
        return f"pg_createcluster needs write access to {PG_ETC} (run as root)"
    return None


def installed_version() -> str | None:
    """The highest major version whose server binary is installed."""
    versions = [path.parent.parent.name for path in PG_LIB.glob("*/bin/postgres") if path.is_file()]
    return max(versions, key=lambda v: float(v), default=None)


def _run(*command: str) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=CTL_TIMEOUT_S, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_orphans() -> None:
    """Drop fault clusters left behind by test runs that were killed (their pid is gone)."""
    for line in _run("pg_lsclusters", "--no-header").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        match = re.fullmatch(NAME_PREFIX + r"(\d+)_[0-9a-f]+", parts[1])
        if match and not _pid_alive(int(match.group(1))):
            subprocess.run(
                ["pg_dropcluster", "--stop", parts[0], parts[1]],
                capture_output=True,
                timeout=CTL_TIMEOUT_S,
                check=False,
            )


@dataclass
class FaultCluster:
    version: str
    name: str
    port: int
    folder: Path

    @classmethod
    def create(cls) -> FaultCluster:
        version = installed_version()
        assert version is not None
        drop_orphans()
        folder = Path(tempfile.mkdtemp(prefix="orewatch-faults-"))
        shutil.chown(folder, "postgres", "postgres")  # the server runs as postgres
        name = f"{NAME_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:6]}"
        cluster = cls(version, name, free_port(), folder)
        _run(
            "pg_createcluster",
            version,
            name,
            "--port",
            str(cluster.port),
            "--datadir",
            str(folder / "data"),
            "--start-conf=manual",
            "-o",
            "max_connections=200",
            # Throw-away data: no need to wait for the disk.
            "-o",
            "fsync=off",
            "-o",
            "synchronous_commit=off",
            "-o",
            "full_page_writes=off",
            "--",
            "--auth=trust",
        )
        try:
            cluster.start()
        except BaseException:
            cluster.drop()
            raise
        return cluster

    def _ctl(self, action: str) -> None:
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action)

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        self._ctl("start")
        self.wait_ready(30)

    def stop(self) -> None:
        """Fast shutdown: open sessions are terminated, as in a real outage."""
        self._ctl("stop")

    def restart(self) -> None:
        self._ctl("restart")
        self.wait_ready(30)

    def is_ready(self) -> bool:
        done = subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"],
            timeout=10,
            check=False,
        )
        return done.returncode == 0

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"cluster {self.name} did not come up in {timeout} s")
            time.sleep(0.05)

    def drop(self) -> None:
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name],
            capture_output=True,
            timeout=CTL_TIMEOUT_S,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


# -- processes -------------------------------------------------------------------------


def _environment(database_url: str, env: dict[str, str]) -> dict[str, str]:
    """The caller's environment without its OREWATCH_* settings, plus ours."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("OREWATCH_")}
    return base | {
        "OREWATCH_DATABASE_URL": database_url,
        "OREWATCH_ACCESS_LOG": "false",
        "OREWATCH_RATE_LIMIT_ENABLED": "false",
        **env,
    }


@dataclass
class Service:
    """A started `orewatch` process whose output goes to a file (never a full pipe)."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    base_url: str = ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def output(self, limit: int = 4000) -> str:
        """The end of its log, for assertion messages."""
        return self.log_text()[-limit:]

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


def _spawn(name: str, args: list[str], env: dict[str, str], log_dir: Path) -> Service:
    log = log_dir / f"{name}.log"
    with log.open("wb") as handle:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    return Service(name, process, log)


def start_api(database_url: str, log_dir: Path, **env: str) -> Service:
    """`orewatch serve --no-worker` on 127.0.0.1 and a free port, once /readyz answers 200."""
    port = free_port()
    service = _spawn(
        "api",
        ["serve", "--host", "127.0.0.1", "--port", str(port), "--no-migrate", "--no-worker"],
        _environment(database_url, env),
        log_dir,
    )
    service.base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(service.base_url, service.process)
    except BaseException:
        service.stop()
        raise
    return service


def start_worker(
    database_url: str, name: str, log_dir: Path, concurrency: int = 2, **env: str
) -> Service:
    """`orewatch worker` knowing the test job kinds (tests/jobs/handlers.py), once ready."""
    environment = _environment(
        database_url,
        {
            "OREWATCH_JOB_HANDLER_MODULES": '["tests.jobs.handlers"]',
            "OREWATCH_TEST_WORKER_NAME": name,
            "OREWATCH_WORKER_POLL_INTERVAL_S": "0.2",
            **env,
        },
    )
    service = _spawn(
        f"worker-{name}", ["worker", "--concurrency", str(concurrency)], environment, log_dir
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if "ready" in service.output():
            return service
        if not service.alive():
            raise RuntimeError(f"worker {name} exited: {service.output()}")
        time.sleep(0.05)
    service.stop()
    raise RuntimeError(f"worker {name} did not become ready: {service.output()}")


def wait_for(predicate: object, timeout: float, interval: float = 0.1) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():  # type: ignore[operator]
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
