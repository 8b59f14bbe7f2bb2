"""Read load against a running API, every answer recorded with its timing."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import httpx

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True, slots=True)
class Sample:
    path: str
    started: float  # time.monotonic() when the request was sent
    ended: float
    status: int | None  # None: no HTTP answer (transport error)
    content_type: str = ""
    retry_after: str | None = None
    body: bytes = b""
    error: str = ""

    @property
    def is_unavailable_problem(self) -> bool:
        """The answer the API owes a client while the database is down."""
        return (
            self.status == 503
            and self.content_type == PROBLEM_JSON
            and self.retry_after is not None
            and self.retry_after.isdigit()
        )

    def describe(self) -> str:
        outcome = self.error or f"{self.status} {self.content_type} {self.body[:200]!r}"
        return f"{self.path} @{self.started:.2f}-{self.ended:.2f}: {outcome}"


class ReadLoad:
    """Threads that GET `paths` in turn until stopped (a short pause between requests)."""

    def __init__(self, base_url: str, paths: tuple[str, ...], threads: int = 2) -> None:
        self.base_url = base_url
        self.paths = paths
        self.samples: list[Sample] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)
        ]

    def __enter__(self) -> ReadLoad:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)

    def _run(self, offset: int) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            turn = offset
            while not self._stop.is_set():
                path = self.paths[turn % len(self.paths)]
                turn += 1
                self._record(self._get(client, path))
                time.sleep(0.01)

    @staticmethod
    def _get(client: httpx.Client, path: str) -> Sample:
        started = time.monotonic()
        try:
            response = client.get(path)
        except httpx.HTTPError as exc:
            return Sample(path, started, time.monotonic(), None, error=repr(exc))
        return Sample(
            path,
            started,
            time.monotonic(),
            response.status_code,
            response.headers.get("content-type", ""),
            response.headers.get("retry-after"),
            response.content,
        )

    def _record(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def snapshot(self) -> list[Sample]:
        with self._lock:
            return list(self.samples)
