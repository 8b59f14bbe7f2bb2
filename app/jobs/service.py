"""Running workers: embedded in the API process, or as a process of their own."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.db import create_db_engine, make_session_factory
from app.jobs import registry, runtime
from app.jobs.listen import Listener
from app.jobs.worker import Wakeup, Worker, config_from_settings
from app.settings import Settings

logger = logging.getLogger("orewatch.worker")


class RunningWorker:
    """A started worker with its optional LISTEN thread."""

    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        concurrency: int,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        runtime.configure(settings)
        registry.load_modules(settings.job_handler_modules)
        self.wakeup = Wakeup()
        self.worker = Worker(
            session_factory,
            config_from_settings(settings, concurrency),
            wakeup=self.wakeup,
            on_change=on_change,
        )
        self.listener = None if settings.is_sqlite else Listener(settings.database_url, self.wakeup)

    def start(self) -> None:
        if self.listener is not None:
            self.listener.start()
        self.worker.start()

    def stop(self, grace_s: float) -> bool:
        stopped = self.worker.stop(grace_s)
        if not stopped:
            self.worker.release_unstarted()
        if self.listener is not None:
            self.listener.stop()
        return stopped


def run_worker_process(settings: Settings, concurrency: int, grace_s: float) -> int:
    """`orewatch worker`: run until SIGTERM/SIGINT, then finish (or release) current jobs."""
    # A worker keeps its connections busy; no liveness ping on every checkout.
    engine = create_db_engine(settings, pool_pre_ping=False)
    running = RunningWorker(settings, make_session_factory(engine), concurrency)
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():  # a second signal: give jobs back now
            running.worker.release_unstarted()
            raise SystemExit(1)
        logger.info("signal %s: finishing current jobs", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    running.start()
    sys.stdout.write(f"worker {running.worker.name} ready ({concurrency} threads)\n")
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    stopped = running.stop(grace_s)
    engine.dispose()
    return 0 if stopped else 1
