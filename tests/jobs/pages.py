"""A real HTTP server on 127.0.0.1 serving the pages URL ingestion must cope with."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = b"""<!doctype html><html><head><title>Gallium curbs</title></head><body>
<nav>Home | World | Markets</nav>
<article><h1>China tightens gallium export controls</h1>
<p>China, which produces about 98 percent of the world's primary gallium, said on Tuesday
that exports of gallium and germanium to the United States are banned with immediate
effect, escalating a dispute over critical minerals used in chips and defence systems.</p>
<p>Analysts said the move would push prices higher as buyers look to Japan and Germany for
alternative supplies of the metal, which is recovered as a by-product of alumina refining.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""
PLAIN = b"Ukraine holds deposits of titanium and lithium but does not produce rare earths.\n"
HUGE = 6_000_000


class Handler(BaseHTTPRequestHandler):
    hits: list[str]

    def log_message(self, *_args: object) -> None:
        return None

    def _send(
        self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if path == "/article.html":
            self._send(200, "text/html; charset=utf-8", ARTICLE_HTML)
        elif path == "/plain.txt":
            self._send(200, "text/plain", PLAIN)
        elif path == "/stray-nul.txt":
            self._send(200, "text/plain", PLAIN.replace(b"titanium", b"tita\x00nium"))
        elif path == "/latin1.txt":
            self._send(
                200,
                "text/plain; charset=iso-8859-1",
                "Côte d'Ivoire mines manganese.".encode("latin-1"),
            )
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/plain", PLAIN)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/huge":
            self._send(200, "text/html", b"a" * HUGE)
        elif path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"b" * 65536
            for _ in range(HUGE // len(chunk) + 1):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/loop":
            self._send(302, "text/plain", b"", {"Location": "/loop"})
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/plain.txt" if left == 0 else f"/chain/{left - 1}"
            self._send(301, "text/plain", b"", {"Location": target})
        elif path == "/image":
            self._send(200, "image/png", b"\x89PNG....")
        elif path == "/json":
            self._send(200, "application/json", b"{}")
        elif path == "/to-metadata":
            self._send(302, "text/plain", b"", {"Location": "http://169.254.169.254/latest/"})
        elif path == "/to-private":
            self._send(307, "text/plain", b"", {"Location": "http://10.0.0.1/"})
        elif path == "/to-data":
            self._send(302, "text/plain", b"", {"Location": "data:text/html,<p>gallium</p>"})
        elif path == "/to-javascript":
            self._send(302, "text/plain", b"", {"Location": "javascript:alert(1)"})
        elif path == "/to-malformed":
            self._send(302, "text/plain", b"", {"Location": "http://[not-an-address/"})
        elif path == "/to-credentials":
            host = self.headers.get("Host", "127.0.0.1")
            self._send(302, "text/plain", b"", {"Location": f"http://user:secret@{host}/plain.txt"})
        elif path == "/gone":
            self._send(404, "text/plain", b"not here")
        elif path == "/busy":
            self._send(503, "text/plain", b"busy")
        else:
            self._send(404, "text/plain", b"no")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None  # clients that give up mid-body (timeouts, caps) are expected


@contextmanager
def page_server() -> Iterator[tuple[str, list[str]]]:
    """Yields (base URL, list of requested paths)."""
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
