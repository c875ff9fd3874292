"""The access guard every route passes: sign-in required, then the role policy of ``may``.

A route marked ``opt={"public": True}`` (sign-in page, static files, the OpenAPI document)
is open to everyone. The JSON API answers 401/403; a web page sends the visitor to sign in.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from tenantcrm.auth.identity import Identity, may


def is_public(handler: BaseRouteHandler, path: str) -> bool:
    return bool(handler.opt.get("public")) or path == "/schema" or path.startswith("/schema/")


def single_values(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, str]:
    """The query parameters, a repeated one with different values made empty: the policy
    then refuses it rather than checking one value while the handler reads another."""
    query: dict[str, str] = {}
    for key, value in connection.query_params.items():
        query[key] = value if query.get(key, value) == value else ""
    return query


def access_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    path = connection.scope["path"]
    if is_public(handler, path):
        return
    identity = connection.scope.get("user")
    if not isinstance(identity, Identity):
        raise NotAuthorizedException("sign in, or send a bearer token")
    method = str(connection.scope.get("method", "GET"))
    if not may(identity, method, path, single_values(connection)):
        raise PermissionDeniedException(
            f"{identity.role.value} {identity.username} may not {method} {path}"
        )
