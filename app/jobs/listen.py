"""PostgreSQL LISTEN/NOTIFY: wake idle workers as soon as a job is queued."""

from __future__ import annotations

import logging
import threading

import psycopg
from sqlalchemy.engine import make_url

from app.jobs.queue import NOTIFY_CHANNEL
from app.jobs.worker import Wakeup

logger = logging.getLogger("orewatch.worker")


def _conninfo(database_url: str) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """A thread holding one LISTEN connection; each notification wakes the worker."""

    def __init__(self, database_url: str, wakeup: Wakeup) -> None:
        self._conninfo = _conninfo(database_url)
        self._wakeup = wakeup
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="orewatch-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(3)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    while not self._stopping.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self._wakeup.notify()
            except psycopg.Error as exc:
                logger.warning("LISTEN connection failed (%s); polling meanwhile", exc)
                self._stopping.wait(2.0)
