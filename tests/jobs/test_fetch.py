"""URL fetching against a real local server: caps, timeouts, redirects, types, SSRF."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator

import pytest

from app.jobs.fetch import Fetcher, FetchError, FetchPolicy, refusal_reason
from tests.jobs.pages import PLAIN, page_server

POLICY = FetchPolicy(
    connect_timeout_s=1, read_timeout_s=0.5, total_timeout_s=2, allow_loopback=True
)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, list[str]]]:
    with page_server() as served:
        yield served


def _error(url: str, policy: FetchPolicy = POLICY) -> FetchError:
    with pytest.raises(FetchError) as info:
        Fetcher(policy).fetch(url)
    return info.value


def test_html_and_plain_text_are_fetched(site: tuple[str, list[str]]) -> None:
    base, _ = site
    page = Fetcher(POLICY).fetch(f"{base}/article.html")
    assert page.content_type == "text/html"
    assert "gallium" in page.text
    plain = Fetcher(POLICY).fetch(f"{base}/plain.txt")
    assert (plain.content_type, plain.text) == ("text/plain", PLAIN.decode())
    assert "Côte" in Fetcher(POLICY).fetch(f"{base}/latin1.txt").text


def test_a_stray_nul_in_a_page_is_removed(site: tuple[str, list[str]]) -> None:
    """PostgreSQL cannot store U+0000 in text: a page with a stray one would fail its job."""
    base, _ = site
    page = Fetcher(POLICY).fetch(f"{base}/stray-nul.txt")
    assert page.text == PLAIN.decode()


def test_redirects_are_followed_up_to_the_limit(site: tuple[str, list[str]]) -> None:
    base, _ = site
    fetched = Fetcher(POLICY).fetch(f"{base}/chain/4")  # five redirects
    assert fetched.url.endswith("/plain.txt")
    assert "too many redirects" in str(_error(f"{base}/chain/5"))
    loop = _error(f"{base}/loop")
    assert loop.permanent
    assert "too many redirects" in str(loop)


def test_slow_servers_time_out_and_may_be_retried(site: tuple[str, list[str]]) -> None:
    base, _ = site
    started = time.monotonic()
    slow = _error(f"{base}/slow")
    assert not slow.permanent
    assert "timed out" in str(slow)
    drip = _error(f"{base}/drip")  # each byte within the read timeout, the whole too slow
    assert not drip.permanent
    assert time.monotonic() - started < 6


def test_huge_bodies_are_refused(site: tuple[str, list[str]]) -> None:
    base, _ = site
    policy = FetchPolicy(read_timeout_s=2, total_timeout_s=10, allow_loopback=True)
    declared = _error(f"{base}/huge", policy)
    assert declared.permanent
    assert "larger than 5000000" in str(declared)
    streamed = _error(f"{base}/huge-chunked", policy)
    assert streamed.permanent
    assert "larger than" in str(streamed)


@pytest.mark.parametrize("path", ["/image", "/json"])
def test_only_html_and_plain_text_are_accepted(site: tuple[str, list[str]], path: str) -> None:
    base, _ = site
    error = _error(f"{base}{path}")
    assert error.permanent
    assert "content type" in str(error)


def test_http_errors_are_permanent_or_transient(site: tuple[str, list[str]]) -> None:
    base, _ = site
    assert _error(f"{base}/gone").permanent
    assert not _error(f"{base}/busy").permanent


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.9.9.9",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "fe80::1",
        "fd00:ec2::254",
        "100.100.100.200",
        "100.64.0.1",
        "224.0.0.1",
        "ff02::1",
        "0.0.0.0",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "240.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is not None


def test_public_addresses_pass_and_loopback_only_when_allowed() -> None:
    assert refusal_reason(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal_reason(ipaddress.ip_address("2606:2800:220:1::1")) is None
    assert refusal_reason(ipaddress.ip_address("127.0.0.1"), allow_loopback=True) is None
    assert refusal_reason(ipaddress.ip_address("169.254.169.254"), allow_loopback=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/plain.txt",
        "http://localhost:{port}/plain.txt",
        "http://[::1]:{port}/plain.txt",
        "http://0.0.0.0:{port}/plain.txt",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://2130706433:{port}/",
        "http://[64:ff9b::7f00:1]:{port}/",
        "http://[2002:7f00:1::]:{port}/",
        "http://[::127.0.0.1]:{port}/",
        "http://[::ffff:0:7f00:1]:{port}/",
        "http://[fec0::1]/",
        "http://bad..host/",
        "http://feed.invalid/",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
    ],
)
def test_ssrf_targets_are_refused_before_connecting(site: tuple[str, list[str]], url: str) -> None:
    base, hits = site
    port = base.rsplit(":", 1)[1]
    before = len(hits)
    strict = FetchPolicy(connect_timeout_s=1, read_timeout_s=1, total_timeout_s=2)
    error = _error(url.format(port=port), strict)
    assert error.permanent
    assert "refused" in str(error)
    assert len(hits) == before  # the local server saw nothing


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
def test_redirects_to_internal_addresses_are_refused(
    site: tuple[str, list[str]], path: str
) -> None:
    base, _ = site
    error = _error(f"{base}{path}")
    assert error.permanent
    assert "refused" in str(error)


@pytest.mark.parametrize("path", ["/to-data", "/to-javascript", "/to-malformed", "/to-credentials"])
def test_redirects_to_other_schemes_or_credentials_fail_at_once(
    site: tuple[str, list[str]], path: str
) -> None:
    """data:, javascript:, malformed and user:password@ targets are refused before any
    request is made to them, permanently (no retry can change them; httpx used to raise its
    own errors on them, which were retried as network failures), naming no secret."""
    base, hits = site
    before = len(hits)
    error = _error(f"{base}{path}")
    assert error.permanent
    assert str(error).startswith("refused: ")
    assert "secret" not in str(error)
    assert hits[before:] == [path]  # the redirect was the last request made


def test_a_url_with_credentials_is_refused_before_connecting(site: tuple[str, list[str]]) -> None:
    base, hits = site
    before = len(hits)
    error = _error(base.replace("http://", "http://user:secret@") + "/plain.txt")
    assert error.permanent
    assert "credentials" in str(error)
    assert "secret" not in str(error)
    assert len(hits) == before
