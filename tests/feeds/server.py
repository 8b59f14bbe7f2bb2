"""A feed server on 127.0.0.1 whose documents the tests change between polls."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml"
BASE_DATE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@dataclass
class Page:
    status: int = 200
    content_type: str = RSS
    body: bytes = b""
    delay_s: float = 0.0


@dataclass
class FeedState:
    pages: dict[str, Page] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, path: str, body: bytes | str, **fields: object) -> None:
        raw = body.encode() if isinstance(body, str) else body
        self.pages[path] = Page(body=raw, **fields)  # type: ignore[arg-type]


def rss(items: list[dict[str, str]], title: str = "Minerals wire") -> str:
    """An RSS 2.0 document; each item has guid, title, link and optionally content."""
    parts = []
    for n, item in enumerate(items):
        date = format_datetime(BASE_DATE + timedelta(hours=n))
        content = item.get("content")
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f"<guid>{escape(item['guid'])}</guid><pubDate>{date}</pubDate>"
            f"<description>{escape(item.get('summary', 'A summary.'))}</description>"
            f"{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>http://example.com/</link>"
        f"<description>news</description>{''.join(reversed(parts))}</channel></rss>"
    )


def atom(entries: list[dict[str, str]], title: str = "Atom minerals") -> str:
    """An Atom 1.0 document; each entry has id, title, link and optionally content (html)."""
    parts = []
    for n, entry in enumerate(entries):
        date = (BASE_DATE + timedelta(hours=n)).isoformat()
        content = entry.get("content")
        body = f'<content type="html">{escape(content)}</content>' if content else ""
        parts.append(
            f"<entry><id>{escape(entry['guid'])}</id><title>{escape(entry['title'])}</title>"
            f'<link rel="alternate" href="{escape(entry["link"])}"/>'
            f"<updated>{date}</updated>{body}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:feed</id>"
        f"<updated>{BASE_DATE.isoformat()}</updated>{''.join(reversed(parts))}</feed>"
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        return None

    def do_GET(self) -> None:
        state: FeedState = self.server.state  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        with state.lock:
            state.hits[path] = state.hits.get(path, 0) + 1
            state.in_flight[path] = state.in_flight.get(path, 0) + 1
            state.max_in_flight[path] = max(state.max_in_flight.get(path, 0), state.in_flight[path])
        try:
            page = state.pages.get(path) or Page(404, "text/plain", b"no")
            if page.delay_s:
                time.sleep(page.delay_s)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)
        finally:
            with state.lock:
                state.in_flight[path] -= 1


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None


@contextmanager
def feed_server() -> Iterator[tuple[str, FeedState]]:
    """Yields (base URL, the mutable state: pages, hits, concurrency per path)."""
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.state = FeedState()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.state  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
