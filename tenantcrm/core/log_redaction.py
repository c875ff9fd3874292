"""Secrets never reach the logs: every log record's text is scrubbed when it is made.

What is scrubbed: the values of ``key``, ``token``, ``password``, ``secret`` (and
``access_token``, ``api_key``) in query strings and form bodies (the calendar feed's
``?key=`` is a bearer token, and uvicorn's access log writes each request's query string),
``"password": "..."`` in JSON, bearer tokens (``Bearer ...`` and any ``tcrm_...``), the
session and CSRF cookies' values, and the password in a URL (``postgresql://u:PASS@h``).

It is installed as the logging record factory, so it covers every logger (uvicorn's access
and error logs, Litestar's, the app's, the libraries') whatever handlers are configured.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[redacted]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?i)([?&;](?:key|token|password|secret|access_token|api_key|_csrf_token)=)[^&\s\"';]+"
        ),
        rf"\g<1>{REDACTED}",
    ),
    (re.compile(r"(?i)(\"(?:password|token|secret|key)\"\s*:\s*\")[^\"]*"), rf"\g<1>{REDACTED}"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\g<1>{REDACTED}"),
    (re.compile(r"tcrm_[A-Za-z0-9_-]+"), f"tcrm_{REDACTED}"),
    (re.compile(r"(?i)((?:tenantcrm_session|csrftoken)=)[^;\s\"']+"), rf"\g<1>{REDACTED}"),
    (re.compile(r"(://[^:/@\s]+:)[^@/\s]+@"), rf"\g<1>{REDACTED}@"),
)


def redact(text: str) -> str:
    """``text`` with every secret it holds replaced by ``[redacted]``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def scrub(record: logging.LogRecord) -> None:
    """Redact ``record`` in place: its message, each of its arguments (kept as arguments, as
    uvicorn's access log formats them itself), and its traceback."""
    if isinstance(record.msg, str) and not record.args:
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: logging reports it when it formats it
        return
    clean = redact(message)
    if clean != message:  # a secret made of message and argument together
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))


_installed = False


def install() -> None:
    """Scrub every log record from now on (once per process; later calls do nothing)."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        scrub(record)
        return record

    logging.setLogRecordFactory(scrubbed_record)
