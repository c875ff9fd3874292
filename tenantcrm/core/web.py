"""Helpers shared by the HTML views: form input, field errors, paging, error pages, filters.

Views stay thin: read the form, call a service, render a template. A bad form comes back
filled in with a message next to each field (``field_errors``); any other error is a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.types import ExceptionHandlersMap
from pydantic import ValidationError

from tenantcrm.core.errors import DomainError, InvalidInputError
from tenantcrm.core.problems import field_path

PAGE_SIZE = 25
DASH = "\u2013"
"""Shown for a missing figure (an en dash)."""


def is_page(path: str) -> bool:
    """Whether ``path`` is a web page (not the JSON API, its schema or a static file)."""
    return not path.startswith(("/api", "/schema", "/swagger", "/static"))


async def form_data(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The submitted form as plain strings (blank fields kept, so the form can be refilled)."""
    form = await request.form()
    return {key: str(value) for key, value in form.items() if key != "_csrf_token"}


_PLAIN = {
    "missing": "is required",
    "date_from_datetime_parsing": "should be a date (YYYY-MM-DD)",
    "date_parsing": "should be a date (YYYY-MM-DD)",
    "decimal_parsing": "should be a number, e.g. 12500.00",
    "int_parsing": "should be a whole number",
    "enum": "choose one of the options",
}
"""Pydantic's messages for a person filling in a form rather than a programmer."""


def field_errors(exc: InvalidInputError | ValidationError) -> dict[str, str]:
    """Messages by form field name: ``policy.steps`` for nested fields, ``form`` for the rest."""
    errors: dict[str, str] = {}
    if isinstance(exc, InvalidInputError):
        for error in exc.errors:
            errors.setdefault(error.field or "form", error.message)
        return errors
    for item in exc.errors():
        name = ".".join(str(part) for part in item["loc"]) or "form"
        message = _PLAIN.get(item["type"]) or str(item["msg"]).removeprefix("Value error, ")
        errors.setdefault(field_path(name), message)
    return errors


def blank_none(value: str | None) -> str | None:
    """A blank form field means "not given"."""
    return value.strip() or None if value is not None else None


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in a list, and the links to its neighbours (filters kept)."""

    total: int
    limit: int
    offset: int
    query: Mapping[str, str]

    @property
    def first(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)

    def _link(self, offset: int) -> str:
        return "?" + urlencode({**{k: v for k, v in self.query.items() if v}, "offset": offset})

    @property
    def previous(self) -> str | None:
        return self._link(max(self.offset - self.limit, 0)) if self.offset > 0 else None

    @property
    def next(self) -> str | None:
        return self._link(self.offset + self.limit) if self.last < self.total else None


def offset_of(value: str | None) -> int:
    """A page offset from the query string: anything odd means the first page."""
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


# --- error pages ----------------------------------------------------------------------------

_TITLES = {
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "Invalid input",
    503: "Unavailable",
}


def error_page(request: Request[Any, Any, Any], status: int, detail: str) -> Template:
    title = _TITLES.get(status, "Something went wrong" if status >= 500 else "Request refused")
    context = {"status": status, "title": title, "detail": detail}
    return Template("error.html", context=context, status_code=status)


def _page_aware(
    api_handler: Callable[[Request[Any, Any, Any], Any], Response[Any]],
) -> Callable[[Request[Any, Any, Any], Any], Response[Any] | Template]:
    def handle(request: Request[Any, Any, Any], exc: Any) -> Response[Any] | Template:
        if not is_page(request.url.path):
            return api_handler(request, exc)
        if isinstance(exc, DomainError):
            return error_page(request, exc.status, exc.detail)
        if isinstance(exc, NotFoundException):
            return error_page(request, 404, "There is no such page.")
        if isinstance(exc, HTTPException):
            status = exc.status_code
            if status == 403 and "csrf" in str(exc.detail).lower():
                return error_page(request, 403, "The form had expired: reload the page, try again.")
            if status == 403 and request.method in ("GET", "HEAD"):
                return error_page(request, 403, f"You may not see this: {exc.detail}.")
            if status == 403:
                return error_page(request, 403, "Your role may read this but not change it.")
            return error_page(request, status, exc.detail)
        answer = api_handler(request, exc)  # logs the unexpected error
        if answer.status_code == 503:  # the database is away
            page = error_page(
                request, 503, "The database cannot be reached just now; nothing was changed."
            )
            page.headers["Retry-After"] = answer.headers["Retry-After"]
            return page
        return error_page(request, 500, "Something went wrong on our side; nothing was changed.")

    return handle


def page_aware_handlers(handlers: ExceptionHandlersMap) -> ExceptionHandlersMap:
    """The API's problem-details handlers, answering web pages with an HTML error page."""
    return {exc: _page_aware(handler) for exc, handler in handlers.items()}  # type: ignore[arg-type]


# --- template filters ---------------------------------------------------------------------


def money(value: Decimal | str | None) -> str:
    """12500.5 -> ``12,500.50``; nothing -> an en dash."""
    if value is None or value == "":
        return DASH
    try:
        return f"{Decimal(value):,.2f}"
    except InvalidOperation:
        return str(value)


def area(value: Decimal | str | None) -> str:
    return DASH if value is None else f"{Decimal(value):,.1f} m²"


def percent(value: Decimal | float | str | None, places: int = 1) -> str:
    """A ratio (0..1) as a percentage."""
    return DASH if value is None else f"{Decimal(value) * 100:.{places}f} %"


def label(value: object) -> str:
    """An enum value as words: ``in_discussion`` -> ``In discussion``."""
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def register_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(money=money, area=area, percent=percent, label=label)


def nested(values: dict[str, str]) -> dict[str, Any]:
    """``{"policy.steps": "3"}`` -> ``{"policy": {"steps": "3"}}``; blank fields are left out,
    so a model's defaults apply to them."""
    tree: dict[str, Any] = {}
    for key, value in values.items():
        if not value.strip():
            continue
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value.strip()
    return tree
