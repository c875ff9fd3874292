"""Sign-in and sign-out pages of the web UI."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Response, Template
from pydantic import BaseModel, Field

from tenantcrm.auth import service
from tenantcrm.auth.middleware import SESSION_KEY, client_address, sign_in_limits
from tenantcrm.core.http import AppSettings
from tenantcrm.core.problems import problem


class SignInForm(BaseModel):
    username: str = Field(default="", max_length=150)
    password: str = Field(default="", max_length=200)
    next: str = Field(default="/", max_length=2000)


def _safe_next(target: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL elsewhere.

    Browsers read a backslash as a slash (``/\\evil.example`` is ``//evil.example``) and drop
    tabs and newlines from URLs, so those are refused too."""
    if not target.startswith("/") or target[1:2] in ("/", "\\"):
        return "/"
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    return target


@get("/login", opt={"public": True}, include_in_schema=False)
async def sign_in_page(
    next_page: Annotated[str | None, QueryParameter(name="next", required=False)] = None,
) -> Template:
    context = {"username": "", "error": "", "next": _safe_next(next_page or "/")}
    return Template("auth/login.html", context=context)


@post("/login", opt={"public": True}, include_in_schema=False, status_code=303)
async def sign_in(
    request: Request[Any, Any, Any],
    settings: AppSettings,
    data: Annotated[SignInForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect | Template:
    """Sign in; after too many wrong passwords for the name or from the address, wait (429)."""
    address, now = client_address(request), datetime.now(tz=UTC)
    context = {"username": data.username, "next": _safe_next(data.next)}
    wait = await service.sign_in_wait(data.username, address, sign_in_limits(settings), now)
    if wait:
        minutes = -(-wait // 60)
        error = (
            "Too many failed sign-ins. For your security, try again in "
            f"{minutes} minute{'s' if minutes > 1 else ''}."
        )
        headers = {"Retry-After": str(wait)}
        return Template(
            "auth/login.html", context={**context, "error": error}, status_code=429, headers=headers
        )
    identity = await service.sign_in(data.username, data.password)
    if identity is None:
        await service.record_failure("password", data.username, address, now)
        context["error"] = "Unknown username or wrong password."
        return Template("auth/login.html", context=context, status_code=401)
    await service.forget_failures(data.username)
    request.set_session({SESSION_KEY: str(identity.id)})
    return Redirect(_safe_next(data.next), status_code=303)


@post("/logout", include_in_schema=False, status_code=303)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    return Redirect("/login", status_code=303)


def sign_in_first(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    """A web page sends the visitor to sign in (and back); the API answers a 401 problem."""
    path = request.url.path
    if path.startswith(("/api", "/schema")):
        return problem(401, "Not signed in", exc.detail, request)
    return Redirect(f"/login?next={quote(path)}")
