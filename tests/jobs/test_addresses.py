"""The SSRF policy on IPv6 forms that embed an IPv4 address, and on host names that can
never resolve (issue 15, items 7 and 10): refused at once, as permanent failures."""

from __future__ import annotations

import ipaddress

import pytest

from app.jobs.addresses import host_problem, refusal_reason
from app.jobs.fetch import FetchError, resolve


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::1",  # local-use NAT64: the operator's own destinations
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of the metadata address
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:0:7f00:1",  # SIIT
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "fec0::1",  # site-local
    ],
)
def test_ipv6_forms_embedding_a_non_public_address_are_refused(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["64:ff9b::5db8:d822", "::ffff:93.184.216.34"])
def test_translations_of_a_public_address_pass(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


def test_loopback_embedded_follows_the_loopback_setting() -> None:
    address = ipaddress.ip_address("::ffff:127.0.0.1")
    assert refusal_reason(address) is not None
    assert refusal_reason(address, allow_loopback=True) is None


@pytest.mark.parametrize(
    "host", ["a..b", "-bad.com", "bad-.com", "x.invalid", "feed.test", "a" * 64 + ".com", ""]
)
def test_host_names_that_can_never_resolve(host: str) -> None:
    assert host_problem(host) is not None


@pytest.mark.parametrize("host", ["example.com", "news.example.org", "my_sub.example.net."])
def test_ordinary_host_names_may_resolve(host: str) -> None:
    assert host_problem(host) is None


@pytest.mark.parametrize("host", ["a..b", "x.invalid", "[::1"])
def test_resolving_an_impossible_name_is_a_permanent_failure(host: str) -> None:
    with pytest.raises(FetchError) as caught:
        resolve(host, 80)
    assert caught.value.permanent
    assert str(caught.value).startswith("refused")


@pytest.mark.parametrize("host", ["64:ff9b::7f00:1", "fec0::1", "::127.0.0.1"])
def test_resolving_an_embedded_literal_is_refused(host: str) -> None:
    with pytest.raises(FetchError) as caught:
        resolve(host, 80)
    assert caught.value.permanent
