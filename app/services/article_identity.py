"""What makes two submissions the same article: canonical URL and normalised-body hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.url_credentials import has_userinfo

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ncid",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "spm",
    }
)
_WHITESPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low.startswith(("utm_", "hsa_", "pk_")) or low in TRACKING_PARAMS


# The width of the columns canonical URLs are stored in (article.url, feed_source.feed_url).
MAX_CANONICAL_URL_CHARS = 2048


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters.

    A URL with credentials (userinfo) has no canonical form: they are never stored."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL with a host")
    if has_userinfo(url.strip()) or parts.username is not None:
        raise ValueError("the URL carries credentials")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else (f"{host}:{port}")
    )
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query.sort()
    canonical = urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))
    if len(canonical) > MAX_CANONICAL_URL_CHARS:
        # Percent-encoding and the path's "/" can make it longer than the URL as given.
        raise ValueError(f"its canonical form is over {MAX_CANONICAL_URL_CHARS} characters")
    return canonical


def normalise_body(body: str) -> str:
    text = unicodedata.normalize("NFKC", body)
    return _WHITESPACE.sub(" ", text).strip().casefold()


def content_hash(body: str) -> str:
    """SHA-256 (hex) of the body with Unicode, case and whitespace normalised."""
    return hashlib.sha256(normalise_body(body).encode("utf-8", "surrogatepass")).hexdigest()
