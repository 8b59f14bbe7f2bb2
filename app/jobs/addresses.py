"""Which addresses and host names the fetcher may connect to (the SSRF policy).

An IPv6 address can carry an IPv4 address inside it (IPv4-mapped, IPv4-compatible, SIIT,
NAT64, 6to4, Teredo); a gateway or the kernel may turn it into that IPv4 address, so each
embedding is unwrapped and the IPv4 address judged as if it had been given. Anything not
clearly global is refused: Python's `is_global` alone lets reserved (::/8) and deprecated
site-local (fec0::/10) addresses through.
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
# RFC 6052 well-known NAT64 prefix: the last 32 bits are the IPv4 destination.
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
# RFC 8215 local-use NAT64: translates to addresses of the operator's own choosing.
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")
# RFC 4291 IPv4-compatible (deprecated) and RFC 6145 SIIT IPv4-translated addresses.
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
SIIT_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
# Host names: dot-separated labels of letters, digits, hyphens (and the underscores some
# real sub-domains use), none empty, none starting or ending with a hyphen.
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# RFC 6761: names under these never resolve on the public Internet.
RESERVED_TLDS = frozenset({"invalid", "test", "example"})


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, bool] | None:
    """The IPv4 address an IPv6 address embeds, and whether it is a plain translation to it
    (IPv4-mapped or NAT64), so that it is judged by the IPv4 address alone."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped, True
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in NAT64_WELL_KNOWN:
        return low32, True
    if address in SIIT_TRANSLATED:
        return low32, False
    # :: and ::1 are the unspecified and loopback addresses, judged as themselves.
    if address in IPV4_COMPATIBLE and int(address) > 1:
        return low32, False
    if address.sixtofour is not None:
        return address.sixtofour, False
    if address.teredo is not None:
        return address.teredo[1], False
    return None


def refusal_reason(address: IPAddress, allow_loopback: bool = False) -> str | None:
    """Why an address must not be fetched from, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in NAT64_LOCAL_USE:
            return "a local-use NAT64 address"
        embedded = embedded_ipv4(address)
        if embedded is not None:
            inner, translation = embedded
            reason = refusal_reason(inner, allow_loopback)
            if reason is not None:
                return f"{reason} embedded in an IPv6 address"
            if translation:
                return None
        if address.is_site_local:
            return "a site-local address"
    return _plain_reason(address, allow_loopback)


def _plain_reason(address: IPAddress, allow_loopback: bool) -> str | None:
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_private:
        return "a private address"
    if address.is_reserved or not address.is_global:
        return "a reserved, non-public address"
    return None


def host_problem(host: str) -> str | None:
    """Why a host name (ASCII, as sent to DNS) can never resolve, or None when it may."""
    name = host.lower().removesuffix(".")
    if not name or len(name) > 253:
        return "the host name is empty or too long"
    labels = name.split(".")
    if not all(_LABEL.match(label) for label in labels):
        return "the host name is not a valid DNS name"
    if labels[-1] in RESERVED_TLDS:
        return f"the top-level domain .{labels[-1]} is reserved"
    return None
