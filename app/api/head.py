"""HEAD on every GET route (RFC 9110 section 9.3.2): the GET's status and headers, no body.

FastAPI routes declare GET only, so HEAD was a 405 and `curl -I` saw no ETag. A pure ASGI
middleware, just inside the access log: the request runs as a GET through everything
inside it (CORS, rate limits, the cached-read fast path, the routes), and the body is
dropped on the way out. Content-Length, ETag and Cache-Control stay the GET's, so a client
can check a representation's validator without fetching it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(dict(scope, method="GET"), receive, headers_only)
