"""Fetch an article URL safely: SSRF checks, pinned addresses, caps and deadlines.

Each hop (the URL and every redirect target) is resolved first; every address it resolves
to must be public, otherwise the fetch is refused before any connection is made. The
connection then goes to the checked address (the Host header and TLS SNI keep the name),
so a DNS answer that changes between check and connect cannot redirect the request.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message

import httpx

from app.jobs.addresses import IPAddress, host_problem, refusal_reason

__all__ = ["FetchError", "FetchPolicy", "Fetched", "Fetcher", "refusal_reason", "resolve"]

ALLOWED_TYPES = frozenset({"text/html", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Where the response hook keeps a redirect's Location, out of httpx's sight (see below).
KEPT_LOCATION = "orewatch-redirect-location"
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A fetch failed; `permanent` says whether retrying could help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0
    total_timeout_s: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_loopback: bool = False
    user_agent: str = "Orewatch/0.1 (+https://orewatch.dev)"
    allowed_types: frozenset[str] = ALLOWED_TYPES
    accept: str = "text/html, text/plain;q=0.9"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    text: str
    body: bytes = b""


def resolve(host: str, port: int, allow_loopback: bool = False) -> IPAddress:
    """Resolve `host` and refuse it unless every address it has is allowed.

    A name that can never resolve is a permanent failure; a lookup that fails otherwise
    (no answer, a resolver down) may succeed later."""
    literal = _ip_literal(host)
    if literal is None:
        problem = host_problem(host)
        if problem:
            raise FetchError(f"refused: {problem}", permanent=True)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:  # a label the IDNA codec rejects: no lookup can succeed
        raise FetchError("refused: the host name is not a valid DNS name", permanent=True) from exc
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}", permanent=False) from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"host {host!r} has no address", permanent=False)
    for address in addresses:
        reason = refusal_reason(address, allow_loopback)
        if reason:
            raise FetchError(f"refused: {host!r} resolves to {reason}", permanent=True)
    return addresses[0]


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def _check_url(url: httpx.URL) -> tuple[str, int]:
    if url.scheme not in ("http", "https"):
        raise FetchError(f"refused: scheme {url.scheme!r} is not http(s)", permanent=True)
    if not url.host:
        raise FetchError("refused: the URL has no host", permanent=True)
    if url.userinfo:
        # httpx would send them as Basic auth, to whichever host a redirect names; URLs
        # with credentials are refused at submission, so only a redirect can bring one.
        raise FetchError("refused: the URL carries credentials", permanent=True)
    return url.host, url.port or (443 if url.scheme == "https" else 80)


def _media_type(header: str | None) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _keep_location(response: httpx.Response) -> None:
    """httpx builds the next request of a redirect itself even when it does not follow it,
    and fails with errors of its own on a `data:` or `javascript:` Location (InvalidURL) or
    a malformed one (RemoteProtocolError, which would look like a network error and be
    retried). The header is moved aside before that step, so the fetcher alone judges it."""
    location = response.headers.get("location")
    if location is not None:
        del response.headers["location"]
        response.headers[KEPT_LOCATION] = location


class Fetcher:
    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy

    def _client(self) -> httpx.Client:
        p = self.policy
        timeout = httpx.Timeout(
            connect=p.connect_timeout_s, read=p.read_timeout_s, write=p.read_timeout_s, pool=1.0
        )
        headers = {"User-Agent": p.user_agent, "Accept": p.accept}
        return httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers=headers,
            trust_env=False,
            event_hooks={"response": [_keep_location]},
        )

    def fetch(self, url: str) -> Fetched:
        deadline = time.monotonic() + self.policy.total_timeout_s
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError("refused: the URL is malformed", permanent=True) from exc
        with self._client() as client:
            for _hop in range(self.policy.max_redirects + 1):
                result = self._hop(client, current, deadline)
                if isinstance(result, Fetched):
                    return result
                current = result
        raise FetchError(
            f"too many redirects (more than {self.policy.max_redirects})", permanent=True
        )

    def _hop(self, client: httpx.Client, url: httpx.URL, deadline: float) -> Fetched | httpx.URL:
        host, port = _check_url(url)
        address = resolve(host, port, self.policy.allow_loopback)
        pinned = url.copy_with(host=str(address))
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        request = client.build_request(
            "GET", pinned, headers={"Host": url.netloc.decode("ascii")}, extensions=extensions
        )
        try:
            response = client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out connecting to {host}", permanent=False) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot connect to {host}", permanent=False) from exc
        try:
            location = response.headers.get(KEPT_LOCATION)
            if response.status_code in REDIRECT_STATUSES and location is not None:
                try:
                    target = url.join(location)
                except (httpx.InvalidURL, ValueError) as exc:
                    raise FetchError("refused: bad redirect location", permanent=True) from exc
                _check_url(target)  # data:, javascript:, credentials: refused at once
                return target
            self._check_status(response.status_code)
            media_type, charset = _media_type(response.headers.get("content-type"))
            if media_type not in self.policy.allowed_types:
                raise FetchError(
                    f"refused: content type {media_type!r} is not one of "
                    f"{', '.join(sorted(self.policy.allowed_types))}",
                    permanent=True,
                )
            body = self._read(response, deadline)
        finally:
            response.close()
        return Fetched(str(url), media_type, _decode(body, charset), body)

    @staticmethod
    def _check_status(status: int) -> None:
        if status in TRANSIENT_STATUSES:
            raise FetchError(f"the server answered {status}", permanent=False)
        if not 200 <= status < 300:
            raise FetchError(f"the server answered {status}", permanent=True)

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"refused: the body is larger than {cap} bytes", permanent=True)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchError(
                        f"refused: the body is larger than {cap} bytes", permanent=True
                    )
                if time.monotonic() > deadline:
                    raise FetchError("the fetch took too long", permanent=False)
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchError("timed out reading the body", permanent=False) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                "the connection broke while reading the body", permanent=False
            ) from exc
        return b"".join(chunks)


def _decode(body: bytes, charset: str | None) -> str:
    try:
        text = body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return _without_stray_nuls(text)


def _without_stray_nuls(text: str) -> str:
    """A few U+0000 in a text page are junk (and PostgreSQL cannot store them); many mean
    a binary body, left for the extractor to refuse as such."""
    sample = text[:4096]
    if sample.count("\x00") > max(2, len(sample) // 100):
        return text
    return text.replace("\x00", "")
