"""Who is asking, read once per request: a bearer token (scripts) or the session (web UI).

The JSON API (``/api``) takes bearer tokens only: a browser's session cookie is never
enough there, so a forged cross-site request cannot use it (the web pages, which do take the
session, check a CSRF token on every form). Anonymous requests pass with no user; the access
guard decides what they may reach.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Receive, Scope, Send

from tenantcrm.audit.actor import Actor, acting_as
from tenantcrm.auth import service
from tenantcrm.auth.identity import Identity

SESSION_KEY = "user_id"


class IdentityMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer":
            identity = await service.identity_for_token(token.strip())
            if identity is None:
                raise NotAuthorizedException("the bearer token is unknown or revoked")
            return AuthenticationResult(user=identity, auth="token")
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
