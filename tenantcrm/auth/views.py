"""Sign-in and sign-out pages of the web UI."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Response, Template
from pydantic import BaseModel, Field

from tenantcrm.auth import service
from tenantcrm.auth.middleware import SESSION_KEY
from tenantcrm.core.problems import problem


class SignInForm(BaseModel):
    username: str = Field(default="", max_length=150)
    password: str = Field(default="", max_length=200)
    next: str = Field(default="/", max_length=2000)


def _safe_next(target: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@get("/login", opt={"public": True}, include_in_schema=False)
async def sign_in_page(
    next_page: Annotated[str | None, QueryParameter(name="next", required=False)] = None,
) -> Template:
    context = {"username": "", "error": "", "next": _safe_next(next_page or "/")}
    return Template("auth/login.html", context=context)


@post("/login", opt={"public": True}, include_in_schema=False, status_code=303)
async def sign_in(
    request: Request[Any, Any, Any],
    data: Annotated[SignInForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect | Template:
    identity = await service.sign_in(data.username, data.password)
    if identity is None:
        context = {
            "username": data.username,
            "error": "Unknown username or wrong password.",
            "next": _safe_next(data.next),
        }
        return Template("auth/login.html", context=context, status_code=401)
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
