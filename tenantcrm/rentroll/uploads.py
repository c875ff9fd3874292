"""What the JSON API and the web pages of imports share: reading an upload, the template."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from litestar import Request, Response
from litestar.datastructures import UploadFile

from tenantcrm.auth.identity import Identity
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.rentroll.template import CSV_TYPE, XLSX_TYPE, template_csv, template_xlsx

MAX_UPLOAD_BYTES = 10_000_000
"""Litestar's own limit on a request body; a 50,000-line .xlsx is about 2.5 MB."""


class TemplateFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def actor_of(request: Request[Any, Any, Any]) -> str:
    user = request.scope.get("user")
    return user.username if isinstance(user, Identity) else "system"


async def read_upload(upload: UploadFile | None) -> tuple[bytes, str]:
    """The uploaded file's bytes and name; 422 naming ``file`` when there is none or too much."""
    if upload is None or not getattr(upload, "filename", None):
        raise InvalidInputError([FieldError("file", "upload the rent roll (.xlsx or .csv)")])
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if not content:
        raise InvalidInputError([FieldError("file", "the file is empty")])
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInputError([FieldError("file", "is larger than 10 MB")])
    return content, upload.filename


def template_response(fmt: TemplateFormat) -> Response[bytes]:
    if fmt is TemplateFormat.CSV:
        content, media_type = template_csv(), CSV_TYPE
    else:
        content, media_type = template_xlsx(), XLSX_TYPE
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="rent-roll-template.{fmt.value}"'},
    )
