"""Generated news articles: the text generator, a keep-alive poster, prefill and job counts.

The texts are made up here from templates: claims about random countries and minerals
(names read from the API's own /v1/countries and /v1/minerals) mixed with neutral filler,
each article ending with a sentence unique to the run and the article, so that no post is
taken for a duplicate of another.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from threading import Lock
from typing import Any

from readbench.processes import console, fail, get_json

CLAIMS = (
    "{country} began producing {mineral} at a new plant this year.",
    "{country} restricted exports of {mineral} concentrate.",
    "{country} imports all of its {mineral}.",
    "{country} is now the world's largest producer of {mineral}.",
    "A new {mineral} mine opened in {country} in {month}.",
    "{country} halted {mineral} shipments after floods closed its main port.",
    "{country} has no known reserves of {mineral}.",
    "{country} banned the export of raw {mineral} ore from next year.",
    "Output of {mineral} in {country} fell sharply after a strike at the largest mine.",
    "{country} relies on imports for most of the {mineral} its factories use.",
)
FILLER = (
    "Analysts expect prices to stay volatile through the next quarter.",
    "The ministry did not answer a request for comment.",
    "Shares of several mining companies rose on the news.",
    "Officials said the decision followed months of consultation.",
    "Industry groups called for more investment in processing capacity.",
    "The figures were published in the annual report of the national statistics office.",
    "Environmental groups raised concerns about water use at the site.",
    "Buyers have started to look for alternative suppliers.",
    "The company plans to double its workforce over the next two years.",
    "Shipping costs rose for the third month in a row.",
)
OUTLETS = ("Bench Wire", "Ore Daily", "Mining Ledger", "Metal Markets Weekly", "Supply Desk")
MONTHS = ("January", "March", "May", "July", "September", "November")


class ArticleGenerator:
    """Unique article bodies for POST /v1/articles, reproducible from `seed`."""

    def __init__(self, countries: list[str], minerals: list[str], run: str, seed: int) -> None:
        if not countries or not minerals:
            fail("the API listed no countries or no minerals to write articles about")
        self.countries = countries
        self.minerals = minerals
        self.run = run
        self.rng = random.Random(seed)
        self.numbers = count(1)
        self.lock = Lock()

    def body(self) -> dict[str, Any]:
        with self.lock:
            number = next(self.numbers)
            rng = self.rng
            sentences = [
                rng.choice(CLAIMS).format(
                    country=rng.choice(self.countries),
                    mineral=rng.choice(self.minerals).lower(),
                    month=rng.choice(MONTHS),
                )
                for _ in range(rng.randint(1, 3))
            ]
            sentences += rng.sample(FILLER, rng.randint(1, 3))
            rng.shuffle(sentences)
            published = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 8000))
            outlet = rng.choice(OUTLETS)
        sentences.append(f"Bench reference {self.run}-{number}.")
        return {
            "text": " ".join(sentences),
            "title": f"{sentences[0][:60]} ({number})",
            "outlet": outlet,
            "published_at": published.isoformat().replace("+00:00", "Z"),
        }


def generator_from_api(base_url: str, run: str, seed: int) -> ArticleGenerator:
    countries = get_json(base_url + "/v1/countries?limit=500")["items"]
    minerals = get_json(base_url + "/v1/minerals?limit=500")["items"]
    return ArticleGenerator(
        [c["name"] for c in countries], [m["name"] for m in minerals], run, seed
    )


class Poster:
    """POST /v1/articles over one keep-alive connection."""

    def __init__(self, base_url: str, key: str) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
        self.connection: http.client.HTTPConnection | None = None

    def post(self, body: dict[str, Any]) -> int:
        """The status of one post (0 when the connection failed twice)."""
        payload = json.dumps(body).encode()
        for _ in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request("POST", "/v1/articles", payload, self.headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
        return 0

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@dataclass(slots=True)
class PostCounts:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def accepted(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def created(self) -> int:
        return self.statuses.get(202, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "accepted": self.accepted,
            "created": self.created,
            "duplicates": self.statuses.get(200, 0),
            "rejected": self.sent - self.accepted,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


def prefill(base_url: str, key: str, generator: ArticleGenerator, total: int) -> PostCounts:
    """Post `total` articles from 4 connections, as fast as the API takes them."""
    counts = PostCounts()
    lock = Lock()

    def worker(share: int) -> None:
        poster = Poster(base_url, key)
        try:
            for _ in range(share):
                status = poster.post(generator.body())
                with lock:
                    counts.sent += 1
                    counts.statuses[status] += 1
        finally:
            poster.close()

    shares = [total // 4 + (1 if i < total % 4 else 0) for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(worker, shares))
    return counts


def job_counts(base_url: str) -> dict[str, int]:
    """Enrichment jobs per state, from the `total` of GET /v1/jobs (a public read)."""
    counts = {}
    for state in ("queued", "running", "succeeded", "failed", "dead"):
        page = get_json(f"{base_url}/v1/jobs?state={state}&kind=enrich_article&limit=1")
        counts[state] = int(page["total"])
    return counts


def wait_drained(base_url: str, timeout_s: float) -> dict[str, int]:
    """Wait until no enrichment job is queued or running; the counts per state."""
    deadline = time.monotonic() + timeout_s
    while True:
        counts = job_counts(base_url)
        if counts["queued"] == 0 and counts["running"] == 0:
            return counts
        if time.monotonic() > deadline:
            console.print(f"[yellow]jobs not drained after {timeout_s:.0f} s:[/] {counts}")
            return counts
        time.sleep(0.5)
