"""The writer of the `writes` scenario: POSTs generated articles at a steady rate.

Posts leave on schedule (open loop) from up to --connections connections. Runs as its
own process (`python -m readbench.writer`, bench/ on PYTHONPATH) until SIGTERM,
then writes its counts (sent, accepted, created, rejected, latency) as JSON to --stats.

    python -m readbench.writer --base-url URL --key-file F --vocab F --rate 4 --stats F
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType

from readbench.articles import ArticleGenerator, PostCounts, Poster


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--vocab", type=Path, required=True, help="JSON: countries, minerals")
    parser.add_argument("--rate", type=float, default=4.0, help="posts per second")
    parser.add_argument("--connections", type=int, default=4, help="concurrent posts at most")
    parser.add_argument("--run", default="writes")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--stats", type=Path, required=True)
    args = parser.parse_args(argv)
    vocab = json.loads(args.vocab.read_text(encoding="utf-8"))
    generator = ArticleGenerator(vocab["countries"], vocab["minerals"], args.run, args.seed)
    key = args.key_file.read_text(encoding="utf-8").strip()
    stopping = False

    def on_term(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    counts = PostCounts()
    latencies: list[float] = []
    lock = threading.Lock()
    local = threading.local()
    posters: list[Poster] = []

    def post_one() -> None:
        poster: Poster | None = getattr(local, "poster", None)
        if poster is None:
            poster = local.poster = Poster(args.base_url, key)
            with lock:
                posters.append(poster)
        before = time.monotonic()
        status = poster.post(generator.body())
        with lock:
            latencies.append((time.monotonic() - before) * 1000)
            counts.sent += 1
            counts.statuses[status] += 1

    # Open loop: posts leave on schedule from a few connections, whatever the latency of
    # the previous ones (a server slowed down by the read load still gets the same rate).
    pool = ThreadPoolExecutor(max_workers=args.connections)
    interval = 1.0 / args.rate
    scheduled = 0
    started = next_at = time.monotonic()
    while not stopping:
        now = time.monotonic()
        if next_at > now:
            time.sleep(min(next_at - now, 0.1))
            continue
        next_at += interval
        pool.submit(post_one)
        scheduled += 1
    pool.shutdown(wait=True)
    for poster in posters:
        poster.close()
    elapsed = time.monotonic() - started
    stats = {
        **counts.as_dict(),
        "scheduled": scheduled,
        "seconds": round(elapsed, 2),
        "posts_per_s": round(counts.sent / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
    }
    args.stats.write_text(json.dumps(stats), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
