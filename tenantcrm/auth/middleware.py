"""Who is asking, read once per request: a bearer token (scripts) or the session (web UI).

The JSON API (``/api``) takes bearer tokens only: a browser's session cookie is never
enough there, so a forged cross-site request cannot use it (the web pages, which do take the
session, check a CSRF token on every form). Anonymous requests pass with no user; the access
guard decides what they may reach.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Receive, Scope, Send

from tenantcrm.audit.actor import Actor, acting_as
from tenantcrm.auth import service
from tenantcrm.auth.identity import Identity
from tenantcrm.auth.throttle import Limit
from tenantcrm.settings import Settings, get_settings

SESSION_KEY = "user_id"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's address as the server saw it (behind a proxy: run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so this is the real client's)."""
    return connection.client.host[:64] if connection.client else ""


def sign_in_limits(settings: Settings) -> tuple[Limit, Limit]:
    """Failed passwords tolerated per username and per client address."""
    window = timedelta(seconds=settings.sign_in_window_seconds)
    return (
        Limit(settings.sign_in_failures_per_user, window),
        Limit(settings.sign_in_failures_per_address, window),
    )


def token_limit(settings: Settings) -> Limit:
    """Unknown bearer tokens tolerated per client address."""
    window = timedelta(seconds=settings.sign_in_window_seconds)
    return Limit(settings.token_failures_per_address, window)


async def identity_for_bearer(
    connection: ASGIConnection[Any, Any, Any, Any], token: str
) -> Identity:
    """The user of a bearer token (a header, or the calendar feed's ``?key=``); 401 for an
    unknown one, and 429 once the client's address has sent too many unknown ones."""
    settings = connection.app.state.get("settings") or get_settings()
    address, now = client_address(connection), datetime.now(tz=UTC)
    wait = await service.token_wait(address, token_limit(settings), now)
    if wait:
        raise TooManyRequestsException(
            "too many unknown bearer tokens from this address; wait and retry",
            headers={"Retry-After": str(wait)},
        )
    identity = await service.identity_for_token(token.strip())
    if identity is None:
        await service.record_failure("token", "", address, now)
        raise NotAuthorizedException("the bearer token is unknown or revoked")
    return identity


class IdentityMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer":
            return AuthenticationResult(
                user=await identity_for_bearer(connection, token), auth="token"
            )
        session = connection.scope.get("session")
        in_api = connection.scope["path"].startswith("/api")
        user_id = session.get(SESSION_KEY) if isinstance(session, dict) and not in_api else None
        if user_id:
            try:
                identity = await service.identity_of(UUID(str(user_id)))
            except ValueError:
                identity = None
            if identity is not None:
                return AuthenticationResult(user=identity, auth="session")
        return AuthenticationResult(user=None, auth=None)


def actor_middleware(app: ASGIApp) -> ASGIApp:
    """Record the signed-in user as the actor of every change the request makes (audit trail).

    Runs inside ``IdentityMiddleware``, which has put the user in the scope.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        identity = scope.get("user")
        if not isinstance(identity, Identity):
            await app(scope, receive, send)
            return
        with acting_as(Actor(identity.label, identity.id)):
            await app(scope, receive, send)

    return middleware
