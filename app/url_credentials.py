"""Credentials in URLs (`scheme://user:password@host/`): refused on the way in, never shown.

Orewatch does not fetch with credentials: a URL that carries userinfo is refused where a
client submits it (422 naming the field) and by the service that makes its canonical form;
the fetcher refuses a redirect to one; a migration removed them from rows stored before.
A leaf module, so the schemas, services and migrations share one definition.

The authority is taken as RFC 3986 does, everything between `://` and the first `/`, `?`
or `#`, and an `@` anywhere in it counts. That is the widest reading: a WHATWG parser
ends the authority earlier, at a backslash too, so `http://a.example\\@b.example/` (host
a.example for a browser, b.example with user `a.example\\` for urllib) is refused rather
than argued about.
"""

from __future__ import annotations

import re

USERINFO_MESSAGE = "must not contain credentials (user:password@); they are neither stored nor used"
_AUTHORITY_END = re.compile(r"[/?#]")
# http(s), no `@` in the authority and no U+0000 anywhere: the `pattern` of every URL
# field, so the OpenAPI document states the rules (validators check them first, with a
# message saying why).
HTTP_URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^/?#@\x00]*([/?#][^\x00]*)?$"


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme://, authority, rest), or None when the text has no `://`."""
    scheme, sep, after = url.partition("://")
    if not sep:
        return None
    end = _AUTHORITY_END.search(after)
    cut = end.start() if end else len(after)
    return scheme + sep, after[:cut], after[cut:]


def has_userinfo(url: str) -> bool:
    parts = _split(url)
    return parts is not None and "@" in parts[1]


def without_userinfo(url: str) -> str:
    """The URL with any userinfo removed (everything up to the authority's last `@`)."""
    parts = _split(url)
    if parts is None or "@" not in parts[1]:
        return url
    prefix, authority, rest = parts
    return prefix + authority.rsplit("@", 1)[1] + rest


def refuse_userinfo(url: str) -> str:
    """A pydantic validator body: the URL unchanged, or ValueError naming the rule."""
    if has_userinfo(url):
        raise ValueError(USERINFO_MESSAGE)
    return url
