"""Security headers on every response (pages, API, static files, errors).

Content-Security-Policy: scripts only from this site (htmx and ``app.js`` in ``/static``; no
inline script, no ``eval``), styles from this site plus inline ``style`` attributes (the
pages size bars and units with them; CSS cannot run script), images from this site and
``data:`` URIs, no plugins, no framing, forms posting only here. The API reference pages
under ``/schema`` load their viewers from a CDN with inline script, so they get no policy
(the other headers still apply). HSTS is sent only when the app is served over HTTPS
(``Settings.https_only``): over plain HTTP it would be meaningless, and a browser that saw
it on 127.0.0.1 could refuse the local demo afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
ALWAYS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
NO_POLICY_UNDER = ("/schema",)


def headers_for(path: str, https: bool) -> list[tuple[str, str]]:
    """The security headers of a response to ``path``."""
    headers = list(ALWAYS)
    if not path.startswith(NO_POLICY_UNDER):
        headers.append(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
    if https:
        headers.append(HSTS)
    return headers


def security_headers(https: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """A ``before_send`` hook adding ``headers_for`` to every HTTP response of the app (404s
    of unknown paths and errors included), never overriding a header a handler set."""

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in headers_for(scope["path"], https or scope.get("scheme") == "https"):
            if name not in headers:
                headers[name] = value

    return add_headers
